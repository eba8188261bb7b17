"""Cold registration, tccli beside `tcss add-registry`, in one run against one
emulator (BENCHMARKS.md, "tccli, the official CLI"), with the official Python
SDK called directly (sdk_add.py, the tcss module only) and the interpreter's
bare start-up as reference points:

    tests/harness/with-emulator -- tests/peers/.venv/bin/python \\
        tests/peers/bench_tccli.py --build-dir build [--runs 15] [--json FILE]

Each run is a fresh process of each CLI, spawned by tests/bench/bench_spawn.c
(fork + exec + wait4: wall time from fork to reap, peak memory the child's
ru_maxrss; compiled here into a temporary folder), interleaved with the order
rotating every round; one warm-up round is dropped and the figures are the
medians. Every run registers a fresh Name; every exit status is checked, and
at the end the emulator must hold every Name with only `ok` outcomes. The
registry URL is a loopback port that is bound but not listening, so the
emulator's health check is refused at once, equally for both. Not a test: it
prints a Markdown table (and writes JSON with --json); peers.tccli is the
test that tccli works against the emulator.
"""
import argparse
import datetime
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
_direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def control(path):
    with _direct.open(os.environ["TCSS_EMULATOR"] + "/__emulator/" + path, timeout=10) as resp:
        return json.loads(resp.read())


def spawner(folder):
    out = os.path.join(folder, "bench_spawn")
    subprocess.run(["cc", "-O2", "-o", out, os.path.join(ROOT, "tests", "bench", "bench_spawn.c")],
                   check=True)
    return out


def run(spawn, argv, env, folder):
    """(wall ms, peak RSS MiB) of one fresh process; raises on failure."""
    out, err = os.path.join(folder, "out"), os.path.join(folder, "err")
    proc = subprocess.run([spawn, out, err] + argv, env=env, capture_output=True, text=True,
                          check=True)
    status, wall_ns, rss_kib = (int(x) for x in proc.stdout.split())
    if status != 0:
        with open(err, errors="replace") as f:
            raise SystemExit("%s exited %d: %s" % (argv[0], status, f.read()[-2000:]))
    return wall_ns / 1e6, rss_kib / 1024


def du(path):
    total = 0
    for base, _, files in os.walk(path):
        for name in files:
            p = os.path.join(base, name)
            if not os.path.islink(p):
                total += os.path.getsize(p)
    return total


def stripped_size(path, folder):
    copy = os.path.join(folder, "stripped")
    shutil.copyfile(os.path.realpath(path), copy)
    subprocess.run(["strip", "--strip-all", copy], check=True)
    return os.path.getsize(copy)


def version_of(argv):
    return subprocess.run(argv, capture_output=True, text=True).stdout.strip().splitlines()[0]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build-dir", default=os.environ.get("BUILD_DIR", os.path.join(ROOT, "build")))
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--json")
    ap.add_argument("--spawner", help="a built tests/bench/bench_spawn.c (default: compiled here with cc)")
    args = ap.parse_args()
    for name in ("TCSS_ENDPOINT", "TCSS_EMULATOR", "TENCENTCLOUD_SECRET_ID"):
        if not os.environ.get(name):
            raise SystemExit("bench_tccli: %s is not set; run under tests/harness/with-emulator" % name)
    tcss = os.path.join(os.path.abspath(args.build_dir), "bin", "tcss")
    tccli = os.path.join(HERE, ".venv", "bin", "tccli")
    for path, how in ((tcss, "build it (scripts/build)"), (tccli, "run scripts/deps/peers.sh")):
        if not os.access(path, os.X_OK):
            raise SystemExit("bench_tccli: %s missing: %s" % (path, how))

    # A registry URL whose health check is refused at once: bound, never listening.
    dead = socket.socket()
    dead.bind(("127.0.0.1", 0))
    url = "http://127.0.0.1:%d" % dead.getsockname()[1]
    password = "bench-registry-password"
    env = {k: v for k, v in os.environ.items()
           if k.lower() not in ("http_proxy", "https_proxy", "all_proxy")}
    env["TCSS_REGISTRY_PASSWORD"] = password

    def ours(name):
        return [tcss, "add-registry", "--name", name, "--url", url, "--registry-type", "harbor",
                "--username", "bench", "--registry-version", "V2", "--region", "ap-singapore"]

    def theirs(name):
        return [tccli, "tcss", "AddAssetImageRegistryRegistryDetail", "--region", "ap-singapore",
                "--endpoint", os.environ["TCSS_ENDPOINT"], "--Name", name, "--Username", "bench",
                "--Password", password, "--Url", url, "--RegistryType", "harbor",
                "--NetType", "public", "--RegistryVersion", "V2"]

    python = os.path.join(HERE, ".venv", "bin", "python")

    def sdk(name):
        return [python, os.path.join(HERE, "sdk_add.py"), name, url]

    def interpreter(name):
        return [python, "-c", "pass"]

    peers = [("libtcss CLI (`tcss add-registry`)", ours), ("tccli-intl-en", theirs),
             ("Python SDK (tcss module only)", sdk), ("Python start-up alone (`python3 -c pass`)", interpreter)]
    registers = (ours, theirs, sdk)
    results = {label: [] for label, _ in peers}
    names = []
    folder = tempfile.mkdtemp(prefix="bench-tccli-")
    try:
        spawn = args.spawner or spawner(folder)
        load_start = os.getloadavg()[0]
        started = datetime.datetime.now(datetime.timezone.utc)
        for round_ in range(args.runs + 1):              # round 0: warm-up, dropped
            # Rotate the order every round, so no peer always runs first.
            order = peers[round_ % len(peers):] + peers[:round_ % len(peers)]
            for label, argv in order:
                name = "bench-%s-%d" % (argv.__name__, round_)
                if argv in registers:
                    names.append(name)
                sample = run(spawn, argv(name), env, folder)
                if round_:
                    results[label].append(sample)
        load_end = os.getloadavg()[0]
        elapsed = (datetime.datetime.now(datetime.timezone.utc) - started).total_seconds()
        sizes = {"libtcss_bytes": stripped_size(os.path.join(os.path.abspath(args.build_dir), "lib",
                                                             "libtcss.so.1"), folder),
                 "tcss_bytes": stripped_size(tcss, folder)}
    finally:
        shutil.rmtree(folder)
    state = control("state")
    stored = {r["Name"] for r in state["registries"]}
    missing = [n for n in names if n not in stored]
    outcomes = {k: v for k, v in state["stats"]["by_code"].items() if k != "ok"}
    if missing or outcomes:
        raise SystemExit("bench_tccli: the emulator lacks %s or saw %s" % (missing, outcomes))

    base_wall = statistics.median(w for w, _ in results[peers[0][0]])
    base_rss = statistics.median(r for _, r in results[peers[0][0]])
    rows = []
    for label, _ in peers:
        walls = [w for w, _ in results[label]]
        rss = [r for _, r in results[label]]
        rows.append({"peer": label, "wall_ms_median": statistics.median(walls),
                     "wall_ms_min": min(walls), "wall_ms_max": max(walls),
                     "rss_mib_median": statistics.median(rss),
                     "wall_vs_libtcss": statistics.median(walls) / base_wall,
                     "rss_vs_libtcss": statistics.median(rss) / base_rss})
    try:
        commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"],
                                capture_output=True, text=True).stdout.strip()
    except OSError:
        commit = "?"
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    meta = {"date": started.strftime("%Y-%m-%dT%H:%M:%SZ"), "cpu": cpu, "cpus": os.cpu_count(),
            "load_start": load_start, "load_end": load_end, "seconds": elapsed, "runs": args.runs,
            "commit": commit, "tcss": version_of([tcss, "--version"]).split()[1],
            "tccli": version_of([tccli, "--version"]), "python": platform.python_version(),
            "tccli_venv_bytes": du(os.path.join(HERE, ".venv"))}
    meta.update(sizes)
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"meta": meta, "rows": rows}, f, indent=2)
    print("Run %s on %s (%d CPUs, load average %.1f at start, %.1f at end), libtcss %s (%s), "
          "tccli %s on Python %s; %d runs each, %.0f s.\n" % (
              meta["date"], cpu, meta["cpus"], load_start, load_end, commit, meta["tcss"],
              meta["tccli"], meta["python"], args.runs, elapsed))
    print("| peer | wall (median) | wall min-max | peak RSS (median) | wall vs libtcss | memory vs libtcss |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        print("| %s | %.1f ms | %.1f-%.1f ms | %.1f MiB | %.1fx | %.1fx |" % (
            r["peer"], r["wall_ms_median"], r["wall_ms_min"], r["wall_ms_max"], r["rss_mib_median"],
            r["wall_vs_libtcss"], r["rss_vs_libtcss"]))
    print("\nOn disk: tccli's venv (tccli-intl-en, the SDK of every product, requests and the rest) "
          "%.0f MB; libtcss.so.1 %.0f KB and the tcss CLI %.0f KB (stripped)." % (
              meta["tccli_venv_bytes"] / 1e6, meta["libtcss_bytes"] / 1e3, meta["tcss_bytes"] / 1e3))
    return 0


if __name__ == "__main__":
    sys.exit(main())
