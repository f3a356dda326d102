"""Parse every statement of a `;`-separated SQL file with sqlglot (the peer in benches/compare_sql.sh).

Statements sqlglot rejects are counted, not fatal: the parse work is what is measured.
"""
import sys
import time

import sqlglot

text = open(sys.argv[1], encoding="utf-8").read()
statements = [s.strip() for s in text.split(";\n") if s.strip()]
start = time.perf_counter()
failed = 0
for s in statements:
    try:
        sqlglot.parse_one(s)
    except Exception:  # noqa: BLE001 - any parse error counts the same
        failed += 1
elapsed = time.perf_counter() - start
print(f"sqlglot {sqlglot.__version__}: {len(statements)} statements in {elapsed:.3f} s "
      f"({elapsed / len(statements) * 1e3:.3f} ms each, {failed} rejected)", file=sys.stderr)
