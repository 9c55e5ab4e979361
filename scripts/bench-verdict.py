#!/usr/bin/env python3
"""One benchmark figure beside its target.

    bench-verdict.py FIGURE MEASURED OP TARGET UNIT

prints `  FIGURE: MEASURED UNIT (target OP TARGET UNIT: met|NOT met)` and appends the row to
$BENCH_SUMMARY (default .build/bench/summary.tsv), which scripts/bench-summary.py prints as one
table at the end of `make bench`. OP is one of < <= >= > ==; MEASURED may be empty (the run
failed to produce it), which reads `not measured`. A verdict never fails the run: speed is
reported here, never asserted.
"""
import os
import sys

OPS = {
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
    "==": lambda a, b: a == b,
}


def number(text):
    try:
        return float(text)
    except ValueError:
        return text


def main(argv):
    if len(argv) != 6 or argv[3] not in OPS:
        sys.exit("usage: bench-verdict.py FIGURE MEASURED OP TARGET UNIT (OP: < <= > >= ==)")
    figure, measured, op, target, unit = argv[1:]
    if measured.strip() == "":
        verdict, shown = "not measured", "(none)"
    else:
        left, right = number(measured), number(target)
        comparable = type(left) is type(right)
        verdict = "met" if comparable and OPS[op](left, right) else "NOT met"
        shown = f"{measured} {unit}".strip()
    wanted = f"{op} {target} {unit}".strip()
    print(f"  {figure}: {shown} (target {wanted}: {verdict})")
    path = os.environ.get("BENCH_SUMMARY", ".build/bench/summary.tsv")
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "a") as summary:
        summary.write("\t".join([figure, shown, wanted, verdict]) + "\n")


if __name__ == "__main__":
    main(sys.argv)
