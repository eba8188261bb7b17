#!/usr/bin/env python3
"""A tiny image-registry stand-in speaking the Docker Registry HTTP API V2.

`GET /v2/`: 200 with the right basic-auth credentials, 401 with
WWW-Authenticate otherwise. With the same credentials it serves a real
catalogue: `GET /v2/_catalog`, `GET /v2/<name>/tags/list` (both paged with
`n`/`last` and a `Link` header, as the distribution spec says),
`GET`/`HEAD /v2/<name>/manifests/<tag or digest>` (image manifest v2 schema 2,
`Docker-Content-Digest` = sha256 of the exact bytes served) and
`GET`/`HEAD /v2/<name>/blobs/<digest>` (the config blob and the layers).

Images are "pushed" with `--catalog FILE` or the loopback control API under
`/__mock/` (README.md). The user comes from --user, the password from the
environment (MOCK_REGISTRY_PASSWORD), never from argv; a rotation goes through
the control API's body. Python 3 standard library only.
"""

import argparse
import base64
import hashlib
import hmac
import json
import os
import re
import signal
import socket
import ssl
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tcss_emulator import write_json_atomically  # noqa: E402

MANIFEST_V2 = "application/vnd.docker.distribution.manifest.v2+json"
CONFIG_V1 = "application/vnd.docker.container.image.v1+json"
LAYER = "application/vnd.docker.image.rootfs.diff.tar.gzip"
# The distribution spec's grammar for a repository name and a tag.
NAME_RE = re.compile(r"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*"
                     r"(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*")
TAG_RE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}")
DIGEST_RE = re.compile(r"sha256:[0-9a-f]{64}")
MODES = ("ok", "unavailable", "reset")
AUTHS = ("basic", "bearer")
TOKEN_PATH = "/service/token"
DEFAULT_CREATED = "2026-01-01T00:00:00Z"


def sha256_digest(data):
    return "sha256:" + hashlib.sha256(data).hexdigest()


class Store:
    """Repositories, tags, manifests and blobs, behind one lock."""

    def __init__(self, user, password):
        self.lock = threading.Lock()
        self.user = user
        self.initial_password = password
        self.password = password
        self.mode = "ok"
        self.auth = "basic"   # or "bearer": a token service, as Harbor has
        self.tokens = set()
        self.tags = {}        # repository -> {tag: manifest digest}
        self.manifests = {}   # digest -> (media type, bytes)
        self.blobs = {}       # digest -> bytes

    def credentials(self):
        with self.lock:
            return "%s:%s" % (self.user, self.password)

    def push(self, spec):
        """Store an image as a push would; returns its digests and size."""
        unknown = set(spec) - {"repository", "tag", "os", "architecture",
                               "created", "seed", "layers"}
        if unknown:
            raise ValueError("unknown field(s): " + ", ".join(sorted(unknown)))
        repo, tag = spec.get("repository"), spec.get("tag")
        if not isinstance(repo, str) or not NAME_RE.fullmatch(repo) or len(repo) > 255:
            raise ValueError("repository must be a repository name "
                             "(lower-case path components, e.g. team/app)")
        if not isinstance(tag, str) or not TAG_RE.fullmatch(tag):
            raise ValueError("tag must match [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}")
        layers = spec.get("layers", 2)
        if not isinstance(layers, int) or isinstance(layers, bool) or not 0 <= layers <= 16:
            raise ValueError("layers must be an integer from 0 to 16")
        for key in ("os", "architecture", "created", "seed"):
            if key in spec and not isinstance(spec[key], str):
                raise ValueError(key + " must be a string")
        seed = spec.get("seed", "%s:%s" % (repo, tag))
        layer_blobs = [("layer %d of %s\n" % (i, seed)).encode("utf-8") * 64
                       for i in range(layers)]
        config = {
            "architecture": spec.get("architecture", "amd64"),
            "os": spec.get("os", "linux"),
            "created": spec.get("created", DEFAULT_CREATED),
            "config": {"Labels": {"libtcss.test.seed": seed}},
            "rootfs": {"type": "layers",
                       "diff_ids": [sha256_digest(b) for b in layer_blobs]},
        }
        config_bytes = json.dumps(config, sort_keys=True).encode("utf-8")
        manifest = {
            "schemaVersion": 2, "mediaType": MANIFEST_V2,
            "config": {"mediaType": CONFIG_V1, "size": len(config_bytes),
                       "digest": sha256_digest(config_bytes)},
            "layers": [{"mediaType": LAYER, "size": len(b),
                        "digest": sha256_digest(b)} for b in layer_blobs],
        }
        manifest_bytes = json.dumps(manifest, indent=3).encode("utf-8")
        digest = sha256_digest(manifest_bytes)
        with self.lock:
            self.blobs[sha256_digest(config_bytes)] = config_bytes
            for b in layer_blobs:
                self.blobs[sha256_digest(b)] = b
            self.manifests[digest] = (MANIFEST_V2, manifest_bytes)
            self.tags.setdefault(repo, {})[tag] = digest
        return {"repository": repo, "tag": tag, "digest": digest,
                "config_digest": sha256_digest(config_bytes),
                "size": len(config_bytes) + sum(len(b) for b in layer_blobs)}

    def delete(self, spec):
        repo, tag = spec.get("repository"), spec.get("tag")
        with self.lock:
            tags = self.tags.get(repo)
            if tags is None or (tag is not None and tag not in tags):
                raise ValueError("no such repository or tag")
            if tag is None:
                del self.tags[repo]
            else:
                del tags[tag]
                if not tags:
                    del self.tags[repo]
        return self.state()

    def configure(self, spec):
        unknown = set(spec) - {"mode", "password", "auth"}
        if unknown:
            raise ValueError("unknown field(s): " + ", ".join(sorted(unknown)))
        if "mode" in spec and spec["mode"] not in MODES:
            raise ValueError("mode must be one of " + ", ".join(MODES))
        if "auth" in spec and spec["auth"] not in AUTHS:
            raise ValueError("auth must be one of " + ", ".join(AUTHS))
        if "password" in spec and (not isinstance(spec["password"], str)
                                   or not spec["password"]):
            raise ValueError("password must be a non-empty string")
        with self.lock:
            self.mode = spec.get("mode", self.mode)
            self.auth = spec.get("auth", self.auth)
            if spec.get("password", self.password) != self.password:
                self.tokens = set()   # a rotation revokes every token
            self.password = spec.get("password", self.password)
        return self.state()

    def reset(self):
        with self.lock:
            self.tags, self.manifests, self.blobs = {}, {}, {}
            self.password = self.initial_password
            self.mode = "ok"
            self.auth = "basic"
            self.tokens = set()

    def state(self):
        with self.lock:
            return {"mode": self.mode, "auth": self.auth,
                    "password_rotated": self.password != self.initial_password,
                    "repositories": {r: dict(t) for r, t in sorted(self.tags.items())}}


def page(items, query, base):
    """The distribution spec's paging: n (count), last (exclusive start);
    a Link header to the next page when more remain."""
    try:
        n = int(query.get("n", ["0"])[0] or 0)
    except ValueError:
        n = -1
    if n < 0:
        return None, None
    last = query.get("last", [""])[0]
    items = [i for i in sorted(items) if not last or i > last]
    if n and len(items) > n:
        items = items[:n]
        link = '<%s?%s>; rel="next"' % (base, urllib.parse.urlencode(
            {"n": n, "last": items[-1]}))
        return items, link
    return items, None


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "mock-registry/1"
    sys_version = ""
    # Headers and body go out in separate writes; with Nagle on, the client's
    # delayed ACK would add 40 ms to every answer.
    disable_nagle_algorithm = True

    def log_message(self, fmt, *args):
        pass

    @property
    def store(self):
        return self.server.store

    def reply(self, status, body, extra=(), ctype="application/json", head=False):
        data = body if isinstance(body, bytes) else json.dumps(body).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Docker-Distribution-API-Version", "registry/2.0")
        for name, value in extra:
            self.send_header(name, value)
        self.end_headers()
        if not head:
            self.wfile.write(data)

    def error(self, status, code, message, head=False):
        self.reply(status, {"errors": [{"code": code, "message": message}]}, head=head)

    def read_body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if 0 < length <= 1 << 20 else b""

    def do_GET(self):
        self.serve(head=False)

    def do_HEAD(self):
        self.serve(head=True)

    def do_POST(self):
        parts = urllib.parse.urlsplit(self.path)
        if not parts.path.startswith("/__mock/"):
            self.error(405, "UNSUPPORTED", "this registry is read-only")
            return
        self.control("POST", parts.path, self.read_body())

    def control(self, method, path, body):
        if self.client_address[0] not in ("127.0.0.1", "::1", "::ffff:127.0.0.1"):
            self.reply(403, {"error": "the control API is loopback only"})
            return
        try:
            spec = json.loads(body.decode("utf-8")) if body.strip() else {}
            if not isinstance(spec, dict):
                raise ValueError("the body must be a JSON object")
            route = (method, path)
            if route == ("POST", "/__mock/push"):
                self.reply(200, self.store.push(spec))
            elif route == ("POST", "/__mock/delete"):
                self.reply(200, self.store.delete(spec))
            elif route == ("POST", "/__mock/config"):
                self.reply(200, self.store.configure(spec))
            elif route == ("POST", "/__mock/reset"):
                self.store.reset()
                self.reply(200, self.store.state())
            elif route == ("GET", "/__mock/state"):
                self.reply(200, self.store.state())
            else:
                self.reply(404, {"error": "no such control endpoint"})
        except (ValueError, UnicodeDecodeError) as e:
            self.reply(400, {"error": str(e)})

    def serve(self, head):
        parts = urllib.parse.urlsplit(self.path)
        path = parts.path
        if path.startswith("/__mock/"):
            self.control("GET", path, b"")
            return
        store = self.store
        with store.lock:
            mode = store.mode
        if mode == "reset":
            self.close_connection = True
            self.request.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                    b"\x01\x00\x00\x00\x00\x00\x00\x00")
            os.close(self.request.detach())
            return
        if mode == "unavailable":
            self.reply(503, b"<html>503 Service Unavailable</html>", ctype="text/html",
                       head=head)
            return
        if not path.startswith("/v2") and path != TOKEN_PATH:
            self.error(404, "NOT_FOUND", "not found", head)
            return
        expected = "Basic " + base64.b64encode(
            store.credentials().encode("utf-8")).decode("ascii")
        given = self.headers.get("Authorization", "")
        basic_ok = hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))
        with store.lock:
            auth = store.auth
            bearer_ok = given.startswith("Bearer ") and given[7:] in store.tokens
        if path == TOKEN_PATH and auth == "bearer":
            if not basic_ok:
                self.error(401, "UNAUTHORIZED", "authentication required", head)
                return
            token = base64.urlsafe_b64encode(os.urandom(18)).decode("ascii")
            with store.lock:
                store.tokens.add(token)
            self.reply(200, {"token": token, "access_token": token, "expires_in": 300},
                       head=head)
            return
        if not (bearer_ok if auth == "bearer" else basic_ok):
            host = self.headers.get("Host", "127.0.0.1")
            scheme = "https" if isinstance(self.request, ssl.SSLSocket) else "http"
            challenge = 'Basic realm="mock-registry"' if auth == "basic" else \
                'Bearer realm="%s://%s%s",service="mock-registry",scope="registry:catalog:*"' \
                % (scheme, host, TOKEN_PATH)
            self.reply(401, {"errors": [{"code": "UNAUTHORIZED",
                                         "message": "authentication required"}]},
                       [("WWW-Authenticate", challenge)], head=head)
            return
        if path.rstrip("/") == "/v2":
            self.reply(200, {}, head=head)
            return
        query = urllib.parse.parse_qs(parts.query)
        if path == "/v2/_catalog":
            with store.lock:
                repos = list(store.tags)
            items, link = page(repos, query, "/v2/_catalog")
            if items is None:
                self.error(400, "PAGINATION_NUMBER_INVALID", "n is not a count", head)
                return
            self.reply(200, {"repositories": items},
                       [("Link", link)] if link else (), head=head)
            return
        m = re.fullmatch(r"/v2/(.+)/(tags/list|manifests/[^/]+|blobs/[^/]+)", path)
        if not m:
            self.error(404, "NOT_FOUND", "not found", head)
            return
        name, what = m.group(1), m.group(2)
        with store.lock:
            tags = dict(store.tags.get(name, {}))
        if not tags:
            self.error(404, "NAME_UNKNOWN", "repository name not known to registry", head)
            return
        if what == "tags/list":
            items, link = page(tags, query, "/v2/%s/tags/list" % name)
            if items is None:
                self.error(400, "PAGINATION_NUMBER_INVALID", "n is not a count", head)
                return
            self.reply(200, {"name": name, "tags": items},
                       [("Link", link)] if link else (), head=head)
            return
        kind, _, ref = what.partition("/")
        ref = urllib.parse.unquote(ref)
        if kind == "manifests":
            digest = ref if DIGEST_RE.fullmatch(ref) else tags.get(ref)
            with store.lock:
                found = store.manifests.get(digest) if digest in tags.values() else None
            if found is None:
                self.error(404, "MANIFEST_UNKNOWN", "manifest unknown", head)
                return
            media_type, data = found
            self.reply(200, data, [("Docker-Content-Digest", digest)],
                       ctype=media_type, head=head)
            return
        with store.lock:
            blob = store.blobs.get(ref)
        if blob is None:
            self.error(404, "BLOB_UNKNOWN", "blob unknown to registry", head)
            return
        self.reply(200, blob, [("Docker-Content-Digest", ref)],
                   ctype="application/octet-stream", head=head)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=0, help="0: picked by the kernel")
    p.add_argument("--port-file", help='write {"http": P} here once listening')
    p.add_argument("--user", default="tcss-mock")
    p.add_argument("--tls", metavar="CERT:KEY",
                   help="serve HTTPS with this PEM certificate and key")
    p.add_argument("--catalog", metavar="FILE",
                   help='images to serve from the start: JSON {"images": [{"repository", '
                        '"tag", ...}, ...]} (each entry as a body of POST /__mock/push)')
    p.add_argument("--exit-with-parent", action="store_true")
    args = p.parse_args(argv)
    password = os.environ.get("MOCK_REGISTRY_PASSWORD")
    if not password:
        raise SystemExit("mock_registry: set MOCK_REGISTRY_PASSWORD")

    server = ThreadingHTTPServer((args.host, args.port), Handler)
    server.daemon_threads = True
    server.store = Store(args.user, password)
    if args.catalog:
        with open(args.catalog, encoding="utf-8") as f:
            images = json.load(f)
        images = images.get("images") if isinstance(images, dict) else None
        if not isinstance(images, list):
            raise SystemExit('--catalog: expected {"images": [...]}')
        try:
            for spec in images:
                server.store.push(spec if isinstance(spec, dict) else {})
        except ValueError as e:
            raise SystemExit("--catalog: %s" % e)
    if args.tls:
        cert, _, key = args.tls.partition(":")
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(cert, key)
        server.socket = ctx.wrap_socket(server.socket, server_side=True)
    stop_signals = {signal.SIGTERM, signal.SIGINT}
    signal.pthread_sigmask(signal.SIG_BLOCK, stop_signals)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    if args.port_file:
        write_json_atomically(args.port_file, {"http": server.server_address[1]},
                              indent=None)
    parent = os.getppid()
    while signal.sigtimedwait(stop_signals, 0.2) is None:
        if args.exit_with_parent and os.getppid() != parent:
            break
    server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
