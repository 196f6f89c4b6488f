#!/usr/bin/env python3
"""The code-shape measures of issue 13, from Universal Ctags (Debian's universal-ctags):
functions over 80 lines (data tables and parsers aside) and files over 600 lines, under src/.
Usage: scripts/shape-measures.py [--list] [paths...]   (exit 0; prints the counts)."""
import json
import subprocess
import sys
from pathlib import Path

MAX_FUNCTION, MAX_FILE = 80, 600
# Data tables (referential lists written as code) and file-format parsers are exempt: their
# length is their content. Named here so the exemption is visible and reviewed.
EXEMPT = {
    ("src/pathways/referentials.cc", "action_catalogue"),
    ("src/beneficiaries/referentials.cc", "situations"),
    ("src/demo/catalogue.cc", "needs"),
    ("src/referentials/csv.cc", "next"),
    ("src/ui/template.cc", "Template"),
}

def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    listing = "--list" in sys.argv
    roots = args or ["src"]
    out = subprocess.run(["ctags", "--c++-kinds=f", "--fields=+ne", "--output-format=json",
                          "-o", "-", "-R", *roots], capture_output=True, text=True, check=True)
    long_functions = []
    for line in out.stdout.splitlines():
        tag = json.loads(line)
        if tag.get("kind") != "function" or "end" not in tag:
            continue
        n = tag["end"] - tag["line"] + 1
        if n > MAX_FUNCTION and (tag["path"], tag["name"]) not in EXEMPT:
            long_functions.append((n, tag["path"], tag["line"], tag["name"]))
    long_files = []
    for root in roots:
        for p in sorted(Path(root).rglob("*")):
            if p.suffix in (".cc", ".h") and p.is_file():
                n = sum(1 for _ in p.open(encoding="utf-8", errors="replace"))
                if n > MAX_FILE:
                    long_files.append((n, str(p)))
    print(f"functions over {MAX_FUNCTION} lines: {len(long_functions)}")
    print(f"files over {MAX_FILE} lines: {len(long_files)}")
    if listing:
        for n, path, line, name in sorted(long_functions, reverse=True):
            print(f"  {n:4d} {path}:{line} {name}")
        for n, path in sorted(long_files, reverse=True):
            print(f"  {n:4d} {path}")

if __name__ == "__main__":
    main()
