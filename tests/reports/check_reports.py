#!/usr/bin/env python3
"""Validates the reports write_samples wrote (tests/reports/CMakeLists.txt).

    check_reports.py [--schema] DIR

Without --schema (Python standard library only): every report is strict
UTF-8; the JSON ones parse; the JUnit one parses with expat (an XML 1.0
parser that refuses forbidden characters and broken markup) and its counts
add up; the SARIF one meets GitHub's rules (rule ids unique and stable, every
ruleIndex pointing at its rule, a relative file location with startLine,
partialFingerprints, security-severity a number 0-10); no report but the
"uncleaned" ones holds the test secret, raw or percent-encoded.

With --schema (the pinned jsonschema of tests/reports/.venv): the gitlab
reports against GitLab's container-scanning schema 15.0.7 (vendored in
schemas/, source in schemas/README.md), the sarif ones against
schemas/sarif-2.1.0-github.schema.json, the json ones against
schemas/libtcss-scan-report-1.schema.json.
"""
import json
import os
import sys
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
SECRET = "libtcss-report-secret-0001"
SCENARIOS = ["hostile", "uncleaned", "unfinished", "empty", "many"]
SCHEMAS = {
    "gitlab": "container-scanning-report-format-15.0.7.json",
    "sarif": "sarif-2.1.0-github.schema.json",
    "json": "libtcss-scan-report-1.schema.json",
}
failures = []


def fail(where, why):
    failures.append("%s: %s" % (where, why))


def read(path):
    with open(path, "rb") as f:
        data = f.read()
    try:
        return data.decode("utf-8", errors="strict")
    except UnicodeDecodeError as e:
        fail(path, "not UTF-8: %s" % e)
        return data.decode("utf-8", errors="replace")


def check_secret(path, text):
    if os.path.basename(path).startswith("uncleaned."):
        return  # no cleaning on purpose: this one shows the writers keep the syntax valid
    for form in (SECRET, SECRET.replace("-", "%2D"), "libtcss-report-secret"):
        if form in text:
            fail(path, "holds the test secret (%s)" % form)


def check_sarif(path, doc):
    run = doc["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    if len(ids) != len(set(ids)):
        fail(path, "rule ids are not unique")
    for r in rules:
        sev = r["properties"].get("security-severity")
        if sev is not None and not 0.0 <= float(sev) <= 10.0:
            fail(path, "security-severity %r out of 0-10" % sev)
    for i, res in enumerate(run["results"]):
        if ids[res["ruleIndex"]] != res["ruleId"]:
            fail(path, "result %d: ruleIndex does not point at rule %s" % (i, res["ruleId"]))
        loc = res["locations"][0]["physicalLocation"]
        if "://" in loc["artifactLocation"]["uri"] or loc["region"]["startLine"] < 1:
            fail(path, "result %d: not a repository file with a startLine" % i)
        if not res.get("partialFingerprints"):
            fail(path, "result %d: no partialFingerprints" % i)


def check_junit(path, text):
    try:
        root = ET.fromstring(text.encode("utf-8"))
    except ET.ParseError as e:
        fail(path, "not well-formed XML: %s" % e)
        return
    suite = root.find("testsuite")
    cases = suite.findall("testcase")
    n_fail = sum(1 for c in cases if c.find("failure") is not None)
    n_err = sum(1 for c in cases if c.find("error") is not None)
    n_skip = sum(1 for c in cases if c.find("skipped") is not None)
    for node in (root, suite):
        got = (node.get("tests"), node.get("failures"), node.get("errors"), node.get("skipped"))
        want = tuple(str(v) for v in (len(cases), n_fail, n_err, n_skip))
        if got != want:
            fail(path, "%s counts %s, test cases give %s" % (node.tag, got, want))
    names = [c.get("name") for c in cases]
    if names[:2] != ["scan completed", "gate"]:
        fail(path, "the first two test cases are not 'scan completed' and 'gate'")


def check_well_formed(directory):
    for scenario in SCENARIOS:
        for fmt in ("gitlab", "sarif", "junit", "json"):
            path = os.path.join(directory, "%s.%s" % (scenario, fmt))
            text = read(path)
            check_secret(path, text)
            if fmt == "junit":
                check_junit(path, text)
                continue
            try:
                doc = json.loads(text)
            except ValueError as e:
                fail(path, "not JSON: %s" % e)
                continue
            if fmt == "sarif":
                check_sarif(path, doc)


def check_schemas(directory):
    try:
        import jsonschema
    except ImportError:
        print("skipped: jsonschema is not installed; run scripts/deps/reports.sh (tests/reports/.venv)")
        sys.exit(77)
    for fmt, name in SCHEMAS.items():
        with open(os.path.join(HERE, "schemas", name)) as f:
            schema = json.load(f)
        jsonschema.Draft7Validator.check_schema(schema)
        validator = jsonschema.Draft7Validator(schema)
        for scenario in SCENARIOS:
            path = os.path.join(directory, "%s.%s" % (scenario, fmt))
            with open(path, encoding="utf-8") as f:
                doc = json.load(f)
            for err in sorted(validator.iter_errors(doc), key=str)[:5]:
                fail(path, "%s at %s" % (err.message[:200], "/".join(str(p) for p in err.absolute_path)))
    from importlib.metadata import version
    print("validated with jsonschema %s" % version("jsonschema"))


def main(argv):
    schema = "--schema" in argv
    dirs = [a for a in argv if a != "--schema"]
    if len(dirs) != 1:
        print(__doc__)
        return 2
    if schema:
        check_schemas(dirs[0])
    else:
        check_well_formed(dirs[0])
    for f in failures:
        print("FAIL " + f)
    checked = len(SCENARIOS) * (len(SCHEMAS) if schema else 4)
    print("%d passed, %d failed" % (checked - len({f.split(":")[0] for f in failures}), len({f.split(":")[0] for f in failures})))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
