"""Python bindings of libtcss (ctypes): register image registries with
Tencent Cloud Container Security Service.

    import tcss
    with tcss.Client() as client:           # credentials: env, then profile file
        result = client.add_registry(
            name="harbor-prod", url="https://harbor.example.com",
            registry_type="harbor", username="robot",
            password=os.environ["HARBOR_PASSWORD"])
        print(result.registry_id, result.already_existed)

Failures raise tcss.Error (or one of its subclasses, one per error class)
carrying the class, the service's code, the message and the RequestId.

libtcss 1.1 adds the recurring job: ensure_registry (add, or update in
place), list_registries, show_registry, remove_registry, sync, and scan (scan
the image just pushed and gate on its findings; ScanResult.write_report
writes the GitLab, SARIF, JUnit or json report).

The library is found through $TCSS_LIBRARY (a path), else "libtcss.so.1" on
the dynamic loader's path, else ctypes.util.find_library("tcss").
"""
import base64
import builtins
import ctypes
import json
import math
import os
import re
import threading
import urllib.parse
from dataclasses import dataclass, field

from . import _native
from . import _values as values  # noqa: F401 - the header's lists, defaults and limits

__all__ = [
    "Client", "RegistryResult", "EnsureResult", "RegistryList", "Registry", "RemoveResult",
    "SyncResult", "ScanResult", "Error", "InvalidArgumentError", "CredentialsError",
    "AuthError", "ServiceError", "RateLimitError", "NetworkError", "CallTimeoutError",
    "TLSError", "BadResponseError", "OutOfMemoryError", "InternalError", "NotFoundError",
    "LibraryVersionError", "version", "version_number",
    "LOG_ERROR", "LOG_WARN", "LOG_INFO", "LOG_DEBUG",
]

__version__ = "1.1.0"  # the wheel's version (pyproject.toml reads it); = tcss.version() of the bundled library

_lib = _native.load()

LOG_ERROR, LOG_WARN, LOG_INFO, LOG_DEBUG = 0, 1, 2, 3


def version():
    """The loaded library's version, "MAJOR.MINOR.PATCH"."""
    return _lib.tcss_version().decode()


def version_number():
    """The loaded library's version as MAJOR * 10000 + MINOR * 100 + PATCH."""
    return int(_lib.tcss_version_number())


class Error(Exception):
    """A libtcss failure.

    Attributes: code (the negative tcss_error_code), error_class ("auth",
    "service", ...), message, service_code ("" when the failure did not come
    from the service), service_message, request_id ("" when no answer
    arrived), http_status (0 when none), attempts. Never holds a secret.
    """

    def __init__(self, code, error_class, message, service_code="", service_message="",
                 request_id="", http_status=0, attempts=0):
        self.code = code
        self.error_class = error_class
        self.message = message
        self.service_code = service_code
        self.service_message = service_message
        self.request_id = request_id
        self.http_status = http_status
        self.attempts = attempts
        text = "%s: %s" % (error_class, message)
        if service_code:
            text += " [%s]" % service_code
        if request_id:
            text += " (RequestId %s)" % request_id
        super().__init__(text)


class InvalidArgumentError(Error, ValueError):
    """TCSS_EINVAL: a bad field, caught before anything was sent. Also a
    ValueError: a value of the wrong type or with a NUL character, which the
    binding refuses before calling the library, raises it too."""


class CredentialsError(Error):
    """TCSS_ECREDENTIALS: no usable SecretId/SecretKey."""


class AuthError(Error):
    """TCSS_EAUTH: the service refused the signature or the key."""


class ServiceError(Error):
    """TCSS_ESERVICE: the service rejected the request."""


class RateLimitError(Error):
    """TCSS_ERATELIMIT: RequestLimitExceeded on every attempt."""


class NetworkError(Error):
    """TCSS_ENETWORK: the endpoint could not be reached."""


class CallTimeoutError(Error, builtins.TimeoutError):
    """TCSS_ETIMEOUT: the call took longer than its timeout. Also the built-in
    TimeoutError, so `except TimeoutError` catches it as it catches
    socket.timeout."""


# The old name, kept for code that says tcss.TimeoutError; not in __all__, so
# `from tcss import *` no longer shadows the built-in.
TimeoutError = CallTimeoutError  # noqa: A001


class TLSError(Error):
    """TCSS_ETLS: certificate or handshake failure."""


class BadResponseError(Error):
    """TCSS_EBADRESPONSE: the answer was not a valid TCSS response."""


class OutOfMemoryError(Error):
    """TCSS_ENOMEM."""


class InternalError(Error):
    """TCSS_EINTERNAL: a bug in libtcss."""


class NotFoundError(Error):
    """TCSS_ENOTFOUND (libtcss 1.1, class "not_found"): no registry of that
    name, or no image row for the reference after the sync and the wait."""


class LibraryVersionError(NotImplementedError):
    """A call the loaded libtcss is too old for (the 1.1 calls on a 1.0
    library). Raised before the library is called; `needed` and `loaded` are
    "MAJOR.MINOR.PATCH" strings. Not a tcss.Error: nothing was attempted."""

    def __init__(self, call, needed, loaded):
        self.call = call
        self.needed = needed
        self.loaded = loaded
        super().__init__(
            "tcss.Client.%s needs libtcss %s or later; the loaded library is %s (%s). Install a "
            "newer libtcss, or the tcss wheel, which carries its own, or point TCSS_LIBRARY at one"
            % (call, needed, loaded, getattr(_lib, "_name", "libtcss")))


_CLASSES = {
    _native.EINVAL: InvalidArgumentError, _native.ECREDENTIALS: CredentialsError,
    _native.EAUTH: AuthError, _native.ESERVICE: ServiceError,
    _native.ERATELIMIT: RateLimitError, _native.ENETWORK: NetworkError,
    _native.ETIMEOUT: CallTimeoutError, _native.ETLS: TLSError,
    _native.EBADRESPONSE: BadResponseError, _native.ENOMEM: OutOfMemoryError,
    _native.EINTERNAL: InternalError, _native.ENOTFOUND: NotFoundError,
}


def _text(value):
    return value.decode("utf-8", "replace") if value is not None else ""


def _check(rc):
    """The one place where a return code becomes an exception. Must run on
    the thread that made the call: libtcss's last error is per thread."""
    if rc == _native.OK:
        return
    err = _lib.tcss_error_last()
    cls = _CLASSES.get(rc, Error)
    raise cls(rc, _text(_lib.tcss_error_class_name(rc)), _text(_lib.tcss_error_message(err)),
              _text(_lib.tcss_error_service_code(err)), _text(_lib.tcss_error_service_message(err)),
              _text(_lib.tcss_error_request_id(err)), int(_lib.tcss_error_http_status(err)),
              int(_lib.tcss_error_attempts(err)))


@dataclass(frozen=True)
class RegistryResult:
    """What a successful add_registry() returns."""
    registry_id: int
    request_id: str
    health_check_err: str   # "" when TCSS reached the registry
    name_repeat_err: str
    already_existed: bool
    attempts: int


def _members(data, names):
    """The keyword arguments of a result class: data's members by API name,
    absent or null ones as the field's default ("" or 0)."""
    out = {}
    for attr, (key, kind) in names.items():
        value = data.get(key)
        if kind is str:
            out[attr] = value if isinstance(value, str) else ("" if value is None else str(value))
        elif kind is int:
            out[attr] = value if isinstance(value, int) and not isinstance(value, bool) else 0
        elif kind is bool:
            out[attr] = value is True or value == 1
        elif kind is tuple:
            out[attr] = tuple(value) if isinstance(value, list) else ()
    return out


@dataclass(frozen=True)
class EnsureResult:
    """What ensure_registry() did. action: "added", "updated" or
    "unchanged"; changed: the API names of the settings that differed;
    reason: why it was updated (or, with update="never", what differs);
    requests: how many requests it took. data: the whole result (the
    library's JSON, as `tcss ensure-registry --output json` prints it)."""
    action: str
    registry_id: int
    name: str
    changed: tuple
    reason: str
    health_check_err: str   # "" when TCSS reached the registry
    request_id: str
    requests: int
    data: dict = field(repr=False, compare=False, hash=False)

    _NAMES = {"action": ("Action", str), "registry_id": ("RegistryId", int),
              "name": ("Name", str), "changed": ("Changed", tuple), "reason": ("Reason", str),
              "health_check_err": ("HealthCheckErr", str), "request_id": ("RequestId", str),
              "requests": ("Requests", int)}


@dataclass(frozen=True)
class RegistryList:
    """Every registry of the account (list_registries()). registries: one
    dict per registry with RegistryId, Name, RegistryType, Url, NetType,
    RegistryRegion, RegistryVersion, SyncStatus, LatestSyncTime,
    ConnDetectStatus (as TCSS has them, cleaned; never a password)."""
    total_count: int
    registries: tuple = field(hash=False)
    requests: int
    data: dict = field(repr=False, compare=False, hash=False)

    _NAMES = {"total_count": ("TotalCount", int), "registries": ("Registries", tuple),
              "requests": ("Requests", int)}

    @property
    def names(self):
        """The registries' names, in the service's order."""
        return tuple(r.get("Name", "") for r in self.registries)


@dataclass(frozen=True)
class Registry:
    """One registry (show_registry()): its list row and detail, never its
    password. The rest of the detail (SpeedLimit, Insecure, SyncMode,
    NeedScan, SyncFailReason, ConnDetect, ...) is in data."""
    registry_id: int
    name: str
    registry_type: str
    url: str
    net_type: str
    registry_region: str
    registry_version: str
    username: str
    sync_status: str        # "" before the first sync, else "doing", "success", "failed"
    latest_sync_time: str
    conn_detect_status: str
    data: dict = field(repr=False, compare=False, hash=False)

    _NAMES = {"registry_id": ("RegistryId", int), "name": ("Name", str),
              "registry_type": ("RegistryType", str), "url": ("Url", str),
              "net_type": ("NetType", str), "registry_region": ("RegistryRegion", str),
              "registry_version": ("RegistryVersion", str), "username": ("Username", str),
              "sync_status": ("SyncStatus", str), "latest_sync_time": ("LatestSyncTime", str),
              "conn_detect_status": ("ConnDetectStatus", str)}


@dataclass(frozen=True)
class RemoveResult:
    """What remove_registry() removed."""
    registry_id: int
    name: str
    request_id: str
    data: dict = field(repr=False, compare=False, hash=False)

    _NAMES = {"registry_id": ("RegistryId", int), "name": ("Name", str),
              "request_id": ("RequestId", str)}


@dataclass(frozen=True)
class SyncResult:
    """How sync() ended. finished: the sync ended within the wait (False
    without a wait); sync_status "doing", "success" or "failed"."""
    registry_id: int
    name: str
    sync_status: str
    latest_sync_time: str
    sync_fail_reason: str
    finished: bool
    waited_ms: int
    request_id: str
    data: dict = field(repr=False, compare=False, hash=False)

    _NAMES = {"registry_id": ("RegistryId", int), "name": ("Name", str),
              "sync_status": ("SyncStatus", str), "latest_sync_time": ("LatestSyncTime", str),
              "sync_fail_reason": ("SyncFailReason", str), "finished": ("Finished", bool),
              "waited_ms": ("WaitedMs", int), "request_id": ("RequestId", str)}


def _make(cls, data):
    return cls(data=data, **_members(data, cls._NAMES))


class _Closing:
    """`with` support and a last-chance close for an object that holds a
    library handle in `_handle` and releases it in `close()`."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        if getattr(self, "_handle", None) is not None:
            try:
                self.close()
            except Exception:  # interpreter shutdown: module globals may be gone
                pass


class ScanResult(_Closing):
    """What scan() found and how the gate judged it (tcss_result).

    outcome: "passed", "gate_failed" or "incomplete" (tcss.values.OUTCOMES,
    outcome_code its index); passed is outcome == "passed". image,
    image_id, scan_status (SCANNED, SCAN_ERR, ...), task_id, waited_ms;
    counts, gate and findings as the json report has them; data: the whole
    result (schema "libtcss-scan-report/1" plus Outcome, OutcomeCode,
    ImageId, ScanStatus, TaskID, JoinedRunningScan, WaitedMs). Every string
    from the service in it is cleaned; no secret is in it.

    write_report(format, path) writes a report file. The result holds the
    library's copy of the findings until close() (or `with`, or garbage
    collection); it does not need the client.
    """

    def __init__(self, handle):
        # The handle is kept only once everything below has worked: the
        # caller frees it when this raises.
        self._handle = None
        self._lock = threading.Lock()
        self.data = json.loads(_text(_lib.tcss_result_json(handle)))
        d = self.data
        self.outcome = d.get("Outcome", "") if isinstance(d.get("Outcome"), str) else ""
        code = d.get("OutcomeCode")
        self.outcome_code = code if isinstance(code, int) and not isinstance(code, bool) else -1
        image = d.get("Image", d.get("image", ""))
        self.image = image if isinstance(image, str) else ""
        self.image_id = _members(d, {"v": ("ImageId", int)})["v"]
        self.scan_status = _members(d, {"v": ("ScanStatus", str)})["v"]
        self.task_id = _members(d, {"v": ("TaskID", str)})["v"]
        self.waited_ms = _members(d, {"v": ("WaitedMs", int)})["v"]
        gate = d.get("gate", d.get("Gate"))
        self.gate = gate if isinstance(gate, dict) else {}
        counts = self.gate.get("counts", d.get("Counts"))
        self.counts = counts if isinstance(counts, dict) else {}
        findings = d.get("findings", d.get("Findings"))
        self.findings = findings if isinstance(findings, list) else []
        self._handle = handle

    @property
    def passed(self):
        return self.outcome == "passed"

    def __repr__(self):
        return "ScanResult(outcome=%r, image=%r, scan_status=%r, findings=%d)" % (
            self.outcome, self.image, self.scan_status, len(self.findings))

    def write_report(self, format, path):  # noqa: A002 - the library's word
        """Write this result as a report file: format "gitlab" (GitLab
        container_scanning, security report schema 15), "sarif" (SARIF 2.1.0
        for GitHub code scanning), "junit" (a test case per finding, a
        failure for each that fails the gate) or "json"
        (tcss.values.REPORT_FORMATS_LIST). The file is written whole or not at
        all. Raises InvalidArgumentError for another format or a bad path,
        tcss.Error when the file cannot be written."""
        if not isinstance(format, str) or format not in values.REPORT_FORMATS_LIST:
            raise _invalid("format", "must be one of %s, got %s"
                           % (", ".join(values.REPORT_FORMATS_LIST), _shown(format)))
        raw = _b("path", path)
        if not raw:
            raise _invalid("path", "must not be empty" if raw is not None else "is required")
        with self._lock:
            if self._handle is None:
                raise ValueError("tcss.ScanResult is closed")
            _check(_lib.tcss_result_write_report(self._handle, format.encode(), raw))

    def close(self):
        """Release the library's copy of the result. Idempotent; data and
        the attributes stay readable."""
        with self._lock:
            handle, self._handle = self._handle, None
        if handle is not None:
            _lib.tcss_result_free(handle)



_MASK = "********"


def _secret_forms(username, secret):
    """The encodings in which a service may echo a secret: raw,
    JSON-escaped, percent-encoded (either case) and the Basic credential."""
    if isinstance(secret, bytes):
        secret = secret.decode("utf-8", "replace")
    if not isinstance(secret, str) or len(secret) < 4:
        return []
    forms = {secret, json.dumps(secret)[1:-1], json.dumps(secret, ensure_ascii=False)[1:-1]}
    quoted = urllib.parse.quote(secret, safe="")
    forms.update((quoted, quoted.lower()))
    if isinstance(username, bytes):
        username = username.decode("utf-8", "replace")
    if isinstance(username, str):
        forms.add(base64.b64encode(("%s:%s" % (username, secret)).encode()).decode())
    return sorted(forms, key=len, reverse=True)


def _masked(text, forms):
    for form in forms:
        text = text.replace(form, _MASK)
    return text


# A password or webhook token as a JSON member of a traced answer (TCSS's
# registry detail may return the password plain).
_SECRET_MEMBER = re.compile(r'("(?:Password|WebhookToken)"\s*:\s*")((?:[^"\\]|\\.)*)(")')


def _masked_line(line, forms):
    """A log line with the call's secrets (forms) and any Password or
    WebhookToken member's value masked."""
    return _SECRET_MEMBER.sub(lambda m: m.group(1) + (_MASK if m.group(2) else "") + m.group(3),
                              _masked(line, forms))


def _mask(error, forms):
    """Masks each of forms (_secret_forms) in the error's texts, in place (a
    copy would keep the original in the traceback's context)."""
    if not forms:
        return

    def clean(text):
        return _masked(text, forms)
    error.message = clean(error.message)
    error.service_message = clean(error.service_message)
    error.service_code = clean(error.service_code)
    error.args = tuple(clean(a) if isinstance(a, str) else a for a in error.args)


def _need_1_1(call):
    """Raises LibraryVersionError when the loaded library predates the 1.1
    calls, instead of the AttributeError ctypes would raise."""
    number = int(_lib.tcss_version_number())
    if number < _native.VERSION_1_1:
        raise LibraryVersionError(call, "1.1.0", "%d.%d.%d" % (number // 10000, number // 100 % 100,
                                                              number % 100))


def _required(field_name, value):
    """A required string argument (a registry name, an image)."""
    raw = _b(field_name, value)
    if not raw:
        raise _invalid(field_name, "is required" if raw is None else "must not be empty")
    return raw


def _bool(name, value):
    """A True/False argument (or 0/1) that has no "unset" state."""
    if isinstance(value, bool) or (isinstance(value, int) and value in (0, 1)):
        return int(value)
    raise _invalid(name, "must be True or False (or 0/1), got %s" % _shown(value))


def _wait_ms(name, seconds, least=0):
    """Seconds (int or float, `least` or more) as the library's
    milliseconds; None is 0 (the library's default). A positive wait is at
    least 1 ms, so it never rounds down to 0, which means something else."""
    if seconds is None:
        return 0
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)):
        raise _invalid(name, "must be a number of seconds (int or float), got %s" % _shown(seconds))
    limit = values.MAX_TIMEOUT_MS // 1000
    if not (isinstance(seconds, int) or math.isfinite(seconds)) or not least <= seconds <= limit \
            or (least and seconds == 0):
        raise _invalid(name, "must be %s to %d seconds, got %s"
                       % ("more than 0 (None: the default)" if least else "between 0", limit,
                          _shown(seconds)))
    return max(int(round(seconds * 1000)), 1 if seconds > 0 else 0)


def _choice(name, value, choices):
    if not isinstance(value, str) or value not in choices:
        raise _invalid(name, "must be one of %s, got %s" % (", ".join(choices), _shown(value)))
    return value


def _invalid(field, rule):
    """An InvalidArgumentError raised by the binding itself, in the library's
    form ("field: rule"). The rule never quotes the value: it may be a secret."""
    return InvalidArgumentError(_native.EINVAL, _text(_lib.tcss_error_class_name(_native.EINVAL)),
                                "%s: %s" % (field, rule))


# Fields that name a file: a path object (pathlib) is accepted there too.
_PATH_FIELDS = frozenset(("ca_file", "web_identity_token_file", "ignore_file", "path"))


def _b(field, value):
    """A string argument as the NUL-terminated UTF-8 the C struct holds.
    ctypes would cut a string at its first NUL ("prod\\0-other" would
    register "prod", a password would be sent cut short), so a NUL is refused,
    as the Java binding refuses it; so is anything that is not text (str() of
    a list or a number would be sent as if it were the value)."""
    if value is None:
        return None
    if field in _PATH_FIELDS and isinstance(value, os.PathLike):
        value = os.fspath(value)
    if isinstance(value, str):
        if "\0" in value:
            raise _invalid(field, "must not contain a NUL character")
        try:
            return value.encode("utf-8")
        except UnicodeEncodeError:
            raise _invalid(field, "must be valid Unicode text (it holds a lone surrogate)") from None
    if isinstance(value, bytes):
        if b"\0" in value:
            raise _invalid(field, "must not contain a NUL character")
        return value
    raise _invalid(field, "must be a string (str or bytes), got %s" % type(value).__name__)


def _flag(name, value):
    if value is None:
        return _native.UNSET
    if isinstance(value, bool) or (isinstance(value, int) and value in (0, 1)):
        return int(value)
    raise _invalid(name, "must be True or False (or 0/1), got %s" % _shown(value))


def _shown(value):
    """A non-secret value in a message: its repr when short, else its type."""
    text = repr(value)
    return text if len(text) <= 40 else "a %s" % type(value).__name__


# The C types' ranges, so ctypes never wraps a number silently.
_RANGES = {"long": (-(1 << 63), (1 << 63) - 1), "int": (-(1 << 31), (1 << 31) - 1),
           "uint": (0, (1 << 32) - 1), "longlong": (-(1 << 63), (1 << 63) - 1)}


def _int(name, value, ctype):
    """An integer argument for a C field of type ctype; bool, float and
    numeric strings ("10") are refused, not converted."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise _invalid(name, "must be an int, got %s" % _shown(value))
    low, high = _RANGES[ctype]
    if not low <= value <= high:
        raise _invalid(name, "must be between %d and %d, got %d" % (low, high, value))
    return value


_SYNC_MODES = {"full": 0, "incremental": 1, 0: 0, 1: 1}


def _set_keyless(opts, **kw):
    """Fills the version 2 (keyless) fields and raises the options' version
    to 2 only when one is set, so a client that uses none of them still runs
    against a 1.0 library."""
    strings = ("sts_endpoint", "metadata_endpoint", "role_arn", "provider_id",
               "web_identity_token", "web_identity_token_file", "role_session_name")
    # 0 (the default) or seconds; the library checks 1..43200 itself.
    duration = _int("session_duration", 0 if kw["session_duration"] is None
                    else kw["session_duration"], "uint")
    given = {k: _b(k, kw[k]) for k in strings}
    used = any(v is not None for v in given.values()) or bool(kw["no_metadata"]) or duration
    if not used:
        return
    opts.version = _native.CLIENT_OPTIONS_VERSION_KEYLESS
    for k in strings:
        setattr(opts, k, given[k])
    opts.no_metadata = 1 if kw["no_metadata"] else 0
    opts.session_duration = duration


class Client(_Closing):
    """A TCSS client (tcss_client). Safe to share between threads.

    close() is idempotent and waits for calls in progress on other threads
    (ctypes releases the GIL during a call, so another thread can close the
    client while a call is inside the library); once close() has begun,
    every new call raises ValueError instead of touching freed memory.

    Every argument is optional; None means the library's default:
    credentials from TENCENTCLOUD_SECRET_ID / TENCENTCLOUD_SECRET_KEY /
    TENCENTCLOUD_SESSION_TOKEN, else ~/.tencentcloud/credentials; endpoint
    from $TCSS_ENDPOINT, else https://tcss.intl.tencentcloudapi.com.
    Keyless credentials (options version 2, libtcss 1.1 or later; passed only
    when one of them is set): role_arn with web_identity_token (a secret,
    never put in a message) or web_identity_token_file are exchanged at STS
    (sts_endpoint, else $TCSS_STS_ENDPOINT) for temporary keys; provider_id
    (default "OIDC"), role_session_name and session_duration (seconds) go
    with them; metadata_endpoint / no_metadata steer the CVM instance role,
    the chain's last source. A refusal raises CredentialsError carrying
    STS's code and RequestId.
    `log` is a callable(level, line) receiving already-redacted lines.
    """

    def __init__(self, *, secret_id=None, secret_key=None, session_token=None, profile=None,
                 region=None, endpoint=None, ca_file=None, proxy=None, language=None,
                 connect_timeout_ms=0, timeout_ms=0, max_attempts=0, requests_per_second=0,
                 log=None, log_level=LOG_WARN, sts_endpoint=None, metadata_endpoint=None,
                 no_metadata=False, role_arn=None, provider_id=None, web_identity_token=None,
                 web_identity_token_file=None, role_session_name=None, session_duration=0):
        # Set first, so close() and __del__ work even if the constructor fails.
        self._handle = None
        self._cond = threading.Condition()     # guards _handle and _in_flight
        self._in_flight = 0                    # calls inside the library now
        self._close_lock = threading.Lock()    # one close() at a time
        self._depth = threading.local()        # calls of this thread on this client
        opts = _native.ClientOptions()
        _check(_lib.tcss_client_options_init(ctypes.byref(opts), _native.CLIENT_OPTIONS_VERSION))
        opts.secret_id = _b("secret_id", secret_id)
        opts.secret_key = _b("secret_key", secret_key)
        opts.session_token = _b("session_token", session_token)
        opts.profile = _b("profile", profile)
        opts.region = _b("region", region)
        opts.endpoint = _b("endpoint", endpoint)
        opts.ca_file = _b("ca_file", ca_file)
        opts.proxy = _b("proxy", proxy)
        opts.language = _b("language", language)
        opts.connect_timeout_ms = _int("connect_timeout_ms", connect_timeout_ms, "long")
        opts.timeout_ms = _int("timeout_ms", timeout_ms, "long")
        opts.max_attempts = _int("max_attempts", max_attempts, "uint")
        opts.requests_per_second = _int("requests_per_second", requests_per_second, "int")
        _set_keyless(opts, sts_endpoint=sts_endpoint, metadata_endpoint=metadata_endpoint,
                     no_metadata=no_metadata, role_arn=role_arn, provider_id=provider_id,
                     web_identity_token=web_identity_token,
                     web_identity_token_file=web_identity_token_file,
                     role_session_name=role_session_name, session_duration=session_duration)
        self._log_fn = None
        # The secrets of the call in progress on each thread (ensure_registry
        # sets them): masked in its log lines too.
        self._masking = threading.local()
        if log is not None:
            def trampoline(level, line, _userdata, _log=log, _masking=self._masking):
                try:
                    _log(int(level), _masked_line(_text(line), getattr(_masking, "forms", ())))
                except Exception:  # never unwind into C
                    pass
            self._log_fn = _native.LOG_FN(trampoline)   # kept alive with the client
            opts.log_fn = self._log_fn
            opts.log_level = _int("log_level", log_level, "int")
        handle = ctypes.c_void_p()
        _check(_lib.tcss_client_new(ctypes.byref(handle), ctypes.byref(opts)))
        self._handle = handle

    @property
    def closed(self):
        """True once close() has begun."""
        with self._cond:
            return self._handle is None

    def close(self):
        """Release the client and wipe its secrets. Idempotent. Waits for
        calls in progress on other threads (as the Java binding's close()
        does); calls made once it has begun raise ValueError. Raises
        RuntimeError when called from inside a call on this client (a log
        callback), which would otherwise wait for itself."""
        if getattr(self._depth, "n", 0) > 0:
            raise RuntimeError("tcss.Client.close() called from inside a call on the same client "
                               "(a log callback?); close it after the call returns")
        with self._close_lock:
            with self._cond:
                handle, self._handle = self._handle, None
                while self._in_flight:
                    self._cond.wait()
            if handle is not None:
                _lib.tcss_client_free(handle)


    def _enter(self):
        """Registers a call in flight and returns the live handle; pair with
        _leave(). Raises ValueError once close() has begun."""
        with self._cond:
            if self._handle is None:
                raise ValueError("tcss.Client is closed")
            self._in_flight += 1
        self._depth.n = getattr(self._depth, "n", 0) + 1
        return self._handle

    def _leave(self):
        self._depth.n -= 1
        with self._cond:
            self._in_flight -= 1
            if self._in_flight == 0:
                self._cond.notify_all()

    @staticmethod
    def _spec(name, username, password, url, registry_type, net_type, registry_version,
              registry_region, speed_limit, insecure, conn_detect, need_scan, sync_mode,
              webhook_url, webhook_token, instance_id):
        # The returned tuple keeps every buffer the struct points to alive.
        spec = _native.RegistrySpec()
        _check(_lib.tcss_registry_spec_init(ctypes.byref(spec), _native.REGISTRY_SPEC_VERSION))
        spec.name = _b("name", name)
        spec.username = _b("username", username)
        spec.password = _b("password", password)
        spec.url = _b("url", url)
        spec.registry_type = _b("registry_type", registry_type)
        spec.net_type = _b("net_type", net_type)
        spec.registry_version = _b("registry_version", registry_version)
        spec.registry_region = _b("registry_region", registry_region)
        spec.webhook_url = _b("webhook_url", webhook_url)
        spec.webhook_token = _b("webhook_token", webhook_token)
        spec.instance_id = _b("instance_id", instance_id)
        if speed_limit is not None:
            spec.speed_limit = _int("speed_limit", speed_limit, "longlong")
        spec.insecure = _flag("insecure", insecure)
        spec.need_scan = _flag("need_scan", need_scan)
        if sync_mode is not None:
            if (isinstance(sync_mode, bool) or not isinstance(sync_mode, (str, int))
                    or sync_mode not in _SYNC_MODES):
                raise _invalid("sync_mode", "must be 'full' or 'incremental', got %s"
                               % _shown(sync_mode))
            spec.sync_mode = _SYNC_MODES[sync_mode]
        items = None
        if conn_detect is not None and (isinstance(conn_detect, (str, bytes, dict))
                                        or not hasattr(conn_detect, "__iter__")):
            raise _invalid("conn_detect", "must be a list of (quuid, uuid) pairs or dicts, got a %s"
                           % type(conn_detect).__name__)
        if conn_detect:
            pairs = []
            for i, item in enumerate(conn_detect):
                where = "conn_detect[%d]" % i
                if isinstance(item, dict):
                    pairs.append((item.get("quuid", item.get("Quuid")),
                                  item.get("uuid", item.get("Uuid")), where))
                elif isinstance(item, (tuple, list)) and len(item) == 2:
                    pairs.append((item[0], item[1], where))
                else:
                    raise _invalid(where, "must be a (quuid, uuid) pair or a "
                                          "{\"quuid\": ..., \"uuid\": ...} dict, got a %s"
                                   % type(item).__name__)
            items = (_native.ConnDetect * len(pairs))(
                *[_native.ConnDetect(_b(w + ".quuid", q), _b(w + ".uuid", u)) for q, u, w in pairs])
            spec.conn_detect = ctypes.cast(items, ctypes.POINTER(_native.ConnDetect))
            spec.conn_detect_count = len(pairs)
        return spec, items

    def add_registry(self, *, name, url, registry_type, username, password, net_type="public",
                     registry_version=None, registry_region=None, speed_limit=None,
                     insecure=None, conn_detect=None, need_scan=None, sync_mode=None,
                     webhook_url=None, webhook_token=None, instance_id=None):
        """Register a registry (AddAssetImageRegistryRegistryDetail).

        None leaves an optional field out of the request. insecure and
        need_scan take booleans; sync_mode "full" or "incremental";
        conn_detect a list of (quuid, uuid) pairs or {"quuid", "uuid"} dicts.
        When a registry of this name exists, returns it with
        already_existed=True. Raises tcss.Error on failure.
        """
        spec, keep = self._spec(name, username, password, url, registry_type, net_type,
                                registry_version, registry_region, speed_limit, insecure,
                                conn_detect, need_scan, sync_mode, webhook_url, webhook_token,
                                instance_id)
        out = ctypes.POINTER(_native.RegistryResult)()
        # The error and the result are read before _leave(): close() frees
        # nothing while they are being read.
        handle = self._enter()
        try:
            rc = _lib.tcss_add_registry(ctypes.byref(out), handle, ctypes.byref(spec))
            del keep
            _check(rc)
            try:
                r = out.contents
                return RegistryResult(int(r.registry_id), _text(r.request_id),
                                      _text(r.health_check_err), _text(r.name_repeat_err),
                                      bool(r.already_existed), int(r.attempts))
            finally:
                _lib.tcss_registry_result_free(out)
        finally:
            self._leave()

    def add_registry_preview(self, **fields):
        """The exact HTTP request add_registry(**fields) would send now,
        secrets masked. Sends nothing. Same arguments as add_registry()."""
        args = dict(net_type="public", registry_version=None, registry_region=None,
                    speed_limit=None, insecure=None, conn_detect=None, need_scan=None,
                    sync_mode=None, webhook_url=None, webhook_token=None, instance_id=None)
        unknown = set(fields) - set(args) - {"name", "url", "registry_type", "username", "password"}
        if unknown:
            raise TypeError("unexpected argument(s): %s" % ", ".join(sorted(unknown)))
        args.update(fields)
        spec, keep = self._spec(args.get("name"), args.get("username"), args.get("password"),
                                args.get("url"), args.get("registry_type"), args["net_type"],
                                args["registry_version"], args["registry_region"],
                                args["speed_limit"], args["insecure"], args["conn_detect"],
                                args["need_scan"], args["sync_mode"], args["webhook_url"],
                                args["webhook_token"], args["instance_id"])
        out = ctypes.c_void_p()
        handle = self._enter()
        try:
            rc = _lib.tcss_add_registry_preview(ctypes.byref(out), handle, ctypes.byref(spec))
            del keep
            _check(rc)
            try:
                return ctypes.string_at(out.value).decode("utf-8", "replace")
            finally:
                _lib.tcss_string_free(out)
        finally:
            self._leave()

    # -- 1.1: the recurring job ---------------------------------------------

    def _call(self, invoke, keep=None):
        """Runs a 1.1 call: invoke(out, handle) -> rc. Returns the
        tcss_result (a c_void_p the caller owns). The error is read before
        _leave(), on this thread."""
        out = ctypes.c_void_p()
        handle = self._enter()
        try:
            rc = invoke(ctypes.byref(out), handle)
            del keep
            _check(rc)
            return out
        finally:
            self._leave()

    @staticmethod
    def _data(result):
        """The result's JSON as a dict; the result is freed."""
        try:
            return json.loads(_text(_lib.tcss_result_json(result)))
        finally:
            _lib.tcss_result_free(result)

    def ensure_registry(self, *, name, url, registry_type, username, password, net_type="public",
                        registry_version=None, registry_region=None, speed_limit=None,
                        insecure=None, conn_detect=None, need_scan=None, sync_mode=None,
                        webhook_url=None, webhook_token=None, instance_id=None, update="auto"):
        """Make sure the registry is registered as described, the same way
        every run (libtcss 1.1): found by name; absent, it is added; present,
        it is updated in place (same RegistryId, never a second Add) as
        `update` says: "auto" (the default) when a setting given here
        differs from TCSS's or TCSS reports the credentials failing
        (status_auth_failed), "always" on every run (a rotated password TCSS
        has not noticed yet), "never" (the differences are only reported).
        Same arguments as add_registry(). Nothing changed costs two requests.
        Returns an EnsureResult; raises tcss.Error on failure."""
        _need_1_1("ensure_registry")
        policy = values.UPDATE_POLICIES.index(_choice("update", update, values.UPDATE_POLICIES))
        spec, keep = self._spec(name, username, password, url, registry_type, net_type,
                                registry_version, registry_region, speed_limit, insecure,
                                conn_detect, need_scan, sync_mode, webhook_url, webhook_token,
                                instance_id)
        # libtcss 1.1.0 does not mask the spec's secrets when the service
        # echoes them in an ensure error or its debug trace (add_registry's
        # are masked): this binding knows them, so it masks them itself.
        forms = _secret_forms(username, password) + _secret_forms(username, webhook_token)
        self._masking.forms = forms
        try:
            result = self._call(lambda out, h: _lib.tcss_ensure_registry(
                out, h, ctypes.byref(spec), policy), keep)
        except Error as e:
            _mask(e, forms)
            raise
        finally:
            self._masking.forms = ()
        return _make(EnsureResult, self._data(result))

    def list_registries(self):
        """Every registry of the account, all pages (libtcss 1.1). Returns a
        RegistryList."""
        _need_1_1("list_registries")
        result = self._call(lambda out, h: _lib.tcss_list_registries(out, h))
        return _make(RegistryList, self._data(result))

    def show_registry(self, name):
        """One registry by name, its list row and detail, never its password
        (libtcss 1.1). Returns a Registry; raises NotFoundError when there is
        none of that name."""
        _need_1_1("show_registry")
        raw = _required("name", name)
        result = self._call(lambda out, h: _lib.tcss_show_registry(out, h, raw))
        return _make(Registry, self._data(result))

    def add_secret(self, value):
        """Mask value (a str) in everything this client returns, raises or
        logs from now on, in every encoding the library masks its own
        secrets in (libtcss 1.1): for a value a call is never given but the
        service may echo, such as the registry password during scan().
        ensure_registry() and add_registry() mask the password they are
        given themselves."""
        _need_1_1("add_secret")
        raw = _required("value", value)
        handle = self._enter()
        try:
            _check(_lib.tcss_client_add_secret(handle, raw))
        finally:
            self._leave()

    def remove_registry(self, name):
        """Remove the registry of that name (libtcss 1.1). Returns a
        RemoveResult; raises NotFoundError when there is none."""
        _need_1_1("remove_registry")
        raw = _required("name", name)
        result = self._call(lambda out, h: _lib.tcss_remove_registry(out, h, raw))
        return _make(RemoveResult, self._data(result))

    def sync(self, name, wait=None):
        """Ask TCSS to sync the registry of that name (libtcss 1.1) and, with
        wait (seconds, int or float), wait at most that long for this sync to
        finish. Returns a SyncResult (finished says whether it did); raises
        NotFoundError when there is no registry of that name."""
        _need_1_1("sync")
        raw = _required("name", name)
        wait_ms = _wait_ms("wait", wait)
        result = self._call(lambda out, h: _lib.tcss_sync_registry(out, h, raw, wait_ms))
        return _make(SyncResult, self._data(result))

    def scan(self, name, image, *, sync=False, wait=None, fail_on=None, max_critical=None,
             max_high=None, max_medium=None, max_low=None, only_fixed=False, ignore_file=None):
        """Scan the image just pushed and judge its findings (libtcss 1.1).

        name: the registry's Name; image: HOST/PATH:TAG[@sha256:DIGEST] (the
        digest, when given, decides the row). sync: sync the registry first.
        wait: seconds (more than 0) for the whole job (sync, the image row
        appearing, the scan); None: 10 minutes. fail_on: "critical", "high", "medium",
        "low" or "none" (tcss.values.FAIL_ON_LEVELS; None: "none");
        max_critical .. max_low: the most findings allowed per severity
        (None: no limit); only_fixed: count only findings with a fix;
        ignore_file: a file of CVE or POCID entries, each with a reason and
        an optional expiry.

        Returns a ScanResult for every outcome ("passed", "gate_failed",
        "incomplete": the scan erred, timed out, was canceled, or the wait
        ran out and the scan was stopped), so a report can be written for
        each. Raises NotFoundError when the registry, or the image after the
        sync and the wait, is not in TCSS; another tcss.Error when the calls
        fail."""
        _need_1_1("scan")
        opts = _native.ScanOptions()
        _check(_lib.tcss_scan_options_init(ctypes.byref(opts), _native.SCAN_OPTIONS_VERSION))
        opts.registry_name = _required("name", name)
        opts.image = _required("image", image)
        opts.sync = _bool("sync", sync)
        # 0 would be the library's default (10 minutes): in Python that is None.
        opts.wait_ms = _wait_ms("wait", wait, least=1e-3)
        if fail_on is not None:
            opts.fail_on = _choice("fail_on", fail_on, values.FAIL_ON_LEVELS).encode()
        for field_name, value in (("max_critical", max_critical), ("max_high", max_high),
                                  ("max_medium", max_medium), ("max_low", max_low)):
            if value is not None:
                if _int(field_name, value, "longlong") < 0:
                    raise _invalid(field_name, "must be 0 or more (None: no limit), got %d" % value)
                setattr(opts, field_name, value)
        opts.only_fixed = _bool("only_fixed", only_fixed)
        opts.ignore_file = _b("ignore_file", ignore_file)
        result = self._call(lambda out, h: _lib.tcss_scan_image(out, h, ctypes.byref(opts)))
        try:
            return ScanResult(result)
        except BaseException:
            _lib.tcss_result_free(result)
            raise
