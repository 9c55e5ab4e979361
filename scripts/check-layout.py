#!/usr/bin/env python3
"""Checks the module layout the README describes: which Atrium module may depend on which (and
so which links which C library), and that AtriumCore does no I/O and reads no clock. Run by
`make test` before the suite; prints `layout: ok` or each violation, and exits 1 on any.

usage: scripts/check-layout.py [--describe FILE]   (FILE: saved `swift package describe --type json`)
"""
import json, pathlib, re, subprocess, sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
# Each module: the Atrium targets and C libraries it may depend on directly.
ALLOWED = {
    "AtriumCore": set(),
    "AtriumYAML": {"AtriumCore", "CLibYAML"},
    "AtriumGit": {"AtriumCore", "AtriumYAML", "CLibGit2"},
    "AtriumOnboarding": {"AtriumCore", "CLibQREncode"},
    "AtriumClient": {"AtriumCore"},
    "AtriumReconcile": {"AtriumCore", "AtriumYAML", "AtriumGit", "AtriumClient"},
    "AtriumServer": {"AtriumCore", "AtriumYAML"},
    "AtriumController": {"AtriumCore", "AtriumGit", "AtriumClient", "AtriumReconcile"},
    "AtriumCoreTests": {"AtriumCore"},
}
C_LIBRARIES = {"CLibYAML", "CLibGit2", "CLibQREncode"}
# AtriumCore reads no clock and does no I/O: none of these may appear in its sources.
FORBIDDEN_IN_CORE = [
    r"\bDate\(\)", r"\bDate\.now\b", r"ContinuousClock", r"SuspendingClock", r"\bFileManager\b", r"\bFileHandle\b",
    r"\bProcessInfo\b", r"\bURLSession\b", r"\bProcess\(\)", r"\bfopen\(", r"\bDispatchQueue\b", r"\bprint\(",
    r"^\s*(internal |public |@_implementationOnly )?import (CLib\w+|AtriumYAML|AtriumGit|AtriumOnboarding|AtriumClient|AtriumServer)\b",
]


def describe():
    if len(sys.argv) == 3 and sys.argv[1] == "--describe":
        return json.loads(pathlib.Path(sys.argv[2]).read_text())
    out = subprocess.run(["swift", "package", "describe", "--type", "json"], cwd=ROOT, capture_output=True, text=True, check=True, timeout=300)
    return json.loads(out.stdout)


def main():
    targets = {t["name"]: set(t.get("target_dependencies", [])) for t in describe()["targets"]}
    problems = []
    for name, allowed in ALLOWED.items():
        extra = targets.get(name, set()) - allowed
        if name not in targets:
            problems.append(f"{name}: no such target")
        elif extra:
            problems.append(f"{name} depends on {', '.join(sorted(extra))}; it may depend on {', '.join(sorted(allowed)) or 'nothing'}")

    def closure(name, seen):
        for dep in targets.get(name, ()):
            if dep not in seen:
                seen.add(dep)
                closure(dep, seen)
        return seen

    linked = closure("AtriumCoreTests", set()) & C_LIBRARIES
    if linked:
        problems.append(f"AtriumCoreTests would link {', '.join(sorted(linked))}")
    for path in sorted((ROOT / "Sources/AtriumCore").rglob("*.swift")):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            code = line.split("//")[0]
            for pattern in FORBIDDEN_IN_CORE:
                if re.search(pattern, code):
                    problems.append(f"{path.relative_to(ROOT)}:{number}: AtriumCore does no I/O and reads no clock: `{line.strip()}`")
    for problem in problems:
        print(f"layout: {problem}", file=sys.stderr)
    print("layout: ok" if not problems else f"layout: {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
