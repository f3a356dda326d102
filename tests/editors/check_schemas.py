"""Loads every schema `kuiperlint schema NAME` prints with python-jsonschema, as an editor
or another validator would: no registry, no access to `urn:kuiperlint:` ids. Each must be a
valid 2020-12 schema with every reference resolved inside it, and the rule schemas must flag
an unknown key and a wrong value. Run by .ci/run: `python3 tests/editors/check_schemas.py BIN`.
"""
import json
import subprocess
import sys

import jsonschema
from jsonschema import Draft202012Validator

BIN = sys.argv[1] if len(sys.argv) > 1 else "target/debug/kuiperlint"


def schema(name):
    out = subprocess.run([BIN, "schema", name], check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def errors(validator, instance):
    return sorted(e.message for e in validator.iter_errors(instance))


def local_refs(node, root, name):
    """Every `$ref` is a pointer into the document itself, and it resolves there."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            assert ref.startswith("#"), f"{name}: reference out of the document: {ref}"
            target = root
            for token in filter(None, ref[1:].split("/")):
                token = token.replace("~1", "/").replace("~0", "~")
                target = target[int(token)] if isinstance(target, list) else target[token]
        for v in node.values():
            local_refs(v, root, name)
    elif isinstance(node, list):
        for v in node:
            local_refs(v, root, name)


names = subprocess.run([BIN, "schema", "--list"], check=True, capture_output=True, text=True).stdout.split()
assert len(names) > 40, names
for name in names:
    s = schema(name)
    Draft202012Validator.check_schema(s)
    local_refs(s, s, name)
    v = Draft202012Validator(s)
    # Validating an empty object walks the references the root needs; a reference that does
    # not resolve raises here.
    try:
        list(v.iter_errors({}))
    except jsonschema.exceptions._WrappedReferencingError as e:  # noqa: SLF001
        raise SystemExit(f"{name}: unresolvable reference: {e}")

for line in ("1.x", "2.x"):
    v = Draft202012Validator(schema(f"rule.{line}"))
    good = {"id": "r1", "sql": "SELECT * FROM demo", "actions": [{"mqtt": {"server": "tcp://b:1883", "topic": "t"}}]}
    assert errors(v, good) == [], errors(v, good)
    unknown = dict(good, optoins={})
    assert any("optoins" in m for m in errors(v, unknown)), errors(v, unknown)
    wrong = dict(good, options={"bufferLength": "1024"})
    assert errors(v, wrong), "a string bufferLength passes"

print(f"python-jsonschema {jsonschema.__version__ if hasattr(jsonschema, '__version__') else ''}: "
      f"{len(names)} schemas load and resolve; rule.1.x and rule.2.x flag an unknown key and a wrong value")
