#!/usr/bin/env python3
"""Seeds the fuzz corpora from the repository's fixtures (run from anywhere; idempotent).

corpus/load, corpus/check, corpus/migrate: every fixture file as it is (bundles, .sql files,
broken ones included). corpus/sql_select, corpus/sql_create: every .sql fixture, each of its
`;`-separated statements, and the SQL found in the bundles (rule `sql`, stream and table entries),
decoded from its JSON strings. Files are named by content hash, as libFuzzer names its own.
"""

import hashlib
import json
import pathlib

FUZZ = pathlib.Path(__file__).resolve().parent
FIXTURES = FUZZ.parent / "fixtures"


def put(target, data):
    if isinstance(data, str):
        data = data.encode()
    d = FUZZ / "corpus" / target
    d.mkdir(parents=True, exist_ok=True)
    (d / hashlib.sha1(data).hexdigest()).write_bytes(data)


def sql_of_bundle(text):
    """(kind, sql) for each statement of a bundle that is valid JSON; nothing otherwise."""
    try:
        bundle = json.loads(text)
    except ValueError:
        return
    if not isinstance(bundle, dict):
        return
    for section, kind in (("streams", "create"), ("tables", "create"), ("rules", "select")):
        for value in (bundle.get(section) or {}).values():
            if not isinstance(value, str):
                continue
            if kind == "create":
                yield kind, value
                continue
            try:
                rule = json.loads(value)
            except ValueError:
                continue
            if isinstance(rule, dict) and isinstance(rule.get("sql"), str):
                yield kind, rule["sql"]


def main():
    files = sorted(p for p in FIXTURES.rglob("*") if p.suffix in (".json", ".sql"))
    for p in files:
        data = p.read_bytes()
        for target in ("load", "check", "migrate"):
            put(target, data)
        text = data.decode("utf-8", errors="replace")
        if p.suffix == ".sql":
            put("sql_select", text)
            put("sql_create", text)
            for stmt in text.split(";"):
                if stmt.strip():
                    kind = "create" if stmt.strip().upper().startswith("CREATE") else "select"
                    put("sql_" + kind, stmt.strip())
        else:
            for kind, sql in sql_of_bundle(text):
                put("sql_" + kind, sql)
    for d in sorted((FUZZ / "corpus").iterdir()):
        print(f"{d.name}: {sum(1 for _ in d.iterdir())} inputs")


main()
