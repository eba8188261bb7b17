#!/usr/bin/env python3
"""tests/data/hardening.json names, for each hardening case, the tests that
hold it; RELIABILITY.md shows that table. This keeps it true: every named test
must be registered in this build (`ctest -N`), except those of parts the build
may leave out (Java, Jenkins, Python, GitLab adapters), which must then be
registered as skipped placeholders or not at all."""
import json
import os
import re
import subprocess
import sys

OPTIONAL = ("java", "jenkins", "python.", "gitlab.")


def main(build_dir):
    here = os.path.dirname(os.path.abspath(__file__))
    doc = json.load(open(os.path.join(here, "..", "data", "hardening.json"), encoding="utf-8"))
    listed = subprocess.run(["ctest", "-N"], cwd=build_dir, capture_output=True, text=True, check=True).stdout
    registered = set(re.findall(r"Test\s+#\d+: (\S+)", listed))
    problems = []
    for case in doc["cases"]:
        if not case["tests"]:
            problems.append("no test holds: " + case["case"])
        for named in case["tests"]:
            test = named.split(" ")[0]
            if test not in registered and not test.startswith(OPTIONAL):
                problems.append("%s (for: %s) is not a registered test" % (test, case["case"]))
    for p in problems:
        print("FAIL " + p)
    print("%d cases, %d problems" % (len(doc["cases"]), len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
