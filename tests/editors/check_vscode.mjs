// Loads the rule schemas `kuiperlint schema NAME` prints into VS Code's JSON language service
// (vscode-json-languageservice, the code behind VS Code's JSON editing), with no way to fetch
// anything, and validates a rule document: it must flag an unknown key and a wrong value, and
// must not say "Unable to load schema". Run by .ci/run: `node tests/editors/check_vscode.mjs BIN`.
import { execFileSync } from "node:child_process";
import { getLanguageService } from "vscode-json-languageservice";
import { TextDocument } from "vscode-languageserver-textdocument";

const bin = process.argv[2] ?? "target/debug/kuiperlint";
const schemaOf = (name) => JSON.parse(execFileSync(bin, ["schema", name], { encoding: "utf8" }));

let failed = false;
// Every schema loads: nothing to fetch, every reference resolves.
const names = execFileSync(bin, ["schema", "--list"], { encoding: "utf8" }).split(/\s+/).filter(Boolean);
for (const name of names) {
  const service = getLanguageService({
    schemaRequestService: (uri) => Promise.reject(`no network: ${uri}`),
  });
  const uri = `file:///${name.replaceAll("/", "_")}.json`;
  service.configure({ validate: true, schemas: [{ uri: `kuiperlint://${name}`, fileMatch: [uri], schema: schemaOf(name) }] });
  const doc = TextDocument.create(uri, "json", 1, "{}");
  const messages = (await service.doValidation(doc, service.parseJSONDocument(doc))).map((d) => d.message);
  const unloaded = messages.filter((m) => /can not be resolved|unable to load/i.test(m));
  if (unloaded.length) {
    failed = true;
    console.error(`${name}: ${JSON.stringify(unloaded)}`);
  }
}
for (const line of ["1.x", "2.x"]) {
  const service = getLanguageService({
    schemaRequestService: (uri) => Promise.reject(`no network: ${uri}`),
  });
  const uri = `file:///rule.${line}.json`;
  service.configure({
    validate: true,
    schemas: [{ uri: `kuiperlint://rule.${line}`, fileMatch: [uri], schema: schemaOf(`rule.${line}`) }],
  });
  const text = JSON.stringify(
    {
      id: "r1",
      sql: "SELECT * FROM demo",
      actions: [{ log: {} }],
      optoins: {},
      options: { bufferLength: "1024" },
    },
    null,
    2,
  );
  const doc = TextDocument.create(uri, "json", 1, text);
  const diagnostics = await service.doValidation(doc, service.parseJSONDocument(doc));
  const messages = diagnostics.map((d) => d.message);
  const unableToLoad = messages.filter((m) => /can not be resolved|unable to load/i.test(m));
  const unknown = diagnostics.some((d) => doc.getText(d.range).includes("optoins"));
  const wrong = diagnostics.some((d) => doc.getText(d.range).includes('"1024"'));
  if (unableToLoad.length || !unknown || !wrong) {
    failed = true;
    console.error(`rule.${line}: ${JSON.stringify(messages)}`);
  }
}
if (failed) process.exit(1);
console.log(`vscode-json-languageservice: ${names.length} schemas load; rule.1.x and rule.2.x flag an unknown key and a wrong value`);
