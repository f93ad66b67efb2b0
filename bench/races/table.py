"""Prints the race benchmark's table from RESULT lines: tool, kernel, version, run, detected, ms, note."""
import statistics
import sys

results, tools, kernels = sys.argv[1], sys.argv[2].split(","), sys.argv[3].split(",")
rows = {}
for line in open(results, encoding="utf-8"):
    parts = line.rstrip("\n").split("\t")
    if len(parts) < 7 or parts[0] != "RESULT":
        continue
    _, tool, kernel, version, _run, detected, millis = parts[:7]
    rows.setdefault((tool, kernel, version), []).append((detected == "1", int(millis)))

present = [t for t in tools if any(key[0] == t for key in rows)]
print("| kernel | " + " | ".join(present) + " |")
print("|---|" + "---|" * len(present))
for kernel in kernels:
    cells = []
    for tool in present:
        buggy = rows.get((tool, kernel, "buggy"), [])
        fixed = rows.get((tool, kernel, "fixed"), [])
        if not buggy:
            cells.append("n/a")
            continue
        found = [ms for hit, ms in buggy if hit]
        rate = 100.0 * len(found) / len(buggy)
        median = "%d ms" % statistics.median(found) if found else "-"
        alarms = sum(1 for hit, _ in fixed if hit)
        cell = "%.0f %% (%d/%d), %s" % (rate, len(found), len(buggy), median)
        if fixed:
            cell += ", %d/%d false" % (alarms, len(fixed))
        cells.append(cell)
    print("| " + kernel + " | " + " | ".join(cells) + " |")
print()
print("Each cell: runs that found the bug in the buggy version (of all runs), the median time of such a run, "
      "and runs that reported a failure on the fixed version (false alarms).")
