#!/usr/bin/env python3
"""A local stand-in for https://tcss.intl.tencentcloudapi.com (TCSS 2020-11-01).

Python 3 standard library only. See tests/emulator/README.md for how to run it, the
control API under /__emulator/ and everything it checks.
"""

import argparse
import base64
import json
import os
import re
import signal
import socket
import ssl
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tc3  # noqa: E402  (the emulator's own TC3 verifier, next to this file)
import sts  # noqa: E402  (STS AssumeRoleWithWebIdentity and CVM metadata)
import assets  # noqa: E402  (registries, sync, images, scans, vulnerabilities)

SERVICE = "tcss"
API_VERSION = "2020-11-01"
MAX_SKEW_SECONDS = 300
MAX_BODY_BYTES = 1 << 20

DEFAULT_CREDENTIALS = [
    {"SecretId": "AKIDLIBTCSSEMULATOR0001",
     "SecretKey": "libtcss-emulator-secret-key-0001"},
    {"SecretId": "AKIDLIBTCSSEMULATORTMP1",
     "SecretKey": "libtcss-emulator-temp-key-0001",
     "Token": "libtcss-emulator-session-token-0001"},
]

REGISTRY_TYPES = ("harbor", "quay", "jfrog", "aws", "azure", "other-tcr")
NET_TYPES = ("public",)
RATE_WINDOWS = ("fixed", "sliding")
FAULT_MODES = ("5xx", "internal_error", "ratelimit", "garbage", "truncated",
               "hang", "reset", "trickle", "error", "echo", "empty")
ECHO_IN = ("error", "health_check", "name_repeat", "request_id")
FAULT_TARGETS = ("tcss", "sts")   # which listener's requests a fault hits


class ApiError(Exception):
    """An answer in the service's error envelope (always HTTP 200)."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


# --------------------------------------------------------------------------
# The API contract of AddAssetImageRegistryRegistryDetail
# --------------------------------------------------------------------------

def _is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def _string(v):
    return isinstance(v, str)


def _zero_or_one(v):
    return _is_int(v) and v in (0, 1)


def _conn_detect(v):
    if not isinstance(v, list):
        return False
    for item in v:
        if not isinstance(item, dict):
            return False
        for key, val in item.items():
            if key not in ("Quuid", "Uuid") or not isinstance(val, str):
                return False
    return True


# field -> (required, type check, what the type must be)
ADD_FIELDS = {
    "Name": (True, _string, "a string"),
    "Username": (True, _string, "a string"),
    "Password": (True, _string, "a string"),
    "Url": (True, _string, "a string"),
    "RegistryType": (True, _string, "a string"),
    "NetType": (True, _string, "a string"),
    "RegistryVersion": (False, _string, "a string"),
    "RegistryRegion": (False, _string, "a string"),
    "SpeedLimit": (False, _is_int, "an integer"),
    "Insecure": (False, _zero_or_one, "the integer 0 or 1"),
    "ConnDetectConfig": (False, _conn_detect,
                         "an array of objects with string fields Quuid and Uuid"),
    "NeedScan": (False, lambda v: isinstance(v, bool), "a boolean"),
    "SyncMode": (False, _zero_or_one, "the integer 0 or 1"),
    "WebhookUrl": (False, _string, "a string"),
    "WebhookToken": (False, _string, "a string"),
    "InstanceId": (False, _string, "a string"),
}


def check_params(params, fields):
    """Unknown fields, then missing required ones, then JSON types."""
    for key in params:
        if key not in fields:
            raise ApiError("UnknownParameter",
                           "The parameter `%s` is not recognized." % key)
    for key, (required, _, _) in fields.items():
        if required and (key not in params or params[key] == ""):
            raise ApiError("InvalidParameter.MissingParameter",
                           "The parameter `%s` is missing." % key)
    for key, (_, check, what) in fields.items():
        if key in params and not check(params[key]):
            raise ApiError("InvalidParameter.InvalidFormat",
                           "The parameter `%s` must be %s." % (key, what))


def check_add(params):
    check_params(params, ADD_FIELDS)
    check_values(params)


def check_values(params):
    """The enumerated values of Add and Update."""
    if params["RegistryType"] not in REGISTRY_TYPES:
        raise ApiError("InvalidParameterValue",
                       "The value of `RegistryType` must be one of %s."
                       % ", ".join(REGISTRY_TYPES))
    if params["NetType"] not in NET_TYPES:
        raise ApiError("InvalidParameterValue",
                       "The value of `NetType` must be `public`.")


# --------------------------------------------------------------------------
# The registry health check the real service runs: GET <Url>/v2/
# --------------------------------------------------------------------------

def health_check(url, username, password, insecure, extra_ca, timeout):
    """Returns "" when the registry answers 200, else a short message.
    The message never contains the URL's userinfo or the password."""
    if "://" not in url:
        url = "https://" + url
    try:
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return "invalid url"
    except ValueError:
        return "invalid url"
    # Non-ASCII host names go out IDNA-encoded, as a browser would send them.
    try:
        host = parts.hostname
        if not host.isascii():
            ascii_host = host.encode("idna").decode("ascii")
            netloc = parts.netloc.replace(host, ascii_host)
            url = urllib.parse.urlunsplit(parts._replace(netloc=netloc))
        if not url.isascii():
            url = urllib.parse.quote(url, safe=":/?#[]@!$&'()*+,;=%")
    except UnicodeError:
        return "invalid url: host name cannot be encoded"
    target = url.rstrip("/") + "/v2/"
    opener = urllib.request.build_opener(
        urllib.request.ProxyHandler({}),
        urllib.request.HTTPSHandler(context=_tls_context(extra_ca, insecure)))
    token = base64.b64encode(("%s:%s" % (username, password)).encode("utf-8"))
    basic = "Basic " + token.decode("ascii")
    req = urllib.request.Request(target, headers={"Authorization": basic})
    try:
        try:
            with opener.open(req, timeout=timeout) as resp:
                status = resp.status
        except urllib.error.HTTPError as e:
            challenge = (e.headers.get("WWW-Authenticate", "") if e.headers else "")
            if e.code != 401 or not challenge.lower().startswith("bearer "):
                raise
            # A token-service registry (Docker Hub, Harbor): exchange the
            # credentials for a token, then ask again.
            try:
                bearer = assets.bearer_token(opener, challenge, basic, timeout)
            except assets.ReadError as failed:
                return str(failed)
            req = urllib.request.Request(target, headers={"Authorization": bearer})
            with opener.open(req, timeout=timeout) as resp:
                status = resp.status
    except urllib.error.HTTPError as e:
        status = e.code
    except urllib.error.URLError as e:
        return _network_message(e.reason)
    except OSError as e:
        return _network_message(e)
    except (UnicodeError, ValueError) as e:
        return "invalid url: %s" % type(e).__name__
    if status == 200:
        return ""
    if status in (401, 403):
        return "authentication failed: HTTP %d" % status
    return "unexpected answer: HTTP %d" % status


_contexts = {}
_contexts_lock = threading.Lock()


def _tls_context(extra_ca, insecure):
    # Loading the system's CA store takes tens of milliseconds: do it once.
    with _contexts_lock:
        key = (extra_ca, insecure)
        if key not in _contexts:
            ctx = ssl.create_default_context()
            if extra_ca:
                ctx.load_verify_locations(cafile=extra_ca)
            if insecure:
                ctx.check_hostname = False
                ctx.verify_mode = ssl.CERT_NONE
            _contexts[key] = ctx
        return _contexts[key]


def _network_message(reason):
    if isinstance(reason, ssl.SSLCertVerificationError):
        return "tls: %s" % (reason.verify_message or "certificate verify failed")
    if isinstance(reason, ssl.SSLError):
        return "tls: handshake failed"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    if isinstance(reason, ConnectionResetError):
        return "connection reset"
    if isinstance(reason, (socket.timeout, TimeoutError)):
        return "timeout"
    if isinstance(reason, socket.gaierror):
        return "name resolution failed"
    return "connection failed"


# --------------------------------------------------------------------------
# Shared state
# --------------------------------------------------------------------------

def write_json_atomically(path, obj, indent=1):
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".json")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(obj, f, indent=indent, ensure_ascii=False)
            f.write("\n")
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


class Emulator:
    def __init__(self, credentials, state_file, rate_limit, registry_ca,
                 health_timeout, log, rate_window="fixed", sts_config=None,
                 metadata=None):
        self.base_credentials = {c["SecretId"]: c for c in credentials}
        # The base ones plus every temporary credential STS or the metadata
        # service handed out (those have "Expires").
        self.credentials = dict(self.base_credentials)
        self.sts_initial = sts.apply_sts_config(sts.EMPTY_STS_CONFIG,
                                                sts_config or {})
        self.sts_config = self.sts_initial
        self.metadata_initial = sts.check_metadata(metadata or {},
                                                   sts.DEFAULT_METADATA)
        self.metadata = dict(self.metadata_initial)
        self.metadata_credential = None   # the role's current credential
        self.state_file = state_file
        self.rate_limit = rate_limit
        self.rate_window = rate_window   # "fixed" or "sliding"
        self.registry_ca = registry_ca
        self.health_timeout = health_timeout
        self.log = log
        self.lock = threading.Lock()
        self.clock = None            # fixed epoch seconds, or None: real time
        # fixed: action -> (second, count); sliding: action -> [admitted at]
        self.windows = {}
        self.faults = []             # [{"mode":..., "count": n, ...}]
        self.requests = []
        self.stats = {"requests": 0, "by_code": {}}
        self.release = threading.Event()   # set by reset: ends every hang
        self.registries = []
        self.next_id = 1
        # Everything beyond Add: sync, images, scans, the vulnerability
        # fixture and the switches for what the API description leaves open.
        self.assets = assets.Assets(self, sys.modules[__name__])
        if state_file and os.path.exists(state_file):
            with open(state_file, encoding="utf-8") as f:
                saved = json.load(f)
            self.registries = saved.get("registries", [])
            self.next_id = saved.get("next_id", 1)
            self.assets.load(saved)
            ids = [r["RegistryId"] for r in self.registries]
            self.next_id = max([self.next_id] + [i + 1 for i in ids])
        elif state_file:
            self._save()   # so the file exists from the start

    def now(self):
        return self.clock if self.clock is not None else time.time()

    def _save(self):  # with self.lock held
        if self.state_file:
            state = {"next_id": self.next_id, "registries": self.registries}
            state.update(self.assets.persisted())
            write_json_atomically(self.state_file, state)

    # ---- control API ----------------------------------------------------

    def add_fault(self, spec):
        mode = spec.get("mode")
        if mode not in FAULT_MODES:
            raise ValueError("mode must be one of " + ", ".join(FAULT_MODES))
        fault = {
            "mode": mode,
            "count": spec.get("count", 1),
            "after_commit": spec.get("after_commit", False),
            "status": spec.get("status", 502),
            "hang_seconds": spec.get("hang_seconds", 30),
            "trickle_ms": spec.get("trickle_ms", 200),
            "code": spec.get("code", "FailedOperation"),
            "message": spec.get("message", "The operation failed."),
            "echo_in": spec.get("echo_in", "error"),
            "target": spec.get("target", "tcss"),
            "action": spec.get("action", ""),
        }
        if fault["target"] not in FAULT_TARGETS:
            raise ValueError("target must be one of " + ", ".join(FAULT_TARGETS))
        if not isinstance(fault["action"], str):
            raise ValueError("action must be a string (an X-TC-Action; empty: any)")
        if not _is_int(fault["count"]) or fault["count"] < 1:
            raise ValueError("count must be a positive integer")
        if not isinstance(fault["after_commit"], bool):
            raise ValueError("after_commit must be a boolean")
        if not _is_int(fault["status"]) or not 100 <= fault["status"] <= 599:
            raise ValueError("status must be an HTTP status code")
        for key in ("hang_seconds", "trickle_ms"):
            if not isinstance(fault[key], (int, float)) or isinstance(
                    fault[key], bool) or fault[key] < 0:
                raise ValueError(key + " must be a non-negative number")
        for key in ("code", "message"):
            if not isinstance(fault[key], str) or not fault[key]:
                raise ValueError(key + " must be a non-empty string")
        if fault["echo_in"] not in ECHO_IN:
            raise ValueError("echo_in must be one of " + ", ".join(ECHO_IN))
        unknown = set(spec) - set(fault)
        if unknown:
            raise ValueError("unknown field(s): " + ", ".join(sorted(unknown)))
        with self.lock:
            self.faults.append(fault)
            return [dict(f) for f in self.faults]

    def take_fault(self, target="tcss", action=""):
        """The first pending fault for target's listener (and, when the fault
        names one, for that X-TC-Action), if any."""
        with self.lock:
            for i, fault in enumerate(self.faults):
                if fault["target"] != target:
                    continue
                if fault["action"] and fault["action"] != action:
                    continue
                fault["count"] -= 1
                if fault["count"] == 0:
                    self.faults.pop(i)
                return dict(fault)
            return None

    def configure_sts(self, spec):
        with self.lock:
            cfg = self.sts_config
            if spec:
                cfg = sts.apply_sts_config(cfg, spec)
        try:
            # Outside the lock, before the change is kept: this may make a
            # key_file provider's key, and a key that cannot be made is an
            # invalid configuration.
            view = sts.public_config(cfg)
        except (RuntimeError, OSError) as e:
            raise ValueError("a provider's key_file: %s" % e) from None
        with self.lock:
            if spec:
                self.sts_config = cfg
            return self._sts_view(view)

    def _sts_view(self, view):  # with self.lock held
        view["issued"] = [
            {"TmpSecretId": c["SecretId"], "ExpiredTime": c["Expires"],
             "origin": c["Origin"]}
            for c in self.credentials.values() if "Expires" in c]
        return view

    def configure_metadata(self, spec):
        with self.lock:
            new = sts.check_metadata(spec, self.metadata)
            if new["role"] != self.metadata["role"]:
                self.metadata_credential = None
            self.metadata = new
            return dict(self.metadata)

    def issue_credential(self, lifetime, origin):
        with self.lock:
            cred = sts.new_credential(self.now(), lifetime, origin)
            self.credentials[cred["SecretId"]] = cred
            return cred

    def metadata_role_credential(self):
        """The bound role's credential: the current one while more than half
        its lifetime remains, else a fresh one (the old stays valid until it
        expires, as the real service rotates)."""
        with self.lock:
            cfg = self.metadata
            cred = self.metadata_credential
            now = self.now()
            if cred is None or cred["Expires"] - now <= cfg["lifetime_seconds"] / 2:
                cred = sts.new_credential(now, cfg["lifetime_seconds"],
                                          "metadata:" + cfg["role"])
                self.credentials[cred["SecretId"]] = cred
                self.metadata_credential = cred
            return cred, cfg

    def configure(self, spec):
        switches = {k: v for k, v in spec.items() if k in assets.SWITCHES}
        unknown = set(spec) - {"rate_limit", "rate_window", "clock"} - set(switches)
        if unknown:
            raise ValueError("unknown field(s): " + ", ".join(sorted(unknown)))
        self.assets.check_switches(switches)
        if "rate_limit" in spec and (not _is_int(spec["rate_limit"])
                                     or spec["rate_limit"] < 0):
            raise ValueError("rate_limit must be a non-negative integer")
        if "rate_window" in spec and spec["rate_window"] not in RATE_WINDOWS:
            raise ValueError("rate_window must be one of " + ", ".join(RATE_WINDOWS))
        c = spec.get("clock")
        if c is not None and (not isinstance(c, (int, float)) or isinstance(c, bool)):
            raise ValueError("clock must be epoch seconds or null")
        with self.lock:
            if "rate_limit" in spec:
                self.rate_limit = spec["rate_limit"]
            if "rate_window" in spec and spec["rate_window"] != self.rate_window:
                self.rate_window = spec["rate_window"]
                self.windows = {}
            if "clock" in spec:
                self.clock = c
                # A sliding window keeps its admitted times, so tests can
                # step the clock through it.
                if self.rate_window == "fixed":
                    self.windows = {}
            answer = {"rate_limit": self.rate_limit,
                      "rate_window": self.rate_window, "clock": self.clock}
            answer.update(self.assets.configure(switches))
            return answer

    def snapshot(self):
        self.assets.settle()
        with self.lock:
            registries = json.loads(json.dumps(self.registries))
            extra = json.loads(json.dumps(self.assets.snapshot()))
            for r in registries:   # the service's side: sync and probe
                r["Sync"] = extra["sync"].get(str(r["RegistryId"]), {})
                r["ConnDetectDetail"], _ = self.assets.conn_view(r)
            state = {"registries": registries,
                     "stats": json.loads(json.dumps(self.stats))}
            for key in ("images", "scans", "vulns", "switches"):
                state[key] = extra[key]
            return state

    def recorded(self):
        with self.lock:
            return json.loads(json.dumps(self.requests))

    def reset(self):
        with self.lock:
            self.registries = []
            self.next_id = 1
            self.requests = []
            self.faults = []
            self.windows = {}
            self.stats = {"requests": 0, "by_code": {}}
            self.credentials = dict(self.base_credentials)
            self.sts_config = self.sts_initial
            self.metadata = dict(self.metadata_initial)
            self.metadata_credential = None
            self.assets.reset()
            self._save()
        # Release every connection held by a `hang` fault, then re-arm.
        self.release.set()
        self.release = threading.Event()

    # ---- API requests ---------------------------------------------------

    def record(self, method, path, headers, body, peer="", listener="api"):
        entry = {"method": method, "path": path, "headers": dict(headers),
                 "peer": peer, "listener": listener,
                 "body_b64": base64.b64encode(body).decode("ascii"),
                 "outcome": None}
        with self.lock:
            self.requests.append(entry)
            self.stats["requests"] += 1
        return entry

    def finish(self, entry, outcome):
        with self.lock:
            entry["outcome"] = outcome
            by_code = self.stats["by_code"]
            by_code[outcome] = by_code.get(outcome, 0) + 1

    def process(self, method, headers, body):
        """headers: {lower-case name: value as received}. Returns
        (response dict, outcome code)."""
        request_id = str(uuid.uuid4())
        try:
            action = self.authenticate(method, headers, body)
            params = self.parse_body(body)
            self.throttle(action)
            result = ACTIONS[action](self, params)
            result["RequestId"] = request_id
            return {"Response": result}, "ok"
        except ApiError as e:
            return error_envelope(e.code, e.message, request_id), e.code

    def process_sts(self, method, headers, body):
        """The STS listener: sts.handle_request (AssumeRoleWithWebIdentity
        unsigned, AssumeRole signed; Region required)."""
        request_id = str(uuid.uuid4())
        try:
            try:
                sts.check_request(method, headers)
            except sts.StsError as e:
                raise ApiError(e.code, e.message) from None
            params = self.parse_body(body)
            self.throttle(sts.STS_ACTION)
            with self.lock:
                cfg, now = self.sts_config, self.now()
                credentials = dict(self.credentials)
            try:
                lifetime, origin = sts.handle_request(cfg, method, headers, body,
                                                      params, now, credentials)
            except sts.StsError as e:
                raise ApiError(e.code, e.message) from None
            except (RuntimeError, OSError):
                raise ApiError("InternalError.SystemError",
                               "The identity provider's keys are unavailable.") from None
            cred = self.issue_credential(lifetime, origin)
            return {"Response": {
                "Credentials": {"Token": cred["Token"],
                                "TmpSecretId": cred["SecretId"],
                                "TmpSecretKey": cred["SecretKey"]},
                "ExpiredTime": cred["Expires"],
                "Expiration": sts.iso8601(cred["Expires"]),
                "RequestId": request_id}}, "ok"
        except ApiError as e:
            return error_envelope(e.code, e.message, request_id), e.code

    def authenticate(self, method, headers, body):
        require_json_post(method, headers)
        with self.lock:
            credentials = dict(self.credentials)
        try:
            tc3.verify(headers, body, self.now(), credentials, SERVICE, MAX_SKEW_SECONDS)
        except tc3.AuthError as e:
            raise ApiError(e.code, e.message) from None
        action = headers.get("x-tc-action", "")
        if action not in ACTIONS:
            raise ApiError("InvalidAction",
                           "The action `%s` is not found." % action)
        version = headers.get("x-tc-version", "")
        if version != API_VERSION:
            raise ApiError("NoSuchVersion",
                           "The API version `%s` is not found; TCSS is %s."
                           % (version, API_VERSION))
        return action

    @staticmethod
    def parse_body(body):
        def no_duplicates(pairs):
            obj = {}
            for key, val in pairs:
                if key in obj:
                    raise ValueError("duplicate key " + key)
                obj[key] = val
            return obj
        try:
            params = json.loads(body.decode("utf-8"),
                                object_pairs_hook=no_duplicates)
        except (UnicodeDecodeError, ValueError):
            params = None
        if not isinstance(params, dict):
            raise ApiError("InvalidParameter.InvalidFormat",
                           "The request body must be one UTF-8 JSON object "
                           "without duplicate keys.")
        return params

    def throttle(self, action):
        with self.lock:
            if not self.rate_limit:
                return
            if self.rate_window == "sliding":
                admitted = self._sliding_window(action)
            else:
                admitted = self._fixed_window(action)
            if not admitted:
                raise ApiError("RequestLimitExceeded",
                               "Your current request is too frequent; the "
                               "limit is %d per second." % self.rate_limit)

    def _fixed_window(self, action):  # with self.lock held
        """At most rate_limit requests per wall-clock second (the window
        restarts at every whole second); refused requests count too."""
        second = int(self.now())
        start, count = self.windows.get(action, (second, 0))
        if start != second:
            count = 0
        count += 1
        self.windows[action] = (second, count)
        return count <= self.rate_limit

    def _sliding_window(self, action):  # with self.lock held
        """At most rate_limit admitted requests in any one-second span: a
        request is admitted when fewer than rate_limit were admitted in the
        second before it. Refused requests do not count."""
        now = self.now()
        admitted = [t for t in self.windows.get(action, ()) if now - t < 1.0]
        ok = len(admitted) < self.rate_limit
        if ok:
            admitted.append(now)
        self.windows[action] = admitted
        return ok

    # ---- actions --------------------------------------------------------

    def _by_name(self, name):
        for r in self.registries:
            if r["Name"] == name:
                return r
        return None


def _asset_action(name):
    return lambda emu, params: getattr(emu.assets, name)(params)


# Every action, by its name: the Assets method that answers it.
ACTIONS = {action: _asset_action(method) for action, method in (
    ("AddAssetImageRegistryRegistryDetail", "add_registry"),
    ("DescribeAssetImageRegistryRegistryDetail", "describe_registry"),
    ("DescribeAssetImageRegistryRegistryList", "list_registries"),
    ("UpdateAssetImageRegistryRegistryDetail", "update_registry"),
    ("RemoveAssetImageRegistryRegistryDetail", "remove_registry"),
    ("CheckRepeatAssetImageRegistry", "check_repeat"),
    ("SyncAssetImageRegistryAsset", "sync_assets"),
    ("DescribeAssetImageRegistryAssetStatus", "asset_status"),
    ("DescribeAssetImageRegistryList", "list_images"),
    ("DescribeAssetImageRegistryDetail", "describe_image"),
    ("CreateAssetImageRegistryScanTask", "create_scan"),
    ("DescribeAssetImageRegistryScanStatusOneKey", "task_status"),
    ("ModifyAssetImageRegistryScanStop", "stop_scan"),
    ("ModifyAssetImageRegistryScanStopOneKey", "stop_scan_onekey"),
    ("DescribeAssetImageRegistryVulList", "vul_list"),
)}


def require_json_post(method, headers):
    """TC3 APIs (TCSS and STS alike) take a POST with a JSON body only."""
    if method != "POST":
        raise ApiError("InvalidParameter",
                       "Only POST with a JSON body is supported.")
    ctype = headers.get("content-type", "")
    if ctype.split(";")[0].strip().lower() != "application/json":
        raise ApiError("InvalidParameter",
                       "Content-Type must be application/json.")


def error_envelope(code, message, request_id=None):
    return {"Response": {"Error": {"Code": code, "Message": message},
                         "RequestId": request_id or str(uuid.uuid4())}}


# --------------------------------------------------------------------------
# HTTP
# --------------------------------------------------------------------------

class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "tcss-emulator/1"
    sys_version = ""
    timeout = 120   # idle keep-alive connections are closed after this
    # Headers and body go out in separate writes; with Nagle on, the client's
    # delayed ACK would add 40 ms to every answer.
    disable_nagle_algorithm = True

    def setup(self):
        self.dead = False
        if isinstance(self.request, ssl.SSLSocket):
            try:
                self.request.settimeout(10)
                self.request.do_handshake()
            except (ssl.SSLError, OSError):
                # The client refused our certificate (wrong host, untrusted,
                # expired): exactly what those listeners are for.
                self.dead = True
        super().setup()

    def handle(self):
        if not self.dead:
            super().handle()

    @property
    def emu(self):
        return self.server.emulator

    def log_message(self, fmt, *args):
        self.emu.log("%s %s" % (self.address_string(), fmt % args))

    def log_request(self, code="-", size="-"):
        pass  # one line per API request is logged in do_api instead

    # ---- plumbing -------------------------------------------------------

    def read_body(self):
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks = []
            total = 0
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                total += size
                if total > MAX_BODY_BYTES:
                    raise ValueError("body too large")
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        if length < 0 or length > MAX_BODY_BYTES:
            raise ValueError("body too large")
        return self.rfile.read(length)

    def send_bytes(self, status, ctype, body, extra=()):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for name, value in extra:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def send_json(self, obj, status=200):
        # Lone surrogates U+DC80..U+DCFF stand for raw bytes (the hostile
        # fixture's invalid UTF-8); any other lone surrogate goes out escaped.
        try:
            body = json.dumps(obj, ensure_ascii=False).encode("utf-8", "surrogateescape")
        except UnicodeEncodeError:
            body = json.dumps(obj).encode("ascii")
        self.send_bytes(status, "application/json", body)

    def received_headers(self):
        headers = {}
        for name, value in self.headers.items():
            key = name.lower()
            headers[key] = headers[key] + ", " + value if key in headers else value
        return headers

    # ---- dispatch -------------------------------------------------------

    def do_GET(self):
        self.dispatch("GET")

    def do_POST(self):
        self.dispatch("POST")

    def do_PUT(self):
        self.dispatch("PUT")

    def do_DELETE(self):
        self.dispatch("DELETE")

    def dispatch(self, method):
        try:
            body = self.read_body()
        except ValueError:
            self.close_connection = True
            self.send_bytes(413, "text/plain", b"request body too large or malformed\n")
            return
        path = urllib.parse.urlsplit(self.path).path
        kind = self.server.kind
        if kind == "metadata":
            self.do_metadata(method, path, body)
        elif path.startswith("/__emulator/") and kind == "api":
            self.do_control(method, path, body)
        elif path == "/":
            self.do_api(method, body)
        else:
            self.send_bytes(404, "text/plain", b"not found\n")

    def do_control(self, method, path, body):
        host = self.client_address[0]
        if not (host.startswith("127.") or host in ("::1", "::ffff:127.0.0.1")):
            self.send_json({"error": "the control API is loopback only"}, 403)
            return
        emu = self.emu
        try:
            spec = json.loads(body.decode("utf-8")) if body.strip() else {}
            if not isinstance(spec, dict):
                raise ValueError("the body must be a JSON object")
            route = (method, path)
            if route == ("POST", "/__emulator/faults"):
                self.send_json({"pending": emu.add_fault(spec)})
            elif route == ("POST", "/__emulator/config"):
                self.send_json(emu.configure(spec))
            elif route == ("GET", "/__emulator/state"):
                self.send_json(emu.snapshot())
            elif route == ("POST", "/__emulator/vulns"):
                self.send_json(emu.assets.set_vulns(spec))
            elif route == ("POST", "/__emulator/images"):
                self.send_json(emu.assets.authorize(spec))
            elif route == ("GET", "/__emulator/requests"):
                self.send_json(emu.recorded())
            elif route in (("POST", "/__emulator/sts"), ("GET", "/__emulator/sts")):
                self.send_json(emu.configure_sts(spec))
            elif route == ("POST", "/__emulator/metadata"):
                self.send_json(emu.configure_metadata(spec))
            elif route == ("GET", "/__emulator/metadata"):
                self.send_json(emu.configure_metadata({}))
            elif route == ("POST", "/__emulator/reset"):
                emu.reset()
                self.send_json({"reset": True})
            else:
                self.send_json({"error": "no such control endpoint"}, 404)
        except (ValueError, UnicodeDecodeError) as e:
            self.send_json({"error": str(e)}, 400)

    def do_api(self, method, body):
        emu = self.emu
        headers = self.received_headers()
        is_sts = self.server.kind == "sts"
        entry = emu.record(method, self.path, headers, body,
                           "%s:%s" % tuple(self.client_address[:2]),
                           self.server.kind)
        fault = emu.take_fault("sts" if is_sts else "tcss", headers.get("x-tc-action", ""))
        if fault and not fault["after_commit"] and fault["mode"] != "trickle":
            response, outcome = None, "fault:" + fault["mode"]
        elif is_sts:
            response, outcome = emu.process_sts(method, headers, body)
        else:
            response, outcome = emu.process(method, headers, body)
            if fault:
                outcome = "fault:" + fault["mode"]
        emu.finish(entry, outcome)
        emu.log("%s %s %s -> %s" % (self.address_string(), method,
                                    headers.get("x-tc-action", "-"), outcome))
        if fault:
            self.api_request = (headers, body)
            self.send_fault(fault, response)
        else:
            self.send_json(response)

    # ---- faults ---------------------------------------------------------

    def send_fault(self, fault, response):
        mode = fault["mode"]
        if mode == "5xx":
            status = fault["status"]
            page = ("<html><head><title>%d</title></head><body><center><h1>%d"
                    "</h1></center><hr><center>stgw</center></body></html>\n"
                    % (status, status)).encode()
            self.send_bytes(status, "text/html", page)
        elif mode == "internal_error":
            self.send_json(error_envelope("InternalError",
                                          "An internal error occurred."))
        elif mode == "error":
            self.send_json(error_envelope(fault["code"], fault["message"]))
        elif mode == "ratelimit":
            self.send_json(error_envelope("RequestLimitExceeded",
                                          "Your current request is too frequent."))
        elif mode == "garbage":
            self.send_bytes(200, "application/json",
                            b"<html>this is not JSON {\"Response\":\n")
        elif mode == "truncated":
            body = json.dumps(response or error_envelope(
                "InternalError", "cut")).encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body) + 64))
            self.end_headers()
            self.wfile.write(body[:len(body) // 2])
            self.close_connection = True
        elif mode == "hang":
            self.emu.release.wait(fault["hang_seconds"])
            self.close_connection = True
        elif mode == "reset":
            self.request.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                    b"\x01\x00\x00\x00\x00\x00\x00\x00")
            self.close_connection = True
            # socket.close() waits for its makefile() users; closing the
            # detached descriptor sends the RST now.
            os.close(self.request.detach())
        elif mode == "echo":
            self.send_echo(fault)
        elif mode == "empty":  # a list that lags behind what was stored
            self.send_json({"Response": {"List": [], "TotalCount": 0,
                                         "RequestId": str(uuid.uuid4())}})
        elif mode == "trickle":
            body = json.dumps(response).encode("ascii")
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            release = self.emu.release
            for i in range(len(body)):
                self.wfile.write(body[i:i + 1])
                release.wait(fault["trickle_ms"] / 1000.0)


    def do_metadata(self, method, path, body):
        """The CVM metadata service: the bound role's name, then its
        credential, as the official SDKs read them."""
        emu = self.emu
        entry = emu.record(method, self.path, self.received_headers(), body,
                           "%s:%s" % tuple(self.client_address[:2]), "metadata")
        with emu.lock:
            cfg = dict(emu.metadata)
        role = cfg["role"]
        outcome = "ok"
        if cfg["mode"] != "ok":
            outcome = "fault:" + cfg["mode"]
        elif method != "GET":
            outcome = "405"
        elif role is None or not path.startswith(sts.METADATA_ROLES_PATH):
            outcome = "404"
        elif path[len(sts.METADATA_ROLES_PATH):] not in ("", role):
            outcome = "404"
        emu.finish(entry, outcome)
        emu.log("%s %s %s -> %s" % (self.address_string(), method, path, outcome))
        if cfg["mode"] == "hang":
            emu.release.wait(cfg["hang_seconds"])
            self.close_connection = True
        elif cfg["mode"] == "reset":
            self.request.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                    b"\x01\x00\x00\x00\x00\x00\x00\x00")
            self.close_connection = True
            os.close(self.request.detach())
        elif cfg["mode"] == "garbage":
            self.send_bytes(200, "text/plain", b"<html>not the metadata service")
        elif outcome != "ok":
            status = int(outcome)
            self.send_bytes(status, "text/html",
                            b"<html><body>%d</body></html>" % status)
        elif path == sts.METADATA_ROLES_PATH:
            self.send_bytes(200, "text/plain", role.encode("utf-8"))
        else:
            cred, cfg = emu.metadata_role_credential()
            self.send_json({"TmpSecretId": cred["SecretId"],
                            "TmpSecretKey": cred["SecretKey"],
                            "ExpiredTime": cred["Expires"],
                            "Expiration": sts.iso8601(cred["Expires"]),
                            "Token": cred["Token"], "Code": cfg["code"]})

    def send_echo(self, fault):
        """An answer that echoes the request's secrets back, in every form a
        careless service (or registry) might: see echo_text()."""
        headers, body = self.api_request
        try:
            params = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            params = None
        text = echo_text(params if isinstance(params, dict) else {},
                         headers.get("x-tc-token", ""))
        where = fault["echo_in"]
        if where == "error":
            answer = error_envelope(fault["code"], text)
        else:
            answer = {"Response": {
                "RegistryId": 1, "RequestId": str(uuid.uuid4()),
                "HealthCheckErr": text if where == "health_check" else "",
                "NameRepeatErr": text if where == "name_repeat" else ""}}
            if where == "request_id":
                answer["Response"]["RequestId"] = text
        # Lone surrogates in text stand for raw bytes: invalid UTF-8 on the wire.
        data = json.dumps(answer, ensure_ascii=False).encode("utf-8", "surrogateescape")
        self.send_bytes(200, "application/json", data)


def _json_every_char(s):
    units = s.encode("utf-16-be")
    return "".join("\\u%02x%02x" % (units[i], units[i + 1])
                   for i in range(0, len(units), 2))


def echo_text(params, token):
    """The `echo` fault's message: the registry URL with the credentials in
    it, the password as given, JSON-escaped (minimal, ASCII-only, every
    character, twice), percent-encoded (upper and lower hex), base64 of
    user:password (alone and at the two other byte offsets), the webhook and
    session tokens; then terminal escapes, a bare CR, CI log commands
    (::add-mask::, ##vso[...]) on lines of their own, bidi and C1 controls,
    and invalid UTF-8."""
    user = str(params.get("Username", ""))
    pw = str(params.get("Password", ""))
    url = str(params.get("Url", "https://registry.invalid"))
    parts = urllib.parse.urlsplit(url if "://" in url else "https://" + url)
    pct = urllib.parse.quote(pw, safe="")
    basic = ("%s:%s" % (user, pw)).encode("utf-8")
    forms = [
        "GET %s://%s:%s@%s/v2/ failed" % (parts.scheme, user, pw, parts.netloc),
        "GET %s://%s:%s@%s/v2/ failed" % (parts.scheme, urllib.parse.quote(user, safe=""),
                                          pct, parts.netloc),
        "password=" + pw,
        "json=" + json.dumps(pw, ensure_ascii=False)[1:-1],
        "json_ascii=" + json.dumps(pw)[1:-1],
        "json_all=" + _json_every_char(pw),
        "json_twice=" + json.dumps(json.dumps(pw))[3:-3],
        "pct=" + pct,
        "pct_lower=" + re.sub("%[0-9A-F]{2}", lambda m: m.group(0).lower(), pct),
        "Authorization: Basic " + base64.b64encode(basic).decode("ascii"),
        "b64_1=" + base64.b64encode(b"x" + basic).decode("ascii"),
        "b64_2=" + base64.b64encode(b"xy" + basic).decode("ascii"),
        "webhook=" + str(params.get("WebhookToken", "")),
        "token=" + token,
    ]
    controls = ("\x1b[2J\x1b[31mred\x1b[0m\rover\x07\x08"
                "\n::add-mask::%s\n##vso[task.setvariable variable=X]y\n"
                "##[error]z \u202egnp.exe \x85 \u2028 \udcff\udcc3(" % user)
    return "; ".join(forms) + " " + controls


class Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True
    # socketserver's default listen backlog is 5: a fleet of 100 processes
    # connecting at once then has SYNs dropped and waits out TCP's 1 s, 2 s,
    # 4 s... retransmits, which is the emulator's limit, not the client's.
    request_queue_size = 256

    def __init__(self, addr, emulator, tls_context=None, kind="api"):
        self.emulator = emulator
        self.kind = kind   # "api" (TCSS + control), "sts" or "metadata"
        self.tls_context = tls_context
        super().__init__(addr, Handler)

    def get_request(self):
        sock, addr = self.socket.accept()
        if self.tls_context is not None:
            # The handshake runs in the connection's own thread (Handler.setup)
            # so a client that stalls it cannot block accept().
            sock = self.tls_context.wrap_socket(
                sock, server_side=True, do_handshake_on_connect=False)
        return sock, addr

    def handle_error(self, request, client_address):
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, ssl.SSLError, socket.timeout)):
            return  # clients hanging up mid-request are routine here
        super().handle_error(request, client_address)


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------

def load_credentials(path):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    if isinstance(data, dict):
        data = data.get("credentials")
    if not isinstance(data, list) or not data:
        raise SystemExit("--credentials: expected a JSON list (or "
                         "{\"credentials\": [...]}) of {SecretId, SecretKey[, Token]}")
    for c in data:
        if not (isinstance(c, dict) and isinstance(c.get("SecretId"), str)
                and isinstance(c.get("SecretKey"), str)
                and isinstance(c.get("Token", ""), str)):
            raise SystemExit("--credentials: every entry needs string SecretId "
                             "and SecretKey (and optionally Token)")
    return data


def parse_args(argv):
    p = argparse.ArgumentParser(
        description="Local stand-in for the TCSS API (2020-11-01).")
    p.add_argument("--host", default="127.0.0.1", help="address to bind")
    p.add_argument("--port", type=int, default=0,
                   help="plain-HTTP port (0: picked by the kernel)")
    p.add_argument("--tls-listener", action="append", default=[],
                   metavar="CERT:KEY",
                   help="also serve HTTPS with this PEM certificate and key, "
                        "each on its own kernel-picked port; repeatable")
    p.add_argument("--port-file",
                   help='write {"http": P, "tls": [P1, ...]} here once listening')
    p.add_argument("--state", help="JSON file keeping registries across restarts")
    p.add_argument("--credentials",
                   help="JSON list of {SecretId, SecretKey[, Token]} replacing "
                        "the defaults")
    p.add_argument("--rate-limit", type=int, default=20,
                   help="requests per second per action (0: off)")
    p.add_argument("--rate-window", choices=RATE_WINDOWS, default="fixed",
                   help="fixed: the limit applies per wall-clock second "
                        "(default); sliding: to any one-second span")
    p.add_argument("--registry-ca",
                   help="extra CA (PEM) trusted by the registry health check")
    p.add_argument("--health-timeout", type=float, default=3.0,
                   help="seconds the health check waits for a registry")
    p.add_argument("--sts-tls-listener", metavar="CERT:KEY",
                   help="also serve STS over HTTPS with this certificate, on a "
                        "kernel-picked port (port file: \"sts_tls\")")
    p.add_argument("--sts-config",
                   help="JSON file with the initial STS configuration "
                        "(the body of POST /__emulator/sts); reset restores it")
    p.add_argument("--cvm-role",
                   help="bind this role on the metadata service at start "
                        "(default: none bound, the role list answers 404)")
    p.add_argument("--config", metavar="F",
                   help="JSON file with initial switches (keys of POST "
                        "/__emulator/config, e.g. scan_seconds); reset restores them")
    p.add_argument("--log", help="append the request log here (default stderr)")
    p.add_argument("--quiet", action="store_true", help="no request log")
    p.add_argument("--exit-with-parent", action="store_true",
                   help="exit when the parent process goes away")
    return p.parse_args(argv)


def server_tls(spec):
    cert, sep, key = spec.partition(":")
    if not sep:
        raise SystemExit("a TLS listener takes CERT:KEY")
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    return ctx


def main(argv=None):
    args = parse_args(argv)
    credentials = (load_credentials(args.credentials) if args.credentials
                   else DEFAULT_CREDENTIALS)
    log_lock = threading.Lock()
    log_file = open(args.log, "a", encoding="utf-8") if args.log else sys.stderr

    def log(line):
        if args.quiet:
            return
        with log_lock:
            log_file.write("%s %s\n" % (time.strftime("%H:%M:%S"), line))
            log_file.flush()

    sts_config = None
    if args.sts_config:
        with open(args.sts_config, encoding="utf-8") as f:
            sts_config = json.load(f)
    try:
        emulator = Emulator(credentials, args.state, args.rate_limit,
                            args.registry_ca, args.health_timeout, log,
                            args.rate_window, sts_config,
                            {"role": args.cvm_role})
    except ValueError as e:
        raise SystemExit("--sts-config/--cvm-role: %s" % e)
    if args.config:
        with open(args.config, encoding="utf-8") as f:
            initial = json.load(f)
        if not isinstance(initial, dict) or set(initial) - set(assets.SWITCHES):
            raise SystemExit("--config: expected a JSON object of switches: "
                             + ", ".join(sorted(assets.SWITCHES)))
        try:
            emulator.assets.set_initial(initial)
        except ValueError as e:
            raise SystemExit("--config: %s" % e)
    servers = [Server((args.host, args.port), emulator)]
    for spec in args.tls_listener:
        servers.append(Server((args.host, 0), emulator, server_tls(spec)))
    # STS and the metadata service on loopback listeners of their own.
    sts_server = Server((args.host, 0), emulator, kind="sts")
    metadata_server = Server((args.host, 0), emulator, kind="metadata")
    tls_servers = servers[1:]
    servers += [sts_server, metadata_server]
    if args.sts_tls_listener:
        servers.append(Server((args.host, 0), emulator,
                              server_tls(args.sts_tls_listener), kind="sts"))

    # Blocked before any thread starts (threads inherit the mask), then
    # waited for synchronously: a TERM ends the main loop at once.
    stop_signals = {signal.SIGTERM, signal.SIGINT}
    signal.pthread_sigmask(signal.SIG_BLOCK, stop_signals)
    for s in servers:
        threading.Thread(target=s.serve_forever, daemon=True).start()
    ports = {"http": servers[0].server_address[1],
             "tls": [s.server_address[1] for s in tls_servers],
             "sts": sts_server.server_address[1],
             "metadata": metadata_server.server_address[1]}
    if args.sts_tls_listener:
        ports["sts_tls"] = servers[-1].server_address[1]
    if args.port_file:
        write_json_atomically(args.port_file, ports, indent=None)
    log("listening: %s" % json.dumps(ports))

    parent = os.getppid()
    while signal.sigtimedwait(stop_signals, 0.2) is None:
        if args.exit_with_parent and os.getppid() != parent:
            break
    # Every change is already on disk (atomic writes), so there is nothing to
    # drain: close the listeners and let the daemon threads go with us.
    for s in servers:
        s.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
