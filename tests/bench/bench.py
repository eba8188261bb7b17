#!/usr/bin/env python3
"""libtcss benchmarks against real peers, every peer measured in the same run.

Run through tests/bench/run, which starts the emulator (tests/harness/with-emulator)
and passes its environment. Prints a table and writes a JSON file.

  1. cold     one registration from a fresh process: our CLI, the official
              Node SDK (as its README imports it, and tcss module only),
              curl with a precomputed signature. Wall time and peak RSS
              (wait4 ru_maxrss), medians, the peers interleaved run by run.
  2. floor    our CLI against that curl.
  3. signing  bench_sign: build + sign in-process, mbedTLS SHA-256 speed.
  4. bulk     bench_bulk: 8 threads x 25 calls on one client at the
              emulator's 20/s; then, limit off, reuse vs new client per call.
  5. footprint  stripped libtcss.so size, exported symbols, dependencies.
  6. fleet    100 concurrent CLI processes (a CI fleet on one account)
              against the emulator at 20/s, with its fixed and with a
              sliding one-second window: wall time, how many succeeded,
              RequestLimitExceeded answers.

--only SECTION[,SECTION...] runs some of them (cold, signing, bulk,
footprint, fleet), e.g. tests/bench/run --only fleet.

A run where any call fails exits 1 (in the fleet, a process that gives up
rate limited is the figure measured, not a failure of the run); a missed
target is reported, not hidden, and does not change the exit status.
"""

import argparse
import datetime
import hashlib
import hmac
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

# The official C++ SDK, quoted from the project's design notes (measured on a machine like this one) (it takes 14
# minutes to build here, so it is not rebuilt per run).
CPP_SDK = {
    "version": "3.3.165, core + tcss, Release",
    "cold_wall_ms": 17.0,
    "peak_rss_mib": 19.1,
    "per_call_ms": 0.74,
    "stripped_bytes_tcss": 29.0e6,
    "stripped_bytes_core": 0.14e6,
    "exported_symbols_tcss": 30154,
    "exported_symbols_core": 214,
}
ANCHOR_NODE = {"cold_wall_ms": 985.0, "peak_rss_mib": 184.0}

TARGETS = {
    "cold_wall_vs_node": 50.0,      # Node wall / ours, at least
    "cold_rss_vs_node": 15.0,       # Node peak RSS / ours, at least
    "cli_vs_curl_wall": 1.5,        # ours / curl, at most
    "build_and_sign_ns": 5000.0,    # at most
    "bulk_wall_s": 10.5,            # at most
    "fleet_fixed_wall_s": 10.0,     # at most, and every process succeeded
    "fleet_sliding_wall_s": 10.0,   # the same with a sliding window
}
SECTIONS = ("cold", "signing", "bulk", "footprint", "fleet")
FLEET_RATE = 20


class BenchError(Exception):
    pass


# --------------------------------------------------------------------------
# The emulator's control API
# --------------------------------------------------------------------------

_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def control(method, path, body=None):
    url = os.environ["TCSS_EMULATOR"] + path
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method,
                                 headers={"Content-Type": "application/json"})
    with _opener.open(req, timeout=30) as resp:
        return json.loads(resp.read() or b"null")


def emulator_reset(rate_limit):
    control("POST", "/__emulator/reset", {})
    control("POST", "/__emulator/config", {"rate_limit": rate_limit})


def emulator_state():
    return control("GET", "/__emulator/state")


# --------------------------------------------------------------------------
# Fresh processes: wall time and peak memory
# --------------------------------------------------------------------------

def spawn_measured(spawner, argv, env, out_path):
    """Runs argv as a fresh process through bench_spawn (fork + exec +
    wait4); returns (exit status, wall ms, peak RSS MiB). Only fork-to-reap
    is timed, so the driver's cost is in no figure and is the same for every
    peer."""
    proc = subprocess.run([spawner, out_path, out_path + ".err"] + argv, env=env,
                          capture_output=True, text=True, timeout=120)
    if proc.returncode != 0:
        raise BenchError("bench_spawn failed: %s" % proc.stderr.strip())
    status, wall_ns, rss_kib = (int(x) for x in proc.stdout.split())
    return status, wall_ns / 1e6, rss_kib / 1024.0


def tc3_authorization(secret_id, secret_key, host, body, timestamp):
    """TC3-HMAC-SHA256 per the "Signature v3" page, computed here so curl sends a
    precomputed signature (the same signed headers as libtcss)."""
    date = datetime.datetime.fromtimestamp(timestamp, datetime.timezone.utc).strftime("%Y-%m-%d")
    canonical = "POST\n/\n\ncontent-type:application/json\nhost:%s\n\ncontent-type;host\n%s" % (
        host, hashlib.sha256(body).hexdigest())
    scope = "%s/tcss/tc3_request" % date
    to_sign = "TC3-HMAC-SHA256\n%d\n%s\n%s" % (
        timestamp, scope, hashlib.sha256(canonical.encode()).hexdigest())

    def h(key, msg):
        return hmac.new(key, msg.encode(), hashlib.sha256).digest()
    k = h(("TC3" + secret_key).encode(), date)
    k = h(k, "tcss")
    k = h(k, "tc3_request")
    sig = hmac.new(k, to_sign.encode(), hashlib.sha256).hexdigest()
    return "TC3-HMAC-SHA256 Credential=%s/%s, SignedHeaders=content-type;host, Signature=%s" % (
        secret_id, scope, sig)


class ColdPeers:
    def __init__(self, args, tmp, registry_url):
        self.tmp = tmp
        self.url = registry_url
        self.password = "bench-registry-password"
        self.endpoint = os.environ["TCSS_ENDPOINT"]
        self.host = self.endpoint.split("://", 1)[1].rstrip("/")
        self.env = dict(os.environ)
        self.env["TCSS_REGISTRY_PASSWORD"] = self.password
        self.env["TCSS_BENCH_NODE_SDK"] = args.node_sdk
        self.cli = os.path.join(args.build_dir, "bin", "tcss")
        self.node = shutil.which("node")
        self.curl = shutil.which("curl")
        self.node_sdk = args.node_sdk
        self.peers = ["libtcss CLI", "curl (presigned)"]
        if self.node and os.path.isdir(args.node_sdk):
            self.peers += ["Node SDK", "Node SDK (tcss only)"]
        elif args.quick:
            print("bench: the Node SDK is not installed; quick mode goes on without it",
                  file=sys.stderr)
        else:
            raise BenchError("the official Node SDK is not installed at %s "
                             "(scripts/install-deps installs it)" % args.node_sdk)

    def argv(self, peer, name):
        if peer == "libtcss CLI":
            return [self.cli, "add-registry", "--name", name, "--url", self.url,
                    "--registry-type", "harbor", "--username", "bench",
                    "--registry-version", "V2", "--region", "ap-singapore"]
        if peer == "Node SDK":
            return [self.node, os.path.join(HERE, "node_add.js"), name, self.url]
        if peer == "Node SDK (tcss only)":
            return [self.node, os.path.join(HERE, "node_add.js"), name, self.url, "--tcss-only"]
        if peer == "curl (presigned)":
            # Same body bytes as libtcss sends (field order and compact JSON).
            body = json.dumps({"Name": name, "Username": "bench", "Password": self.password,
                               "Url": self.url, "RegistryType": "harbor",
                               "NetType": "public", "RegistryVersion": "V2"},
                              separators=(",", ":")).encode()
            ts = int(time.time())
            auth = tc3_authorization(os.environ["TENCENTCLOUD_SECRET_ID"],
                                     os.environ["TENCENTCLOUD_SECRET_KEY"],
                                     self.host, body, ts)
            headers = os.path.join(self.tmp, "curl-headers")
            body_file = os.path.join(self.tmp, "curl-body")
            with open(headers, "w") as f:
                f.write("Content-Type: application/json\n"
                        "X-TC-Action: AddAssetImageRegistryRegistryDetail\n"
                        "X-TC-Version: 2020-11-01\n"
                        "X-TC-Timestamp: %d\n"
                        "X-TC-Region: ap-singapore\n"
                        "X-TC-RequestClient: curl\n"
                        "Authorization: %s\n" % (ts, auth))
            with open(body_file, "wb") as f:
                f.write(body)
            return [self.curl, "-q", "-sS", "--fail", "-H", "@" + headers,
                    "--data-binary", "@" + body_file, self.endpoint + "/"]
        raise ValueError(peer)

    def check_output(self, peer, out_path, status):
        with open(out_path, "rb") as f:
            out = f.read()
        if status != 0:
            with open(out_path + ".err", "rb") as f:
                err = f.read().decode(errors="replace").strip()
            raise BenchError("%s exited %d: %s" % (peer, status, err[-400:]))
        if peer == "curl (presigned)":
            resp = json.loads(out)["Response"]
            if "Error" in resp or "RegistryId" not in resp:
                raise BenchError("curl: the emulator refused the request: %s" % out[:300])


def bench_cold(args, tmp, registry_url, log):
    peers = ColdPeers(args, tmp, registry_url)
    emulator_reset(0)  # every run is sequential; no limiter noise in the figures
    samples = {p: {"wall_ms": [], "rss_mib": []} for p in peers.peers}
    out_path = os.path.join(tmp, "cold-out")
    spawner = os.path.join(args.build_dir, "bin", "bench_spawn")
    names = []
    rounds = args.runs + 1
    for r in range(rounds):
        # Rotate the order each round so no peer always runs first or after
        # the same neighbour.
        order = peers.peers[r % len(peers.peers):] + peers.peers[:r % len(peers.peers)]
        for p in order:
            name = "cold-%s-%d" % (p.split()[0].lower(), r) + ("-t" if "tcss only" in p else "")
            names.append(name)
            status, wall, rss = spawn_measured(spawner, peers.argv(p, name), peers.env, out_path)
            peers.check_output(p, out_path, status)
            if r == 0:
                continue  # warm-up round (page cache, emulator threads): not counted
            samples[p]["wall_ms"].append(wall)
            samples[p]["rss_mib"].append(rss)
        log("  cold round %d/%d done" % (r + 1, rounds))
    state = emulator_state()
    stored = {reg["Name"] for reg in state["registries"]}
    missing = [n for n in names if n not in stored]
    codes = state["stats"]["by_code"]
    if missing or set(codes) - {"ok"}:
        raise BenchError("cold: emulator state disagrees: missing %s, outcomes %s" % (missing[:5], codes))
    result = {}
    for p, s in samples.items():
        result[p] = {
            "runs": len(s["wall_ms"]),
            "wall_ms_median": statistics.median(s["wall_ms"]),
            "wall_ms_min": min(s["wall_ms"]),
            "wall_ms_max": max(s["wall_ms"]),
            "peak_rss_mib_median": statistics.median(s["rss_mib"]),
        }
    return result


# --------------------------------------------------------------------------
# In-process programs
# --------------------------------------------------------------------------

def run_json(argv, env=None):
    proc = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=240)
    if proc.returncode != 0:
        raise BenchError("%s exited %d: %s" % (os.path.basename(argv[0]), proc.returncode,
                                              proc.stderr.strip()[-600:]))
    return json.loads(proc.stdout)


def bench_signing(args):
    argv = [os.path.join(args.build_dir, "bin", "bench_sign")]
    if args.quick:
        argv.append("--quick")
    return run_json(argv)


def bench_bulk(args, registry_url, log):
    program = os.path.join(args.build_dir, "bin", "bench_bulk")
    env = dict(os.environ)
    threads, per_thread = (2, 5) if args.quick else (8, 25)

    emulator_reset(20)
    limited = run_json([program, "limited", str(threads), str(per_thread), "bulk", registry_url], env)
    state = emulator_state()
    limited["emulator_requests"] = state["stats"]["requests"]
    limited["emulator_by_code"] = state["stats"]["by_code"]
    limited["emulator_rate_limited"] = state["stats"]["by_code"].get("RequestLimitExceeded", 0)
    limited["registries_stored"] = len(state["registries"])
    if limited["registries_stored"] != threads * per_thread:
        raise BenchError("bulk: %d registries stored, expected %d"
                         % (limited["registries_stored"], threads * per_thread))
    log("  bulk at 20/s: %.2f s" % limited["wall_s"])

    # Limits off: one reused client vs a new client per call, with a new Name
    # per call (the whole Add path on the emulator: health check, state file)
    # and with one Name repeated (NameRepeatErr: the emulator's cheapest
    # path, so the client's own cost per call shows more), over plain HTTP
    # and over HTTPS (the real service's only scheme: a new connection is a
    # new TLS handshake).
    rounds, calls = (1, 10) if args.quick else (5, 100)
    tls_env = dict(env, TCSS_ENDPOINT=os.environ["TCSS_TLS_ENDPOINT"],
                   TCSS_BENCH_CA_FILE=os.environ["TCSS_TEST_CA"])
    kinds = [(mode, names) for names in ("new", "same", "tls") for mode in ("reuse", "fresh")]
    rates = {"%s_%s" % k: [] for k in kinds}
    for r in range(rounds):
        for mode, names in (kinds if r % 2 == 0 else kinds[::-1]):
            emulator_reset(0)  # keeps the emulator's state (and its cost per call) small
            prefix = "%s-%s%d" % (mode, names, r)
            argv = [program, mode, str(calls), prefix, registry_url]
            if names in ("same", "tls"):
                argv.append("--same-name")
            got = run_json(argv, tls_env if names == "tls" else env)
            rates["%s_%s" % (mode, names)].append(got["calls_per_s"])
            state = emulator_state()
            stored = calls if names == "new" else 1
            if len(state["registries"]) != stored or set(state["stats"]["by_code"]) - {"ok"} \
                    or state["stats"]["requests"] != calls:
                raise BenchError("bulk %s %s: emulator saw %s" % (mode, names, state["stats"]))
            if names != "new" and got["already_existed"] != calls - 1:
                raise BenchError("bulk %s same: %d calls reported already existing, expected %d"
                                 % (mode, got["already_existed"], calls - 1))
        log("  unlimited round %d/%d done" % (r + 1, rounds))
    unlimited = {"calls_per_round": calls, "rounds": rounds}
    for key, values in rates.items():
        unlimited[key + "_calls_per_s_median"] = statistics.median(values)
        unlimited[key + "_calls_per_s"] = values
    return {"limited": limited, "unlimited": unlimited}


# --------------------------------------------------------------------------
# Fleet: many CLI processes on one account at once
# --------------------------------------------------------------------------

def fleet_round(args, registry_url, window, n, tmp):
    """n concurrent `tcss add-registry` processes, default options (60 s
    deadline, 3 attempts), each its own Name, against the emulator at
    FLEET_RATE/s with this window. All n are forked first and held at a
    barrier (a pipe), then released at once; the wall time runs from the
    release to the last exit."""
    cli = os.path.join(args.build_dir, "bin", "tcss")
    env = dict(os.environ, TCSS_REGISTRY_PASSWORD="bench-registry-password")
    emulator_reset(FLEET_RATE)
    control("POST", "/__emulator/config", {"rate_window": window})
    barrier_rd, barrier_wr = os.pipe()
    procs = {}
    sys.stdout.flush()
    sys.stderr.flush()
    for i in range(n):
        name = "fleet-%s-%03d" % (window, i)
        path = os.path.join(tmp, "fleet-%s-%03d.out" % (window, i))
        argv = [cli, "add-registry", "--name", name, "--url", registry_url,
                "--registry-type", "harbor", "--username", "bench", "--output", "json"]
        out = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        pid = os.fork()
        if pid == 0:  # the child: wait for the barrier, then become the CLI
            try:
                os.close(barrier_wr)
                while os.read(barrier_rd, 1):
                    pass
                devnull = os.open(os.devnull, os.O_RDONLY)
                os.dup2(devnull, 0)
                os.dup2(out, 1)
                os.dup2(out, 2)
                os.execve(cli, argv, env)
            finally:
                os._exit(127)
        os.close(out)
        procs[pid] = (name, path)
    os.close(barrier_rd)
    started = time.monotonic()
    os.close(barrier_wr)   # go
    status = {}
    while len(status) < n:
        pid, st = os.wait()
        if pid in procs:
            status[pid] = os.waitstatus_to_exitcode(st)
    wall_s = time.monotonic() - started
    codes, attempts, other = {}, [], []
    for pid, (name, path) in procs.items():
        with open(path, "rb") as f:
            text = f.read().decode(errors="replace")
        code = status[pid]
        codes[code] = codes.get(code, 0) + 1
        if code == 5:
            attempts.append(json.loads(text)["Error"]["Attempts"])
        elif code != 0:
            other.append("%s exited %d: %s" % (name, code, text.strip()[-300:]))
    if other:
        raise BenchError("fleet (%s): %d processes failed other than rate limited; first: %s"
                         % (window, len(other), other[0]))
    state = emulator_state()
    names = [r["Name"] for r in state["registries"]]
    by_code = state["stats"]["by_code"]
    return {"wall_s": wall_s, "succeeded": codes.get(0, 0), "rate_limited": codes.get(5, 0),
            "max_attempts_of_a_failure": max(attempts) if attempts else 0,
            "registries": len(names), "duplicate_names": len(names) - len(set(names)),
            "emulator_requests": state["stats"]["requests"],
            "emulator_ok": by_code.get("ok", 0),
            "emulator_rate_limited": by_code.get("RequestLimitExceeded", 0)}


def bench_fleet(args, registry_url, log):
    n = 10 if args.quick else 100
    res = {"processes": n, "rate_limit": FLEET_RATE, "floor_s": n / FLEET_RATE,
           "bound_s": 2.0 * n / FLEET_RATE}
    with tempfile.TemporaryDirectory(prefix="tcss-fleet.") as tmp:
        for window in ("fixed", "sliding"):
            r = fleet_round(args, registry_url, window, n, tmp)
            if r["duplicate_names"] or r["registries"] != r["succeeded"]:
                raise BenchError("fleet (%s): %d registries stored for %d successes, %d duplicate names"
                                 % (window, r["registries"], r["succeeded"], r["duplicate_names"]))
            res[window] = r
            log("  fleet, %s window: %d/%d succeeded in %.2f s" % (window, r["succeeded"], n, r["wall_s"]))
    control("POST", "/__emulator/config", {"rate_window": "fixed"})
    return res


# --------------------------------------------------------------------------
# Footprint
# --------------------------------------------------------------------------

def tool(*argv):
    return subprocess.run(argv, capture_output=True, text=True, check=True).stdout


def stripped_size(path, tmp):
    copy = os.path.join(tmp, "stripped-" + os.path.basename(path))
    tool("strip", "--strip-all", "-o", copy, path)
    return os.path.getsize(copy)


def footprint(args, tmp):
    lib = os.path.realpath(os.path.join(args.build_dir, "lib", "libtcss.so.1"))
    cli = os.path.join(args.build_dir, "bin", "tcss")
    exported = [line.split() for line in tool("nm", "-D", "--defined-only", lib).splitlines()]
    # Drop the version-node entries (type A), keep functions and data.
    exported = [f[-1] for f in exported if len(f) >= 3 and f[1] != "A"]
    needed = [line.split("[", 1)[1].rstrip("]") for line in tool("readelf", "-d", lib).splitlines()
              if "(NEEDED)" in line]
    ldd = [line.split()[0] for line in tool("ldd", lib).splitlines()
           if "=>" in line or line.strip().startswith("/")]
    node_modules = os.path.dirname(args.node_sdk)
    node_bytes = None
    if os.path.isdir(node_modules):
        node_bytes = int(tool("du", "-sb", node_modules).split()[0])
    return {
        "libtcss_so": os.path.basename(lib),
        "libtcss_stripped_bytes": stripped_size(lib, tmp),
        "libtcss_unstripped_bytes": os.path.getsize(lib),
        "exported_symbols": len(exported),
        "exported_symbol_names": sorted(exported),
        "needed": needed,
        "transitive_shared_libraries": len(ldd),
        "cli_stripped_bytes": stripped_size(cli, tmp),
        "node_modules_bytes": node_bytes,
    }


# --------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------

def versions(args):
    def first_line(argv):
        try:
            return subprocess.run(argv, capture_output=True, text=True).stdout.splitlines()[0]
        except (OSError, IndexError):
            return None
    sdk_version = None
    try:
        with open(os.path.join(args.node_sdk, "package.json")) as f:
            sdk_version = json.load(f)["version"]
    except OSError:
        pass
    commit = first_line(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"])
    return {
        "libtcss_commit": commit,
        "tcss_cli": first_line([os.path.join(args.build_dir, "bin", "tcss"), "--version"]),
        "node": first_line(["node", "--version"]),
        "node_sdk": sdk_version,
        "curl": first_line(["curl", "--version"]),
        "python_emulator": platform.python_version(),
    }


def machine():
    model = None
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return {"cpu": model, "cpus": os.cpu_count(), "kernel": platform.release(),
            "load_average_at_start": os.getloadavg()}


def evaluate(res):
    checks = {}
    if "cold" in res:
        cold = res["cold"]
        ours = cold["libtcss CLI"]
        if "Node SDK" in cold:
            node = cold["Node SDK"]
            checks["cold_wall_vs_node"] = node["wall_ms_median"] / ours["wall_ms_median"]
            checks["cold_rss_vs_node"] = node["peak_rss_mib_median"] / ours["peak_rss_mib_median"]
        checks["cli_vs_curl_wall"] = ours["wall_ms_median"] / cold["curl (presigned)"]["wall_ms_median"]
    if "signing" in res:
        checks["build_and_sign_ns"] = res["signing"]["build_and_sign_ns"]
    if "bulk" in res:
        checks["bulk_wall_s"] = res["bulk"]["limited"]["wall_s"]
    if "fleet" in res:
        for window in ("fixed", "sliding"):
            checks["fleet_%s_wall_s" % window] = res["fleet"][window]["wall_s"]
    verdict = {}
    for key, value in checks.items():
        target = TARGETS[key]
        if key.startswith("fleet_"):
            target = res["fleet"]["bound_s"]   # twice the floor (10 s for 100 processes)
        higher_is_better = key in ("cold_wall_vs_node", "cold_rss_vs_node")
        met = value >= target if higher_is_better else value <= target
        if key == "bulk_wall_s":
            met = met and res["bulk"]["limited"]["errors"] == 0 \
                and res["bulk"]["limited"]["rate_limited_errors"] == 0
        if key.startswith("fleet_"):
            fleet = res["fleet"]
            met = met and fleet[key.split("_")[1]]["succeeded"] == fleet["processes"]
        verdict[key] = {"value": value, "target": target,
                        "target_is": "at least" if higher_is_better else "at most", "met": met}
    return verdict


def print_table(res):
    p = print
    cold = res.get("cold")
    ours = cold["libtcss CLI"] if cold else None
    if cold:
        p("")
        p("1-2. One registration from a fresh process (medians of %d runs; emulator latency included)"
          % ours["runs"])
        p("  %-22s %10s %10s %12s %12s" % ("peer", "wall ms", "peak MiB", "wall vs us", "mem vs us"))
        for name, s in cold.items():
            p("  %-22s %10.1f %10.1f %11.1fx %11.1fx" % (
                name, s["wall_ms_median"], s["peak_rss_mib_median"],
                s["wall_ms_median"] / ours["wall_ms_median"],
                s["peak_rss_mib_median"] / ours["peak_rss_mib_median"]))
        p("  %-22s %10.1f %10.1f   (quoted, not re-measured)" % (
            "C++ SDK 3.3.165", CPP_SDK["cold_wall_ms"], CPP_SDK["peak_rss_mib"]))
    if "signing" in res:
        print_signing(res["signing"])
    if "bulk" in res:
        print_bulk(res["bulk"])
    if "footprint" in res:
        f = res["footprint"]
        p("")
        p("5. Footprint")
        p("  %s stripped %.1f KB, %d exported symbols, NEEDED: %s (%d shared libraries in all)"
          % (f["libtcss_so"], f["libtcss_stripped_bytes"] / 1e3, f["exported_symbols"],
             " ".join(f["needed"]), f["transitive_shared_libraries"]))
        p("  CLI stripped %.1f KB%s" % (f["cli_stripped_bytes"] / 1e3, ", peak RSS %.1f MiB"
                                        % ours["peak_rss_mib_median"] if ours else ""))
        p("  C++ SDK (quoted): %.1f MB tcss + %.2f MB core stripped, %d + %d exported symbols, %.1f MiB peak"
          % (CPP_SDK["stripped_bytes_tcss"] / 1e6, CPP_SDK["stripped_bytes_core"] / 1e6,
             CPP_SDK["exported_symbols_tcss"], CPP_SDK["exported_symbols_core"], CPP_SDK["peak_rss_mib"]))
        if f["node_modules_bytes"]:
            p("  Node SDK: %.1f MB of node_modules" % (f["node_modules_bytes"] / 1e6))
    if "fleet" in res:
        fl = res["fleet"]
        p("")
        p("6. Fleet: %d concurrent CLI processes, emulator at %d/s (floor %.1f s, bound %.1f s)"
          % (fl["processes"], fl["rate_limit"], fl["floor_s"], fl["bound_s"]))
        for window in ("fixed", "sliding"):
            r = fl[window]
            p("  %-7s window: %d succeeded, %d gave up rate limited (after %d attempts); wall %.2f s; "
              "emulator %d requests, %d RequestLimitExceeded; %d registries, %d duplicate names"
              % (window, r["succeeded"], r["rate_limited"], r["max_attempts_of_a_failure"], r["wall_s"],
                 r["emulator_requests"], r["emulator_rate_limited"], r["registries"], r["duplicate_names"]))
    p("")
    p("Targets")
    for key, v in res["targets"].items():
        p("  %-20s %10.2f  (%s %g)  %s" % (key, v["value"], v["target_is"], v["target"],
                                          "met" if v["met"] else "MISSED"))


def print_signing(s):
    p = print
    p("")
    p("3. Signing in-process (median CPU time per op over %d batches of %d)"
      % (s["batches"], s["iterations_per_batch"]))
    p("  build body %.2f us, sign %.2f us, build + sign %.2f us (wall %.2f us), public preview %.2f us"
      % (s["build_body_ns"] / 1e3, s["sign_ns"] / 1e3, s["build_and_sign_ns"] / 1e3,
         s["build_and_sign_wall_ns"] / 1e3, s["preview_public_api_ns"] / 1e3))
    p("  sign with the day's key cached (what the client does) %.2f us; deriving it every time %.2f us"
      % (s["sign_ns"] / 1e3, s["sign_uncached_ns"] / 1e3))
    p("  one signature hashes %d B: %.1f MB/s vs mbedTLS SHA-256 on 1 MiB %.1f MB/s "
      "(that alone needs %.2f us for those bytes)"
      % (s["sha256_bytes_per_sign"], s["sign_hashed_mb_per_s"], s["sha256_1mib_mb_per_s"],
         s["sha256_ns_for_sign_bytes"] / 1e3))


def print_bulk(b):
    p = print
    lim = b["limited"]
    p("")
    p("4. Bulk: %d calls from %d threads, one client (20/s), emulator at 20/s" % (lim["calls"], lim["threads"]))
    p("  wall %.2f s; caller errors %d (rate limited %d); emulator RequestLimitExceeded %d; retried calls %d"
      % (lim["wall_s"], lim["errors"], lim["rate_limited_errors"], lim["emulator_rate_limited"],
         lim["retried_calls"]))
    u = b["unlimited"]
    p("  limits off, %d sequential calls x %d rounds (calls/s, median):" % (u["calls_per_round"], u["rounds"]))
    for names, what in (("new", "a new Name per call"), ("same", "one Name repeated (NameRepeatErr)"),
                        ("tls", "the same over HTTPS")):
        reuse = u["reuse_%s_calls_per_s_median" % names]
        fresh = u["fresh_%s_calls_per_s_median" % names]
        p("    %-36s reuse %7.1f, new client per call %7.1f (%.2fx)" % (what, reuse, fresh, reuse / fresh))


def markdown(res):
    """The figures of a results JSON as the tables in BENCHMARKS.md."""
    out = []
    w = out.append
    m = res["machine"]
    w("Run %s on %s (%d CPUs, load average %.1f at start, %.1f at end), libtcss %s, "
      "Node %s, SDK %s, %s; %s, %.0f s."
      % (res["date_utc"], m["cpu"], m["cpus"], m["load_average_at_start"][0],
         m["load_average_at_end"][0], res["versions"]["libtcss_commit"], res["versions"]["node"],
         res["versions"]["node_sdk"], (res["versions"]["curl"] or "").split(" (")[0],
         "quick mode" if res["quick"] else "full mode", res["elapsed_s"]))
    if "cold" in res:
        markdown_cold(res, w)
    if "signing" in res:
        markdown_signing(res, w)
    if "bulk" in res:
        markdown_bulk(res, w)
    if "footprint" in res:
        markdown_footprint(res, w)
    if "fleet" in res:
        markdown_fleet(res, w)
    w("")
    w("### Targets")
    w("")
    w("| target | measured | goal | |")
    w("|---|---|---|---|")
    for key, v in res["targets"].items():
        w("| %s | %.2f | %s %g | %s |" % (key, v["value"], v["target_is"], v["target"],
                                         "met" if v["met"] else "**missed**"))
    return "\n".join(out) + "\n"




def markdown_cold(res, w):
    cold = res["cold"]
    ours = cold["libtcss CLI"]
    w("")
    w("### 1-2. One registration from a fresh process (median of %d runs each, interleaved)" % ours["runs"])
    w("")
    w("| peer | wall (median) | wall min-max | peak RSS (median) | wall vs libtcss | memory vs libtcss |")
    w("|---|---|---|---|---|---|")
    for name, c in cold.items():
        w("| %s | %.1f ms | %.1f-%.1f ms | %.1f MiB | %.1fx | %.1fx |" % (
            name, c["wall_ms_median"], c["wall_ms_min"], c["wall_ms_max"], c["peak_rss_mib_median"],
            c["wall_ms_median"] / ours["wall_ms_median"], c["peak_rss_mib_median"] / ours["peak_rss_mib_median"]))
    w("| C++ SDK %s (quoted) | %.0f ms | | %.1f MiB | | |" % (
        CPP_SDK["version"], CPP_SDK["cold_wall_ms"], CPP_SDK["peak_rss_mib"]))


def markdown_signing(res, w):
    s = res["signing"]
    w("")
    w("### 3. Signing in-process (median over %d batches of %d; CPU time of the thread)"
      % (s["batches"], s["iterations_per_batch"]))
    w("")
    w("| what | per op |")
    w("|---|---|")
    w("| build the JSON body (%d B) | %.2f µs |" % (s["body_bytes"], s["build_body_ns"] / 1e3))
    w("| TC3 sign (`tc3_sign`), the day's derived key cached as the client does | %.2f µs |" % (s["sign_ns"] / 1e3))
    w("| **build + sign** | **%.2f µs** (wall clock: %.2f µs) |"
      % (s["build_and_sign_ns"] / 1e3, s["build_and_sign_wall_ns"] / 1e3))
    w("| `tcss_add_registry_preview` (public API: validate, build, sign, mask) | %.2f µs |"
      % (s["preview_public_api_ns"] / 1e3))
    w("| TC3 sign deriving the key every time (the first call of a day) | %.2f µs |"
      % (s["sign_uncached_ns"] / 1e3))
    w("| bytes through SHA-256 per signature | %d B |" % s["sha256_bytes_per_sign"])
    w("| hashing rate inside a signature | %.1f MB/s |" % s["sign_hashed_mb_per_s"])
    w("| mbedTLS SHA-256 over 1 MiB buffers | %.1f MB/s |" % s["sha256_1mib_mb_per_s"])
    w("| time mbedTLS needs for one signature's bytes at that speed | %.2f µs |"
      % (s["sha256_ns_for_sign_bytes"] / 1e3))


def markdown_bulk(res, w):
    b = res["bulk"]
    lim = b["limited"]
    u = b["unlimited"]
    w("")
    w("### 4. Bulk")
    w("")
    w("| what | figure |")
    w("|---|---|")
    w("| %d registrations, %d threads, one client (20/s), emulator at 20/s | **%.2f s** |"
      % (lim["calls"], lim["threads"], lim["wall_s"]))
    w("| errors seen by the caller (of which rate limited) | %d (%d) |" % (lim["errors"], lim["rate_limited_errors"]))
    w("| emulator: requests, RequestLimitExceeded answers | %d, %d |"
      % (lim["emulator_requests"], lim["emulator_rate_limited"]))
    w("| calls that needed a retry | %d |" % lim["retried_calls"])
    for names, what in (("new", "a new Name per call"), ("same", "one Name repeated, NameRepeatErr"),
                        ("tls", "one Name repeated, over HTTPS")):
        reuse = u["reuse_%s_calls_per_s_median" % names]
        fresh = u["fresh_%s_calls_per_s_median" % names]
        w("| limits off, %s: one client reused / a new client per call (%d calls × %d rounds, median) "
          "| %.1f / %.1f calls/s (%.2fx) |" % (what, u["calls_per_round"], u["rounds"], reuse, fresh, reuse / fresh))


def markdown_footprint(res, w):
    f = res["footprint"]
    w("")
    w("### 5. Footprint")
    w("")
    w("| | libtcss | official C++ SDK (quoted) |")
    w("|---|---|---|")
    w("| stripped library size | %.1f KB (`%s`) | %.1f MB tcss + %.2f MB core |"
      % (f["libtcss_stripped_bytes"] / 1e3, f["libtcss_so"], CPP_SDK["stripped_bytes_tcss"] / 1e6,
         CPP_SDK["stripped_bytes_core"] / 1e6))
    w("| exported symbols | %d | %s + %d |" % (f["exported_symbols"], format(CPP_SDK["exported_symbols_tcss"], ","),
                                             CPP_SDK["exported_symbols_core"]))
    w("| direct dependencies (NEEDED) | %s | |" % ", ".join(f["needed"]))
    w("| shared libraries loaded in all (ldd) | %d | |" % f["transitive_shared_libraries"])
    if "cold" in res:
        w("| CLI: stripped size, peak RSS of one registration | %.1f KB, %.1f MiB | %.1f MiB |"
          % (f["cli_stripped_bytes"] / 1e3, res["cold"]["libtcss CLI"]["peak_rss_mib_median"],
             CPP_SDK["peak_rss_mib"]))
    if f["node_modules_bytes"]:
        w("| Node SDK on disk | | node_modules: %.1f MB |" % (f["node_modules_bytes"] / 1e6))


def markdown_fleet(res, w):
    fl = res["fleet"]
    w("")
    w("### 6. Fleet: %d concurrent CLI processes on one account, emulator at %d/s"
      % (fl["processes"], fl["rate_limit"]))
    w("")
    w("| emulator window | succeeded | gave up rate limited (attempts) | wall, release to last exit "
      "| emulator: requests, RequestLimitExceeded | registries (duplicate names) |")
    w("|---|---|---|---|---|---|")
    for window in ("fixed", "sliding"):
        r = fl[window]
        w("| %s one-second | %d of %d | %d (%d) | %.2f s (floor %.1f s, bound %.1f s) | %d, %d | %d (%d) |"
          % (window, r["succeeded"], fl["processes"], r["rate_limited"], r["max_attempts_of_a_failure"],
             r["wall_s"], fl["floor_s"], fl["bound_s"], r["emulator_requests"], r["emulator_rate_limited"],
             r["registries"], r["duplicate_names"]))


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--markdown":
        with open(sys.argv[2]) as f:
            sys.stdout.write(markdown(json.load(f)))
        return 0
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build-dir", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--quick", action="store_true", help="tiny mode for the bench-smoke test")
    ap.add_argument("--runs", type=int, default=None, help="cold runs per peer (default 15; quick 2)")
    ap.add_argument("--command", default="", help="the command line, recorded in the JSON")
    ap.add_argument("--only", default=",".join(SECTIONS),
                    help="comma-separated sections to run, of: " + ", ".join(SECTIONS))
    args = ap.parse_args()
    args.only = [x for x in args.only.split(",") if x]
    if not args.only or set(args.only) - set(SECTIONS):
        ap.error("--only takes sections among " + ", ".join(SECTIONS))
    args.build_dir = os.path.abspath(args.build_dir)
    if args.runs is None:
        args.runs = 2 if args.quick else 15
    if args.runs < 1:
        ap.error("--runs must be at least 1")
    args.node_sdk = os.path.join(ROOT, "tests", "node", "node_modules", "tencentcloud-sdk-nodejs-intl-en")

    def log(msg):
        print(msg, file=sys.stderr, flush=True)

    started = time.time()
    res = {"command": args.command, "quick": args.quick, "sections": args.only,
           "date_utc": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
           "machine": machine(), "versions": versions(args), "cpp_sdk_quoted": CPP_SDK,
           "node_sdk_anchor": ANCHOR_NODE}

    # A registry URL whose health check fails at once and the same way for
    # every peer: a loopback port bound but never listening refuses.
    closed = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    closed.bind(("127.0.0.1", 0))
    registry_url = "http://127.0.0.1:%d" % closed.getsockname()[1]
    res["registry_url_note"] = "closed loopback port: the emulator's health check is refused at once"

    try:
        with tempfile.TemporaryDirectory(prefix="tcss-bench.") as tmp:
            if "cold" in args.only:
                log("bench: 1-2 cold registrations")
                res["cold"] = bench_cold(args, tmp, registry_url, log)
            if "signing" in args.only:
                log("bench: 3 signing")
                res["signing"] = bench_signing(args)
            if "bulk" in args.only:
                log("bench: 4 bulk")
                res["bulk"] = bench_bulk(args, registry_url, log)
            if "footprint" in args.only:
                log("bench: 5 footprint")
                res["footprint"] = footprint(args, tmp)
            if "fleet" in args.only:
                log("bench: 6 fleet")
                res["fleet"] = bench_fleet(args, registry_url, log)
    except BenchError as e:
        print("bench: FAILED: %s" % e, file=sys.stderr)
        return 1
    finally:
        closed.close()
    res["targets"] = evaluate(res)
    res["machine"]["load_average_at_end"] = os.getloadavg()
    res["elapsed_s"] = round(time.time() - started, 1)

    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(res, f, indent=1)
        f.write("\n")
    print_table(res)
    print("\n%s in %.0f s; JSON: %s" % ("quick run" if args.quick else "done", res["elapsed_s"], args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
