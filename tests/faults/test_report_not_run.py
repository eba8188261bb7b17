"""scripts/reliability-report never claims a clean result for a run that did
not happen (CTest: reliability.report_not_run, label unit).

Builds a results folder by hand: one fault case through the C API only (no
CLI record), the hostile table without its CLI half, secrets, and the load
results without the memcheck run's record; then the same with every record.
The first render must say "not run" where a run is missing and never "no
error"; the second must say what the records say.
"""
import json
import os
import subprocess
import sys
import tempfile

REPORT = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                      "scripts", "reliability-report")


def put(root, rel, obj):
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f)


def render(root):
    p = subprocess.run([sys.executable, REPORT, "render", root, "--faults", "x"],
                       capture_output=True, text=True, check=True)
    return p.stdout, p.stderr


def section(text, heading):
    start = text.index(heading)
    end = text.find("\n## ", start + 1)
    return text[start:end if end >= 0 else len(text)]


def main():
    failures = []

    def expect(cond, what):
        if not cond:
            failures.append(what)

    with tempfile.TemporaryDirectory() as root:
        put(root, "faults/x.json", {"name": "x", "fault": "f", "class": "ok", "attempts": 1, "max_attempts": 3,
                                    "registries": 1, "already_existed": False, "time_bound": False,
                                    "timeout_ms": 1000})
        put(root, "hostile/table.json", {"total": 1, "rejected": 1, "accepted": 0, "cases": [
            {"field": "Name", "input": "empty string", "value": "", "c_api": "invalid_argument"}]})
        for name in ("c_api", "cli", "wipe", "wipe_profile_file"):
            put(root, "secrets/%s.json" % name, {"paths": []})
        for name in ("echo_c_api", "echo_cli"):
            put(root, "secrets/%s.json" % name, {"echo_in": ["error"]})
        put(root, "load/limiter.json", {"threads": 2, "calls_per_thread": 2, "registries": 2})
        put(root, "load/tsan.json", {"registries": 2})
        put(root, "load/sequential.json", {"calls": 10, "rss_bound_kib": 1, "within_bound": True})

        text, err = render(root)
        faults, hostile, load = section(text, "## Faults"), section(text, "## Hostile"), section(text, "## Load")
        expect("no error" not in faults and "memcheck: not run" in faults,
               "faults.valgrind did not run, yet the Faults section does not say 'not run'")
        expect("| `x` | f | ok | not run |" in faults, "the CLI exit of a case without faults.cli is not 'not run'")
        expect("`hostile.cli`) was not run" in hostile and hostile.rstrip().endswith("| not run |"),
               "the hostile table's CLI column is not 'not run' without hostile.cli")
        expect("`load.memcheck_200`" in load and "no error" not in load and "| not run |" in load,
               "load.memcheck_200 did not run, yet the Load section does not say 'not run'")
        expect("`load.fleet_fixed`" in load and "`load.fleet_sliding`" in load
               and load.count("window | not run |") == 2,
               "the fleet tests did not run, yet the Load section does not say 'not run' for them")
        expect("faults-cli/x" in err and "hostile-cli/table" in err, "missing CLI results are not reported")

        put(root, "faults-cli/x.json", {"name": "x", "exit": 0})
        put(root, "hostile-cli/table.json", {"total": 1, "cli_runs": 1, "cases": [
            {"field": "Name", "input": "empty string", "cli": "exit 2"}]})
        put(root, "tools/faults.valgrind.json", {"name": "faults.valgrind", "tool": "memcheck", "exit": 0})
        put(root, "tools/load.memcheck_200.json", {"name": "load.memcheck_200", "tool": "memcheck", "exit": 99})
        text, err = render(root)
        faults, hostile, load = section(text, "## Faults"), section(text, "## Hostile"), section(text, "## Load")
        expect("memcheck: no error, no definite or indirect leak" in faults, "a clean memcheck run is not reported")
        expect("| `x` | f | ok | 0 ok |" in faults, "the CLI exit is not taken from faults-cli")
        expect(hostile.rstrip().endswith("| exit 2 |") and "1 of them also went through the CLI" in hostile,
               "the hostile CLI column is not taken from hostile-cli")
        expect("**FAILED** (exit 99)" in load, "a failed memcheck run is not reported as failed")
        fleet = {"rate_window": "fixed", "processes": 100, "rate_limit": 20, "floor_ms": 5000, "bound_ms": 10000,
                 "wall_ms": 12345, "succeeded": 61, "registries": 61, "duplicate_names": 0, "passed": False}
        put(root, "load/fleet_fixed.json", fleet)
        put(root, "load/fleet_sliding.json", dict(fleet, rate_window="sliding", succeeded=100, registries=100,
                                                  wall_ms=6000, passed=True))
        load = section(render(root)[0], "## Load")
        expect("**FAILED**: 61 of 100 succeeded in 12.35 s" in load, "a failed fleet run is not reported as failed")
        expect("all 100 succeeded within 10 s (twice the 5 s floor)" in load and "6.00" not in load,
               "a passing fleet run is not reported, or its run-to-run wall time leaks into the render")
        expect(err == "", "complete results still reported missing: " + err)

    for f in failures:
        print("FAIL " + f)
    print("report_not_run: %d checks failed" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
