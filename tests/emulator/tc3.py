"""TC3-HMAC-SHA256, written from the Tencent Cloud API 3.0 documentation.

Independent of the C++ signer in src/: the emulator uses it to verify what
clients send, and the emulator's tests check every stage against the
published vectors (Tencent Cloud's "Signature v3" API page and the official Node SDK's signing tests).

Every stage is a separate function so a test can compare each one.
"""

import datetime
import hashlib
import hmac
import re

ALGORITHM = "TC3-HMAC-SHA256"


def sha256_hex(data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def _hmac(key, msg):
    if isinstance(key, str):
        key = key.encode("utf-8")
    return hmac.new(key, msg.encode("utf-8"), hashlib.sha256).digest()


def utc_date(timestamp):
    """The credential scope's date: the UTC date of the timestamp."""
    return datetime.datetime.fromtimestamp(
        int(timestamp), tz=datetime.timezone.utc).strftime("%Y-%m-%d")


def canonical_headers(headers):
    """headers: list of (name, value) pairs already chosen for signing.

    Names and values are lower-cased and trimmed, sorted by name, and every
    line ends in a newline. Returns (canonical_headers, signed_headers).
    """
    pairs = sorted((n.strip().lower(), v.strip().lower()) for n, v in headers)
    canon = "".join("%s:%s\n" % (n, v) for n, v in pairs)
    signed = ";".join(n for n, _ in pairs)
    return canon, signed


def canonical_request(method, query, headers, body):
    """method: "POST"/"GET"; query: the raw query string ("" for POST);
    headers: list of (name, value) to sign; body: bytes."""
    canon, signed = canonical_headers(headers)
    return "\n".join([method.upper(), "/", query, canon, signed, sha256_hex(body)])


def credential_scope(date, service):
    return "%s/%s/tc3_request" % (date, service)


def string_to_sign(timestamp, scope, canonical):
    return "\n".join([ALGORITHM, str(timestamp), scope, sha256_hex(canonical)])


def signing_keys(secret_key, date, service):
    """Returns (kDate, kService, kSigning) as bytes."""
    k_date = _hmac("TC3" + secret_key, date)
    k_service = _hmac(k_date, service)
    k_signing = _hmac(k_service, "tc3_request")
    return k_date, k_service, k_signing


def signature(secret_key, date, service, to_sign):
    k_signing = signing_keys(secret_key, date, service)[2]
    return hmac.new(k_signing, to_sign.encode("utf-8"), hashlib.sha256).hexdigest()


def authorization(secret_id, secret_key, service, timestamp, method, query,
                  headers, body):
    """The whole Authorization header value (used by the emulator's tests to
    play a client; the emulator itself only verifies)."""
    date = utc_date(timestamp)
    canonical = canonical_request(method, query, headers, body)
    scope = credential_scope(date, service)
    sig = signature(secret_key, date, service,
                    string_to_sign(timestamp, scope, canonical))
    _, signed = canonical_headers(headers)
    return "%s Credential=%s/%s, SignedHeaders=%s, Signature=%s" % (
        ALGORITHM, secret_id, scope, signed, sig)


_AUTH_RE = re.compile(
    r"^TC3-HMAC-SHA256 +Credential=([^,\s]+) *, *SignedHeaders=([^,\s]+) *, *"
    r"Signature=([0-9a-f]{64})$")


class ParsedAuthorization:
    def __init__(self, secret_id, date, service, terminator, signed_headers,
                 sig):
        self.secret_id = secret_id
        self.date = date
        self.service = service
        self.terminator = terminator
        self.signed_headers = signed_headers
        self.signature = sig


def parse_authorization(value):
    """Parse an Authorization header; raises ValueError saying what is wrong."""
    if value is None or not value.strip():
        raise ValueError("the Authorization header is missing")
    m = _AUTH_RE.match(value.strip())
    if not m:
        raise ValueError("the Authorization header is not 'TC3-HMAC-SHA256 "
                         "Credential=..., SignedHeaders=..., Signature=<64 hex>'")
    parts = m.group(1).split("/")
    if len(parts) != 4 or not all(parts):
        raise ValueError("Credential must be SecretId/date/service/tc3_request")
    names = m.group(2).split(";")
    if any(not n or n != n.lower() for n in names) or names != sorted(set(names)):
        raise ValueError("SignedHeaders must be distinct lower-case names in sorted order")
    return ParsedAuthorization(parts[0], parts[1], parts[2], parts[3], names,
                               m.group(3))


class AuthError(Exception):
    """A signed request refused: the service's error code and message."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code, self.message = code, message


def verify(headers, body, now, credentials, service, max_skew=300):
    """Verifies a signed request as a Tencent Cloud service does: the
    Authorization header, X-TC-Timestamp within max_skew seconds of now, the
    credential scope (DATE/service/tc3_request, the timestamp's UTC date),
    content-type and host signed, every signed header sent, the SecretId
    known, the signature, and the session token and expiry of a temporary
    credential. headers: {lower-case name: value as received}; credentials:
    {SecretId: {SecretKey, Token?, Expires?}}. Returns the Authorization
    parsed; raises AuthError."""
    try:
        auth = parse_authorization(headers.get("authorization"))
    except ValueError as e:
        raise AuthError("AuthFailure.InvalidAuthorization", str(e)) from None
    ts_text = headers.get("x-tc-timestamp", "").strip()
    if not re.fullmatch(r"[0-9]{1,15}", ts_text):
        raise AuthError("AuthFailure.InvalidAuthorization",
                        "X-TC-Timestamp is missing or not an integer.")
    timestamp = int(ts_text)
    if abs(now - timestamp) > max_skew:
        raise AuthError("AuthFailure.SignatureExpire",
                        "The signature expired: X-TC-Timestamp is more than "
                        "%d seconds away from the server time." % max_skew)
    if auth.service != service:
        raise AuthError("AuthFailure.InvalidAuthorization",
                        "The credential scope's service must be `%s`, not `%s`."
                        % (service, auth.service))
    if auth.terminator != "tc3_request":
        raise AuthError("AuthFailure.InvalidAuthorization",
                        "The credential scope must end in tc3_request.")
    if auth.date != utc_date(timestamp):
        raise AuthError("AuthFailure.InvalidAuthorization",
                        "The credential scope's date must be the UTC date "
                        "of X-TC-Timestamp (%s)." % utc_date(timestamp))
    for needed in ("content-type", "host"):
        if needed not in auth.signed_headers:
            raise AuthError("AuthFailure.InvalidAuthorization",
                            "SignedHeaders must include %s." % needed)
    for name in auth.signed_headers:
        if name not in headers:
            raise AuthError("AuthFailure.InvalidAuthorization",
                            "The signed header %s was not sent." % name)
    cred = credentials.get(auth.secret_id)
    if cred is None:
        raise AuthError("AuthFailure.SecretIdNotFound", "The SecretId is not found.")
    canonical = canonical_request(
        "POST", "", [(n, headers[n]) for n in auth.signed_headers], body)
    scope = credential_scope(auth.date, auth.service)
    expected = signature(cred["SecretKey"], auth.date, auth.service,
                         string_to_sign(timestamp, scope, canonical))
    if not hmac.compare_digest(expected.encode("ascii"), auth.signature.encode("ascii")):
        raise AuthError("AuthFailure.SignatureFailure",
                        "The provided credentials could not be validated. "
                        "Please check your signature is correct.")
    if "Token" in cred and headers.get("x-tc-token") != cred["Token"]:
        raise AuthError("AuthFailure.TokenFailure",
                        "The session token is missing or invalid.")
    if "Expires" in cred and now >= cred["Expires"]:
        raise AuthError("AuthFailure.TokenFailure",
                        "The temporary credential has expired.")
    return auth
