#!/usr/bin/env python3
"""Lists functions, initializers and closures-bodied properties in Sources longer than a limit.

usage: long-functions.py [LIMIT] [PATH...]   (default 60 lines, Sources)
Exits 1 when one is found. Braces inside string literals and comments are skipped.
"""
import pathlib
import re
import sys

DECL = re.compile(r"^\s*(?:@\w+(?:\([^)]*\))?\s+)*(?:(?:public|package|internal|private|fileprivate|static|class|final|override|mutating|nonisolated|convenience|required|@inlinable|@discardableResult)\s+)*(func\s+[^\s(<]+|init[?!]?|deinit)\b")


def code_only(line, state):
    """The line without strings and comments; `state` carries a multi-line string across lines."""
    out = []
    i = 0
    while i < len(line):
        if state["multiline"]:
            end = line.find('"""', i)
            if end < 0:
                return "".join(out)
            state["multiline"] = False
            i = end + 3
            continue
        if line.startswith("//", i):
            break
        if line.startswith('"""', i):
            state["multiline"] = True
            i += 3
            continue
        if line[i] == '"':
            j = i + 1
            while j < len(line) and line[j] != '"':
                j += 2 if line[j] == "\\" else 1
            i = j + 1
            continue
        out.append(line[i])
        i += 1
    return "".join(out)


def scan(path, limit):
    lines = path.read_text().split("\n")
    state = {"multiline": False}
    code = [code_only(line, state) for line in lines]
    found = []
    for start, line in enumerate(lines):
        match = DECL.match(code[start])
        if not match:
            continue
        depth = 0
        opened = False
        for end in range(start, len(lines)):
            for char in code[end]:
                if char == "{":
                    depth += 1
                    opened = True
                elif char == "}":
                    depth -= 1
            if opened and depth <= 0:
                length = end - start + 1
                if length > limit:
                    found.append((length, f"{path}:{start + 1}: {match.group(1)} is {length} lines"))
                break
            if not opened and end > start + 8:
                break
    return found


def main():
    args = sys.argv[1:]
    limit = int(args.pop(0)) if args and args[0].isdigit() else 60
    roots = [pathlib.Path(a) for a in args] or [pathlib.Path("Sources")]
    found = []
    for root in roots:
        for path in sorted(root.rglob("*.swift")) if root.is_dir() else [root]:
            found += scan(path, limit)
    for _, text in sorted(found, reverse=True):
        print(text)
    sys.exit(1 if found else 0)


if __name__ == "__main__":
    main()
