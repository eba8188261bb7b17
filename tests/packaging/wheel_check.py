"""Run by test-wheel.sh inside the fresh venv, under with-emulator: the
installed wheel's tcss loads its own libtcss.so.1, has __version__, its type
stub names exactly the module's public names, and it registers a registry."""
import ast
import json
import os
import sys
import urllib.request

version, venv = sys.argv[1], os.path.realpath(sys.argv[2])
import tcss  # noqa: E402

pkg = os.path.dirname(os.path.realpath(tcss.__file__))
assert pkg.startswith(venv + os.sep), "tcss imported from %s, not the venv" % pkg
assert tcss.__version__ == version, "__version__ %r != %r" % (tcss.__version__, version)
assert tcss.version() == version, "the loaded library is %s" % tcss.version()
with open("/proc/self/maps") as maps:
    loaded = {line.split()[-1] for line in maps if "libtcss.so" in line}
assert loaded == {os.path.join(pkg, "libtcss.so.1")}, "libtcss loaded from %s" % loaded
# No libstdc++ came with it: the library links it statically.
with open("/proc/self/maps") as maps:
    assert not any("libstdc++" in line for line in maps), "libstdc++.so was loaded"
print("ok: tcss %s from %s, library %s" % (tcss.__version__, pkg, loaded.pop()))

assert os.path.exists(os.path.join(pkg, "py.typed"))
with open(os.path.join(pkg, "__init__.pyi")) as f:
    tree = ast.parse(f.read())
stub = set()
for node in tree.body:
    if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
        stub.add(node.name)
    elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        stub.add(node.target.id)
    elif isinstance(node, ast.Assign):
        stub.update(t.id for t in node.targets if isinstance(t, ast.Name))
missing = set(tcss.__all__) - stub
assert not missing, "tcss/__init__.pyi lacks %s (out of step with __all__)" % sorted(missing)
extra = {n for n in stub if not n.startswith("_") and not hasattr(tcss, n)}
assert not extra, "tcss/__init__.pyi declares names the module lacks: %s" % sorted(extra)
print("ok: the type stub covers all %d public names and declares nothing else" % len(tcss.__all__))

name = "wheel-%d" % os.getpid()
with tcss.Client() as client:
    r = client.add_registry(name=name, url=os.environ["TCSS_MOCK_REGISTRY"], registry_type="harbor",
                            username=os.environ["TCSS_MOCK_REGISTRY_USER"],
                            password=os.environ["TCSS_MOCK_REGISTRY_PASSWORD"])
    assert r.registry_id > 0 and not r.already_existed, r
    again = client.add_registry(name=name, url=os.environ["TCSS_MOCK_REGISTRY"], registry_type="harbor",
                                username=os.environ["TCSS_MOCK_REGISTRY_USER"],
                                password=os.environ["TCSS_MOCK_REGISTRY_PASSWORD"])
    assert again.registry_id == r.registry_id and again.already_existed, again
# Over HTTPS too: the TLS stack the library loads (the manylinux wheel's own
# libcurl and OpenSSL) verifies the emulator's certificate from the test CA.
if os.environ.get("TCSS_TLS_ENDPOINT") and os.environ.get("TCSS_TEST_CA"):
    with tcss.Client(endpoint=os.environ["TCSS_TLS_ENDPOINT"], ca_file=os.environ["TCSS_TEST_CA"]) as client:
        tls = client.add_registry(name=name + "-tls", url=os.environ["TCSS_MOCK_REGISTRY"],
                                  registry_type="harbor", username=os.environ["TCSS_MOCK_REGISTRY_USER"],
                                  password=os.environ["TCSS_MOCK_REGISTRY_PASSWORD"])
        assert tls.registry_id > r.registry_id and not tls.already_existed, tls
    print("ok: registered %s-tls over HTTPS (certificate checked against the test CA)" % name)
direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # 127.0.0.1: no proxy
state = json.load(direct.open(os.environ["TCSS_EMULATOR"] + "/__emulator/state"))
assert [x["Name"] for x in state["registries"] if x["RegistryId"] == r.registry_id] == [name]
print("ok: registered %s as registry %d with the emulator (again: already existed)" % (name, r.registry_id))
