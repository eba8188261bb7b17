"""A stand-in for GitHub Actions' OIDC token endpoint, on loopback.

GitHub gives a job with `permissions: id-token: write` two variables:
ACTIONS_ID_TOKEN_REQUEST_URL (a URL that already carries a query, e.g.
`?api-version=2.0`) and ACTIONS_ID_TOKEN_REQUEST_TOKEN. A client GETs that
URL with `audience=` added and `Authorization: bearer <request token>`, and
gets `{"value": "<JWT>"}` (GitHub's actions/toolkit, core.getIDToken). This
endpoint checks the bearer and the audience the way the real one does
(401 without the right bearer, 400 without an audience) and answers a token
signed by the test key (tests/harness/mint-oidc-token), with GitHub's issuer,
the requested audience, and a `sub` of the GitHub form
(repo:OWNER/REPO:ref:refs/heads/BRANCH) plus the `repository` claim.

Standard library only. Used in-process by the tests (TokenEndpoint), or
standalone: `github_oidc.py --request-token T --sub S` prints the
variables to set.
"""

import argparse
import json
import os
import subprocess
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

GITHUB_ISSUER = "https://token.actions.githubusercontent.com"
DEFAULT_SUB = "repo:acme/app:ref:refs/heads/main"


class TokenEndpoint:
    """Serves GET /_apis/token?api-version=2.0&audience=A on 127.0.0.1.

    request_token: the bearer it accepts; sub: the token's subject; mint:
    the path of mint-oidc-token; key/kid: the signing key and header kid.
    `requests` records (authorization, audience list) of each request."""

    def __init__(self, request_token, sub=DEFAULT_SUB, mint=None, key=None,
                 kid=None, issuer=GITHUB_ISSUER):
        self.request_token = request_token
        self.sub = sub
        self.issuer = issuer
        self.mint = mint or os.environ["TCSS_MINT_OIDC_TOKEN"]
        self.key = key or os.environ.get("TCSS_TEST_OIDC_KEY")
        self.kid = kid if kid is not None else os.environ.get("TCSS_TEST_OIDC_KID", "")
        self.requests = []
        self.issued = []
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                endpoint.answer(self)

            def do_POST(self):
                endpoint.answer(self)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever,
                                       daemon=True)
        self.thread.start()
        port = self.server.server_address[1]
        self.url = "http://127.0.0.1:%d/_apis/token?api-version=2.0" % port

    def close(self):
        self.server.shutdown()
        self.server.server_close()

    def mint_token(self, audience):
        repo = self.sub.split(":")[1] if self.sub.startswith("repo:") else "acme/app"
        args = [self.mint, "--iss", self.issuer, "--aud", audience,
                "--sub", self.sub, "--claim", "repository=" + repo,
                "--claim", "ref=refs/heads/main"]
        if self.key:
            args += ["--key", self.key]
        args += ["--kid", self.kid]
        out = subprocess.run(args, check=True, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, timeout=60).stdout
        token = out.decode().strip()
        self.issued.append(token)
        return token

    def answer(self, h):
        parts = urllib.parse.urlsplit(h.path)
        query = urllib.parse.parse_qs(parts.query)
        auth = h.headers.get("Authorization", "")
        self.requests.append({"method": h.command, "path": parts.path,
                              "authorization": auth,
                              "audience": query.get("audience", []),
                              "api_version": query.get("api-version", [])})
        scheme, _, value = auth.partition(" ")
        if h.command != "GET" or parts.path != "/_apis/token":
            return self.send(h, 404, {"message": "not found"})
        if scheme.lower() != "bearer" or value != self.request_token:
            return self.send(h, 401, {"message": "Unauthorized"})
        audiences = query.get("audience", [])
        if len(audiences) != 1 or not audiences[0]:
            return self.send(h, 400, {"message": "exactly one audience= is required"})
        self.send(h, 200, {"count": 1, "value": self.mint_token(audiences[0])})

    @staticmethod
    def send(h, status, obj):
        body = json.dumps(obj).encode()
        h.send_response(status)
        h.send_header("Content-Type", "application/json")
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--request-token", required=True)
    p.add_argument("--sub", default=DEFAULT_SUB)
    args = p.parse_args(argv)
    ep = TokenEndpoint(args.request_token, args.sub)
    print("ACTIONS_ID_TOKEN_REQUEST_URL=" + ep.url, flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    ep.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
