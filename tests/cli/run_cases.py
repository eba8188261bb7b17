"""Runs the data-file cases of tests/data/ through the `tcss` command.

The same files drive the C API's runners (tests/faults/test_faults.c,
tests/hostile/test_hostile.c); this is their CLI half, as curl's tests/data
and zstd's cli-tests drive one tool from case files. The format of the files
is in tests/data/README.md.

  run_cases.py faults NAME...   tests/data/faults/NAME.json: arm the emulator's
                                fault, run `tcss add-registry`, check the exit
                                code, the JSON output's error class and attempts,
                                what the emulator received and stored, the time
                                bound (CTest: faults.cli.NAME)
  run_cases.py hostile          every line of tests/data/hostile/*.jsonl: exit 2
                                with nothing sent, or exit 0 with the value
                                arrived byte for byte (CTest: hostile.cli)
  run_cases.py list             the fault cases' names

Run under tests/harness/with-emulator (CONTRIBUTING.md, "Test harness") with
$TCSS_CLI set; results go to $TCSS_RELIABILITY_RESULTS/{faults-cli,hostile-cli}
for scripts/reliability-report. Exit 0 when every case behaved, 1 otherwise.
"""

import base64
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

DATA = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "data")

# The emulator is on loopback: never through a proxy a CI machine may set.
NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))

# A safety net so a hung binary fails the case instead of hanging CTest.
SAFETY_TIMEOUT = 300

# Values longer than this do not go through argv (the kernel caps one string).
ARGV_LIMIT = 100000


def env(name):
    value = os.environ.get(name)
    if not value:
        sys.exit("run_cases: %s is not set: run under tests/harness/with-emulator" % name)
    return value


def control(path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(env("TCSS_EMULATOR") + path, data=data,
                                 method="GET" if body is None else "POST")
    if data is not None:
        req.add_header("Content-Type", "application/json")
    with NO_PROXY.open(req, timeout=30) as resp:
        return json.loads(resp.read() or b"null")


def api_requests():
    got = control("/__emulator/requests")
    got = got.get("requests", []) if isinstance(got, dict) else got
    # TCSS calls only: the STS and metadata listeners are recorded too.
    return [r for r in got if r.get("listener", "api") == "api"]


def registries_named(name):
    return sum(1 for r in control("/__emulator/state").get("registries", []) if r.get("Name") == name)


def closed_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def record(suite, name, obj):
    results = os.environ.get("TCSS_RELIABILITY_RESULTS")
    if not results:
        return
    folder = os.path.join(results, suite)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name + ".json"), "w", encoding="utf-8") as f:
        f.write(json.dumps(obj, separators=(",", ":")) + "\n")


def run_cli(argv, extra_env):
    """Runs the CLI with argv (str or bytes items) and the environment changed
    by extra_env (bytes names and values); returns (exit, stdout, stderr)."""
    child_env = dict(os.environb)
    child_env.update(extra_env)
    p = subprocess.run([env("TCSS_CLI").encode()] + [a if isinstance(a, bytes) else a.encode() for a in argv],
                       env=child_env, stdin=subprocess.DEVNULL, capture_output=True,
                       timeout=SAFETY_TIMEOUT)
    return p.returncode if p.returncode >= 0 else 128 - p.returncode, p.stdout, p.stderr


# ---- faults ----------------------------------------------------------------

ENDPOINTS = {
    "plain": lambda: env("TCSS_ENDPOINT"),
    "tls_wrong_host": lambda: env("TCSS_TLS_WRONG_HOST_ENDPOINT"),
    "tls_untrusted_issuer": lambda: env("TCSS_TLS_UNTRUSTED_ENDPOINT"),
    "tls_expired": lambda: env("TCSS_TLS_EXPIRED_ENDPOINT"),
    "unresolvable_host": lambda: "https://tcss-fault-test.invalid",
    # A loopback endpoint never goes through a proxy, so not the emulator.
    "proxy_down": lambda: "https://tcss-fault-test.invalid",
}


def load_fault(name):
    path = os.path.join(DATA, "faults", name + ".json")
    try:
        with open(path, encoding="utf-8") as f:
            case = json.load(f)
    except OSError:
        sys.exit("run_cases: no fault case %s (%s)" % (name, path))
    for key in ("description", "emulator_fault", "endpoint", "call", "expect"):
        if key not in case:
            sys.exit("run_cases: %s: \"%s\" is missing" % (path, key))
    if case["endpoint"] not in ENDPOINTS:
        sys.exit("run_cases: %s: unknown endpoint %s" % (path, case["endpoint"]))
    return case


def run_fault(name):
    """Returns a list of what went wrong (empty: the case passed)."""
    case = load_fault(name)
    call, expect = case["call"], case["expect"]
    control("/__emulator/reset", {})
    if case["emulator_fault"] is not None:
        control("/__emulator/faults", case["emulator_fault"])
    registry = "fault-%s-cli" % name
    timeout_ms = call["timeout_ms"]
    argv = ["--endpoint", ENDPOINTS[case["endpoint"]](), "--ca-file", env("TCSS_TEST_CA"),
            "--timeout", "%d.%03d" % (timeout_ms // 1000, timeout_ms % 1000),
            "--max-attempts", str(call["max_attempts"]), "--output", "json", "add-registry",
            "--name", registry, "--url", env("TCSS_MOCK_REGISTRY"), "--registry-type", "harbor",
            "--username", env("TCSS_MOCK_REGISTRY_USER")]
    extra = {b"TCSS_REGISTRY_PASSWORD": env("TCSS_MOCK_REGISTRY_PASSWORD").encode()}
    if case["endpoint"] == "proxy_down":
        # The harness exempts loopback from proxies; make sure nothing does here.
        extra.update({b"https_proxy": b"http://127.0.0.1:%d" % closed_port(), b"no_proxy": b"", b"NO_PROXY": b""})
    t0 = time.monotonic()
    code, out, err = run_cli(argv, extra)
    elapsed_ms = int((time.monotonic() - t0) * 1000)
    problems = []

    def want(what, got, expected):
        if got != expected:
            problems.append("%s: expected %r, got %r" % (what, expected, got))

    want("exit code", code, expect["exit"])
    try:
        doc = json.loads(out)
    except ValueError:
        doc = None
        problems.append("stdout is not one JSON object")
    if isinstance(doc, dict) and expect["class"] != "ok":
        error = doc.get("Error") or {}
        want("Error.Class", error.get("Class"), expect["class"])
        if isinstance(expect["attempts"], dict):  # rate limits: retried until the deadline
            floor = expect["attempts"]["at_least"]
            if not isinstance(error.get("Attempts"), int) or error["Attempts"] < floor:
                problems.append("Error.Attempts: expected at least %d, got %r" % (floor, error.get("Attempts")))
        else:
            want("Error.Attempts", error.get("Attempts"), expect["attempts"])
    elif isinstance(doc, dict):
        want("AlreadyExisted", doc.get("AlreadyExisted"), expect["already_existed"])
    requests, stored = len(api_requests()), registries_named(registry)
    if expect["emulator_requests"] == "attempts":
        attempts = ((doc or {}).get("Error") or {}).get("Attempts") if isinstance(doc, dict) else None
        want("requests the emulator received", requests, attempts)
    else:
        want("requests the emulator received", requests, expect["emulator_requests"])
    want("registries stored under the name", stored, expect["registries"])
    if expect["within_timeout"] and not timeout_ms - 50 <= elapsed_ms <= timeout_ms + 1000:
        problems.append("took %d ms; the bound is the %d ms timeout + 1 s" % (elapsed_ms, timeout_ms))
    print("[%s] CLI: exit %d, emulator requests %d, registries %d, %d ms"
          % (name, code, requests, stored, elapsed_ms))
    if problems:
        print("CLI stdout: %s\nCLI stderr: %s" % (out.decode(errors="replace"), err.decode(errors="replace")))
    else:
        record("faults-cli", name, {"name": name, "exit": code, "class": expect["class"],
                                    "attempts": expect["attempts"]})
    return problems


# ---- hostile input ---------------------------------------------------------

# How the CLI carries each field: a flag, or a variable for secrets. Fields not
# listed have no CLI form (numbers the CLI does not expose, structure).
FLAGS = {"Name": "--name", "Username": "--username", "Url": "--url", "RegistryType": "--registry-type",
         "NetType": "--net-type", "RegistryVersion": "--registry-version",
         "RegistryRegion": "--registry-region", "WebhookUrl": "--webhook-url",
         "InstanceId": "--instance-id", "SpeedLimit": "--speed-limit"}
SECRET_VARS = {"Password": b"TCSS_REGISTRY_PASSWORD", "WebhookToken": b"TCSS_WEBHOOK_TOKEN"}
CONN_DETECT = {"ConnDetectConfig[0].Quuid": b"%s:", "ConnDetectConfig[0].Uuid": b":%s"}


def load_hostile():
    folder = os.path.join(DATA, "hostile")
    cases = []
    for fname in sorted(f for f in os.listdir(folder) if f.endswith(".jsonl")):
        with open(os.path.join(folder, fname), "rb") as f:
            for lineno, line in enumerate(f.read().split(b"\n"), 1):
                if not line.strip():
                    continue
                row = json.loads(line)
                row["where"] = "%s:%d" % (fname, lineno)
                row["bytes"] = case_bytes(row)
                cases.append(row)
    return cases


def case_bytes(row):
    """The value's bytes (None for a number case), as the C runner builds them."""
    if "value" in row:
        value = row["value"].encode("utf-8", "surrogatepass")
    elif "value_hex" in row:
        value = bytes.fromhex(row["value_hex"])
    else:
        return None
    if "pad_to" in row:
        value += row["pad"].encode() * (row["pad_to"] - len(value))
    return value


def cli_cannot_carry(row):
    """Why the CLI cannot carry this case, or None."""
    value, field = row["bytes"], row["field"]
    if value is not None and len(value) > ARGV_LIMIT:
        return "larger than one argv string may be"
    if value is None and field != "SpeedLimit":
        return "no CLI form"
    if field in SECRET_VARS and value == b"":
        return "an empty variable means unset"
    if field in CONN_DETECT and b":" in value:
        return "':' splits --conn-detect"
    if value is not None and field not in FLAGS and field not in SECRET_VARS and field not in CONN_DETECT:
        return "no CLI form"
    return None


def hostile_argv(row, idx):
    field, value = row["field"], row["bytes"]
    own = {"Name": "hostile-%d-cli" % idx, "Username": env("TCSS_MOCK_REGISTRY_USER"),
           "Url": env("TCSS_MOCK_REGISTRY"), "RegistryType": "harbor"}
    argv = ["--output", "json", "add-registry"]
    for key in ("Name", "Username", "Url", "RegistryType"):
        argv += [FLAGS[key], value if field == key else own[key]]
    if field in CONN_DETECT:
        argv += ["--conn-detect", CONN_DETECT[field] % value]
    elif field == "SpeedLimit":
        argv += ["--speed-limit", row["number"]]
    elif field in FLAGS and field not in own:
        argv += [FLAGS[field], value]
    extra = {}
    if field in SECRET_VARS:
        extra[SECRET_VARS[field]] = value
    if field != "Password":
        extra[b"TCSS_REGISTRY_PASSWORD"] = env("TCSS_MOCK_REGISTRY_PASSWORD").encode()
    return argv, extra


def received(body, field):
    if field in CONN_DETECT:
        items = body.get("ConnDetectConfig") or [{}]
        return items[0].get(field.rsplit(".", 1)[1])
    return body.get(field)


def check_arrived(row):
    """What is wrong with the request the emulator got, or None."""
    reqs = api_requests()
    if len(reqs) != 1:
        return "the emulator got %d requests, expected 1" % len(reqs)
    raw = base64.b64decode(reqs[-1]["body_b64"])
    passwords = []
    body = json.loads(raw, object_pairs_hook=lambda pairs: (
        passwords.extend(v for k, v in pairs if k == "Password"), dict(pairs))[1])
    if len(passwords) != 1:
        return "%d Password keys in the body" % len(passwords)
    if row["field"] != "Password" and passwords[0] != env("TCSS_MOCK_REGISTRY_PASSWORD"):
        return "the Password that arrived is not the one given"
    if row["bytes"] is not None:
        got = received(body, row["field"])
        if not isinstance(got, str) or got.encode("utf-8", "surrogatepass") != row["bytes"]:
            return "%s arrived as %r" % (row["field"], got)
    elif ('"%s":%s' % (row["field"], row["number"])).encode() not in raw:
        return '"%s":%s not in the body' % (row["field"], row["number"])
    return None


def run_hostile_case(row, idx):
    """Returns (result for the report, problem or None)."""
    why = cli_cannot_carry(row)
    if why is not None:
        return why, None
    argv, extra = hostile_argv(row, idx)
    control("/__emulator/reset", {})
    code, out, err = run_cli(argv, extra)
    if row["expect"] == "invalid_argument":
        if code != 2:
            return None, "expected exit 2, got %d: %s" % (code, (out + err).decode(errors="replace")[:300])
        if api_requests():
            return None, "a rejected input reached the emulator"
        if row["field"] in SECRET_VARS and len(row["bytes"]) >= 4 and row["bytes"] in out + err:
            return None, "the secret appears in the output"
        return "exit 2", None
    if code != 0:
        return None, "expected exit 0, got %d: %s" % (code, (out + err).decode(errors="replace")[:300])
    problem = check_arrived(row)
    return (None, problem) if problem else ("arrived exactly", None)


def run_hostile():
    cases = load_hostile()
    if len(cases) < 100:
        return ["only %d hostile cases found in %s (expected at least 100)" % (len(cases), DATA)]
    rows, problems, runs = [], [], 0
    for idx, row in enumerate(cases):
        result, problem = run_hostile_case(row, idx)
        if problem is not None:
            problems.append("case %d (%s, %s, %s): %s" % (idx, row["where"], row["field"], row["input"], problem))
            result = "FAILED"
        elif result in ("exit 2", "arrived exactly"):
            runs += 1
        rows.append({"field": row["field"], "input": row["input"], "cli": result})
    print("%d hostile inputs; %d went through the CLI, %d failed" % (len(cases), runs, len(problems)))
    if not problems:
        record("hostile-cli", "table", {"total": len(cases), "cli_runs": runs, "cases": rows})
    return problems


def main(argv):
    if len(argv) >= 2 and argv[1] == "list":
        print("\n".join(sorted(f[:-5] for f in os.listdir(os.path.join(DATA, "faults")) if f.endswith(".json"))))
        return 0
    if len(argv) >= 3 and argv[1] == "faults":
        problems = []
        for name in argv[2:]:
            problems += ["%s: %s" % (name, p) for p in run_fault(name)]
    elif len(argv) == 2 and argv[1] == "hostile":
        problems = run_hostile()
    else:
        print(__doc__, file=sys.stderr)
        return 2
    for p in problems:
        print("FAIL " + p)
    print("run_cases: %s" % ("FAILED" if problems else "passed"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
