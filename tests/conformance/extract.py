#!/usr/bin/env python3
"""Extract the rule SQL of eKuiper's SQL reference docs at a tag into a JSONL corpus.

Reads the eKuiper mirror through git (no checkout): every ```sql block of
docs/en_US/sqls/**/*.md at the tag whose text starts with SELECT is one case (up to a blank line
or a shown result; custom_functions.md left out: its functions come from plugins), with its source
`path:line@tag`. eKuiper documents these as working statements, so kuiperlint should find no
error in them (tests/conformance.rs). Then the `Sql:` of the rule tests in
internal/topo/topotest/*_test.go, rules eKuiper's own tests run.

Usage: tests/conformance/extract.py [REPO_GIT_DIR] [TAG] > tests/conformance/ekuiper-sql.jsonl
"""
import json
import re
import subprocess
import sys

REPO = sys.argv[1] if len(sys.argv) > 1 else "/work/.mirror/lf-edge+ekuiper/repo"
TAG = sys.argv[2] if len(sys.argv) > 2 else "v2.4.0"


def git(*args):
    return subprocess.run(["git", "-C", REPO, *args], check=True, capture_output=True,
                          text=True).stdout


TOPOTEST = re.compile(r'Sql:\s*(`[^`]*`|"(?:[^"\\]|\\.)*")')


def topotest_cases():
    """`Sql:` of the rule tests in internal/topo/topotest/*_test.go (rules eKuiper runs)."""
    paths = [p for p in git("ls-tree", "-r", "--name-only", TAG, "internal/topo/topotest/")
             .split("\n") if p.endswith("_test.go")]
    for path in sorted(paths):
        src = git("show", f"{TAG}:{path}")
        for m in TOPOTEST.finditer(src):
            lit = m.group(1)
            sql = lit[1:-1] if lit[0] == "`" else json.loads(lit)
            line = src.count("\n", 0, m.start()) + 1
            yield {"id": f"{path}:{line}@{TAG}", "sql": sql.strip()}


def main():
    paths = [p for p in git("ls-tree", "-r", "--name-only", TAG, "docs/en_US/sqls/").split("\n")
             if p.endswith(".md")]
    # Plugin functions (custom_functions.md) are unknown without their plugin.
    for path in sorted(p for p in paths if not p.endswith("custom_functions.md")):
        lines = git("show", f"{TAG}:{path}").split("\n")
        i = 0
        while i < len(lines):
            if lines[i].strip().lower() == "```sql":
                start = i + 1
                j = start
                while j < len(lines) and not lines[j].strip().startswith("```"):
                    j += 1
                # The statement ends at a blank line or where the block shows a result.
                body = []
                for line in lines[start:j]:
                    if not line.strip() or line.lstrip()[:1] in "{[\"":
                        break
                    body.append(line)
                text = "\n".join(body).strip()
                # One statement per block, a rule's SELECT (not a CREATE, not a fragment).
                if text.upper().startswith("SELECT") and ";" not in text.rstrip(";"):
                    sql = text.rstrip(";").strip()
                    print(json.dumps({"id": f"{path}:{start + 1}@{TAG}", "sql": sql},
                                     ensure_ascii=False))
                i = j
            i += 1
    for case in topotest_cases():
        print(json.dumps(case, ensure_ascii=False))


if __name__ == "__main__":
    main()
