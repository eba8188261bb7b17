"""The official Python SDK (tencentcloud-sdk-python-intl-en, pinned in
scripts/deps/peers.sh) as a signing oracle for libtcss, beside the Node SDK
(tests/node): run under tests/harness/with-emulator with the SDK's venv
Python (tests/peers/.venv/bin/python sdk_oracle.py BIN_DIR).

1. Our `tcss` CLI sends AddAssetImageRegistryRegistryDetail requests of many
   shapes (Unicode, quotes, every optional field, a repeated Name, temporary
   credentials with X-TC-Token, HTTPS with Host localhost:PORT).
2. Re-signing: for every request the emulator recorded, the SDK's own
   AbstractClient._get_tc3_signature, unmodified, signs the recorded body
   bytes, Content-Type, Host and X-TC-Timestamp with the SecretKey of the
   recorded SecretId; the Authorization header the SDK would build from it
   must be the one we sent, byte for byte. The oracle is shown to catch a
   one-byte change of the body and a wrong key (else it proves nothing).
3. Sending: the SDK itself sends the same request (our body's fields through
   its AddAssetImageRegistryRegistryDetailRequest model, the same credential)
   to the emulator. The emulator accepts the SDK's signature, the SDK's body
   holds exactly our fields and values, and the answer is the registry ours
   created (NameRepeatErr, the same RegistryId); nothing new is stored.

Exit status: 0 passed, 1 a mismatch, 3 usage (not under with-emulator).
"""
import base64
import datetime
import json
import os
import subprocess
import sys
import urllib.request
import warnings

from tencentcloud.common import credential
from tencentcloud.common.http.request import RequestInternal
from tencentcloud.common.profile.client_profile import ClientProfile
from tencentcloud.common.profile.http_profile import HttpProfile
from tencentcloud.tcss.v20201101 import models, tcss_client

SERVICE = "tcss"
ACTION = "AddAssetImageRegistryRegistryDetail"
failures = []


def env(name):
    value = os.environ.get(name)
    if not value:
        print("sdk_oracle: %s is not set; run under tests/harness/with-emulator" % name, file=sys.stderr)
        sys.exit(3)
    return value


EMULATOR = env("TCSS_EMULATOR")
ENDPOINT = env("TCSS_ENDPOINT")
_direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def control(path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(EMULATOR + "/__emulator/" + path, data=data,
                                 method="GET" if body is None else "POST",
                                 headers={"Content-Type": "application/json"})
    with _direct.open(req, timeout=10) as resp:
        return json.loads(resp.read() or b"null")


def check(ok, what):
    print("%s - %s" % ("ok" if ok else "not ok", what))
    if not ok:
        failures.append(what)


def keys():
    """SecretId -> (SecretKey, session token) of the emulator's credentials."""
    return {env("TENCENTCLOUD_SECRET_ID"): (env("TENCENTCLOUD_SECRET_KEY"), None),
            env("TCSS_EMULATOR_TEMP_SECRET_ID"): (env("TCSS_EMULATOR_TEMP_SECRET_KEY"),
                                                  env("TCSS_EMULATOR_TEMP_TOKEN"))}


def sdk_client(secret_id, secret_key, token=None, endpoint=ENDPOINT):
    scheme, host = endpoint.split("://", 1)
    profile = ClientProfile(signMethod="TC3-HMAC-SHA256",
                            httpProfile=HttpProfile(protocol=scheme, endpoint=host.rstrip("/"),
                                                    reqTimeout=30))
    return tcss_client.TcssClient(credential.Credential(secret_id, secret_key, token),
                                  "ap-singapore", profile)


def parse_authorization(value):
    # TC3-HMAC-SHA256 Credential=ID/DATE/SERVICE/tc3_request, SignedHeaders=..., Signature=...
    head, _, rest = value.partition(" ")
    fields = dict(part.strip().split("=", 1) for part in rest.split(","))
    secret_id, date, service, _ = fields["Credential"].split("/")
    return head, secret_id, date, service, fields["SignedHeaders"], fields["Signature"]


def sdk_authorization(record, body, secret_id, secret_key):
    """The Authorization header the SDK builds for this method, body, Host,
    Content-Type and timestamp: its own _get_tc3_signature, untouched."""
    h = record["headers"]
    req = RequestInternal(host=h["host"], method=record["method"], uri=record["path"],
                          header={"Content-Type": h["content-type"], "Host": h["host"],
                                  "X-TC-Timestamp": h["x-tc-timestamp"]},
                          data=body)
    date = datetime.datetime.fromtimestamp(int(h["x-tc-timestamp"]),
                                           datetime.timezone.utc).strftime("%Y-%m-%d")
    client = sdk_client(secret_id, secret_key)
    signature = client._get_tc3_signature(None, req, date, SERVICE, secret_key)
    return ("TC3-HMAC-SHA256 Credential=%s/%s/%s/tc3_request, SignedHeaders=content-type;host, "
            "Signature=%s" % (secret_id, date, SERVICE, signature))


def our_requests(bin_dir):
    """Our CLI's calls; returns how many were made."""
    password = env("TCSS_MOCK_REGISTRY_PASSWORD")
    base = [os.path.join(bin_dir, "tcss"), "add-registry", "--url", env("TCSS_MOCK_REGISTRY"),
            "--username", env("TCSS_MOCK_REGISTRY_USER"), "--region", "ap-singapore"]
    calls = [
        ["--name", "plain", "--registry-type", "harbor"],
        ["--name", "名前 レジストリ ünïcödé", "--registry-type", "quay"],
        ["--name", "quotes \" and \\ backslash 'single' $dollar", "--registry-type", "jfrog"],
        ["--name", "  spaces around  ", "--registry-type", "aws", "--registry-version", "V2"],
        ["--name", "every-optional-field", "--registry-type", "azure", "--net-type", "public",
         "--registry-version", "V2", "--registry-region", "ap-singapore", "--speed-limit", "1024",
         "--insecure=true", "--conn-detect", "q-1:u-1", "--conn-detect", ":u-2",
         "--conn-detect", "q-3:", "--need-scan=false", "--sync-mode", "incremental",
         "--webhook-url", "https://hooks.example.com/x?a=1&b=\"2\"", "--instance-id", "tcr-abc"],
        ["--name", "plain", "--registry-type", "harbor"],        # again: NameRepeatErr
    ]
    environ = dict(os.environ, TCSS_REGISTRY_PASSWORD=password,
                   TCSS_WEBHOOK_TOKEN="webhook-token-for-the-oracle")
    for args in calls:
        subprocess.run(base + args, env=environ, check=True, stdout=subprocess.DEVNULL, timeout=60)
    temporary = dict(environ, TENCENTCLOUD_SECRET_ID=env("TCSS_EMULATOR_TEMP_SECRET_ID"),
                     TENCENTCLOUD_SECRET_KEY=env("TCSS_EMULATOR_TEMP_SECRET_KEY"),
                     TENCENTCLOUD_SESSION_TOKEN=env("TCSS_EMULATOR_TEMP_TOKEN"))
    subprocess.run(base + ["--name", "temporary-credential", "--registry-type", "other-tcr"],
                   env=temporary, check=True, stdout=subprocess.DEVNULL, timeout=60)
    subprocess.run(base + ["--name", "over-tls", "--registry-type", "harbor",
                           "--endpoint", env("TCSS_TLS_ENDPOINT"), "--ca-file", env("TCSS_TEST_CA")],
                   env=environ, check=True, stdout=subprocess.DEVNULL, timeout=60)
    return len(calls) + 2


def main():
    if len(sys.argv) != 2:
        print("usage: sdk_oracle.py BIN_DIR", file=sys.stderr)
        return 3
    control("reset", {})
    made = our_requests(sys.argv[1])
    recorded = [r for r in control("requests") if r.get("listener", "api") == "api"]
    check(len(recorded) == made, "the emulator recorded our %d requests (%d)" % (made, len(recorded)))
    credentials = keys()

    # 2. The SDK re-signs each of ours.
    for i, record in enumerate(recorded):
        body = base64.b64decode(record["body_b64"])
        sent = record["headers"]["authorization"]
        head, secret_id, _, service, signed, _ = parse_authorization(sent)
        what = "request %d (%s, Host %s)" % (i + 1, json.loads(body).get("Name"), record["headers"]["host"])
        if secret_id not in credentials or head != "TC3-HMAC-SHA256" or service != SERVICE \
                or signed != "content-type;host":
            check(False, "%s: Authorization not in the SDK's form: %s" % (what, sent))
            continue
        expected = sdk_authorization(record, body, secret_id, credentials[secret_id][0])
        check(expected == sent, "%s: the SDK's signature is ours, byte for byte" % what)
        check(record["headers"].get("x-tc-action") == ACTION and
              record["headers"].get("x-tc-version") == "2020-11-01",
              "%s: X-TC-Action and X-TC-Version as the SDK sends them" % what)
        if credentials[secret_id][1]:
            check(record["headers"].get("x-tc-token") == credentials[secret_id][1],
                  "%s: X-TC-Token carries the session token" % what)

    # The oracle itself: a changed byte or a wrong key gives another header.
    first = recorded[0]
    body = base64.b64decode(first["body_b64"])
    _, secret_id, *_ = parse_authorization(first["headers"]["authorization"])
    key = credentials[secret_id][0]
    tampered = body.replace(b"plain", b"plaim", 1)
    check(tampered != body and sdk_authorization(first, tampered, secret_id, key)
          != first["headers"]["authorization"], "the oracle catches a one-byte change of the body")
    check(sdk_authorization(first, body, secret_id, key + "x") != first["headers"]["authorization"],
          "the oracle catches a wrong SecretKey")

    # 3. The SDK sends the same requests (plain HTTP ones; the TLS one has a
    # Host of its own and the SDK pins certifi's CA bundle).
    stored = {r["Name"]: r["RegistryId"] for r in control("state")["registries"]}
    before = len(stored)
    seen = len(control("requests"))
    warnings.simplefilter("error")      # the SDK warns about fields its model does not know
    sent_by_sdk = 0
    for record in recorded:
        if record["headers"]["host"] != ENDPOINT.split("://", 1)[1].rstrip("/"):
            continue
        ours = json.loads(base64.b64decode(record["body_b64"]))
        _, secret_id, *_ = parse_authorization(record["headers"]["authorization"])
        secret_key, token = credentials[secret_id]
        req = models.AddAssetImageRegistryRegistryDetailRequest()
        req.from_json_string(json.dumps(ours))
        resp = sdk_client(secret_id, secret_key, token).AddAssetImageRegistryRegistryDetail(req)
        sent_by_sdk += 1
        theirs_record = control("requests")[seen:]
        seen += len(theirs_record)
        what = "the SDK's %s" % ours["Name"]
        check(len(theirs_record) == 1 and theirs_record[0]["outcome"] == "ok",
              "%s: the emulator accepted its signature (%s)" % (
                  what, [r["outcome"] for r in theirs_record]))
        if theirs_record:
            theirs = json.loads(base64.b64decode(theirs_record[0]["body_b64"]))
            check(theirs == ours, "%s: its body holds exactly our fields and values" % what)
        check(resp.RegistryId == stored[ours["Name"]] and resp.NameRepeatErr != "",
              "%s: the answer is the registry ours created (RegistryId %s, NameRepeatErr)" % (
                  what, resp.RegistryId))
    check(sent_by_sdk >= made - 2, "the SDK sent %d of our requests again" % sent_by_sdk)
    check(len(control("state")["registries"]) == before, "the SDK's requests stored nothing new")

    print("sdk_oracle: all checks passed" if not failures
          else "sdk_oracle: %d check(s) failed" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
