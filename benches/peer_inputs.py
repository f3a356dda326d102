"""Extracts from one data bundle what the peers of benches/compare.sh work on: the same SQL and
the same configs that `kuiperlint check` reads from the bundle, against the same schemas.

- statements.sql: every stream, table and rule SQL statement, `;`-separated (for sqlglot and
  `kuiperlint check FILE.sql`);
- configs/<schema>/<n>.json: every document kuiperlint validates against a schema -- each decoded
  rule (rule.2.x) and each confKey of sourceConfig/sinkConfig/connectionConfig (its type's schema)
  -- one file per document, decoded, as check-jsonschema reads them;
- schemas/<schema>.json: that schema with every schema of schemas/ inlined under `$defs` and each
  `urn:kuiperlint:...` reference rewritten to a local pointer, so the peer resolves them offline,
  with no registry, to the same subschemas kuiperlint uses.

Usage: peer_inputs.py BUNDLE SCHEMA_DIR OUT_DIR. Prints one line per schema: name and file count.
"""
import json
import os
import sys

bundle_path, schema_dir, out = sys.argv[1:4]
bundle = json.load(open(bundle_path, encoding="utf-8"))

# Every schema kuiperlint embeds (build.rs: all of schemas/ but tests/ and generator/).
schemas = {}
for root, dirs, files in os.walk(schema_dir):
    dirs[:] = sorted(d for d in dirs if d not in ("tests", "generator"))
    for f in sorted(files):
        if f.endswith(".json"):
            name = os.path.relpath(os.path.join(root, f), schema_dir)[: -len(".json")]
            schemas[name] = json.load(open(os.path.join(root, f), encoding="utf-8"))


def schema_for(kind, ty):
    """The resolution rule of schemas/README.md for the 2.x line (kuiperlint's default target)."""
    for name in (f"{kind}/{ty}.2.x", f"{kind}/{ty}"):
        if name in schemas:
            return name
    return None


docs = {}  # schema name -> decoded documents
statements = list(bundle.get("streams", {}).values()) + list(bundle.get("tables", {}).values())
for text in bundle.get("rules", {}).values():
    rule = json.loads(text)
    statements.append(rule["sql"])
    docs.setdefault("rule.2.x", []).append(rule)
for section, kind in (("sourceConfig", "sources"), ("sinkConfig", "sinks"),
                      ("connectionConfig", "connections")):
    for ty, text in bundle.get(section, {}).items():
        name = schema_for(kind, ty)
        if name is None:
            continue
        for props in json.loads(text).values():
            if isinstance(props, dict):
                docs.setdefault(name, []).append(props)

with open(os.path.join(out, "statements.sql"), "w", encoding="utf-8") as f:
    f.write(";\n".join(statements) + ";\n")

os.makedirs(os.path.join(out, "schemas"), exist_ok=True)


def key(name):
    return name.replace("/", "__")


def localise(node, own):
    """`node` with every reference turned into a pointer into the bundled document: `urn:...X#/p`
    and `#/p` of schema `own` become `#/$defs/X/p` (the root schema's own become `#/p`)."""
    if isinstance(node, list):
        return [localise(n, own) for n in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for k, v in node.items():
        if k == "$ref" and isinstance(v, str):
            target, _, fragment = v.partition("#")
            target = target[len("urn:kuiperlint:"):] if target else own
            prefix = "" if target == root_name else "/$defs/" + key(target)
            out[k] = "#" + prefix + fragment
        elif k in ("$id", "$schema") and own != root_name:
            continue
        else:
            out[k] = localise(v, own)
    return out


for name, items in sorted(docs.items()):
    flat = name.replace("/", "-")
    root_name = name
    # Every schema inlined under `$defs` and every `$ref` rewritten to a local pointer: one
    # self-contained document, which the peer resolves with plain pointer lookups.
    root = localise(schemas[name], name)
    root["$defs"] = dict(root.get("$defs", {}))
    for other, doc in schemas.items():
        if other != name:
            root["$defs"][key(other)] = localise(doc, other)
    with open(os.path.join(out, "schemas", flat + ".json"), "w", encoding="utf-8") as f:
        json.dump(root, f)
    d = os.path.join(out, "configs", flat)
    os.makedirs(d, exist_ok=True)
    for i, doc in enumerate(items):
        with open(os.path.join(d, f"{i}.json"), "w", encoding="utf-8") as f:
            json.dump(doc, f)
    print(flat, len(items))
