#!/usr/bin/env python3
"""A tiny image-registry stand-in: answers `GET /v2/` like a Docker registry.

200 with the right basic-auth credentials, 401 with WWW-Authenticate
otherwise. The user comes from --user, the password from the environment
(MOCK_REGISTRY_PASSWORD), never from argv. Python 3 standard library only.
"""

import argparse
import base64
import hmac
import json
import os
import signal
import ssl
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tcss_emulator import write_json_atomically  # noqa: E402


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "mock-registry/1"
    sys_version = ""
    # Headers and body go out in separate writes; with Nagle on, the client's
    # delayed ACK would add 40 ms to every answer.
    disable_nagle_algorithm = True

    def log_message(self, fmt, *args):
        pass

    def reply(self, status, body, extra=()):
        data = json.dumps(body).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Docker-Distribution-API-Version", "registry/2.0")
        for name, value in extra:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        if self.path.rstrip("/") != "/v2":
            self.reply(404, {"errors": [{"code": "NOT_FOUND"}]})
            return
        expected = "Basic " + base64.b64encode(
            self.server.credentials.encode("utf-8")).decode("ascii")
        given = self.headers.get("Authorization", "")
        if hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8")):
            self.reply(200, {})
        else:
            self.reply(401, {"errors": [{"code": "UNAUTHORIZED",
                                         "message": "authentication required"}]},
                       [("WWW-Authenticate", 'Basic realm="mock-registry"')])


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=0, help="0: picked by the kernel")
    p.add_argument("--port-file", help='write {"http": P} here once listening')
    p.add_argument("--user", default="tcss-mock")
    p.add_argument("--tls", metavar="CERT:KEY",
                   help="serve HTTPS with this PEM certificate and key")
    p.add_argument("--exit-with-parent", action="store_true")
    args = p.parse_args(argv)
    password = os.environ.get("MOCK_REGISTRY_PASSWORD")
    if not password:
        raise SystemExit("mock_registry: set MOCK_REGISTRY_PASSWORD")

    server = ThreadingHTTPServer((args.host, args.port), Handler)
    server.daemon_threads = True
    server.credentials = "%s:%s" % (args.user, password)
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
