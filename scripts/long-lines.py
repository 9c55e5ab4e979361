#!/usr/bin/env python3
"""Fails when a Swift line is longer than LIMIT columns, outside data: the lines of multi-line
string literals and raw strings (test fixtures in other languages: JSON, Python, regexes) are
left alone, as swift-format leaves them.

usage: long-lines.py LIMIT FOLDER...
"""
import pathlib
import sys

limit = int(sys.argv[1])
found = 0
for folder in sys.argv[2:]:
    for path in sorted(pathlib.Path(folder).rglob("*.swift")):
        inside = False
        for number, line in enumerate(path.read_text().split("\n"), 1):
            delimiters = line.count('"""')
            data = inside or delimiters > 0 or '#"' in line
            if len(line) > limit and not data:
                print(f"{path}:{number}: {len(line)} columns (at most {limit})")
                found += 1
            if delimiters % 2 == 1:
                inside = not inside
sys.exit(1 if found else 0)
