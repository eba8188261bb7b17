"""STS (AssumeRoleWithWebIdentity, AssumeRole) and the CVM metadata service,
for the emulator.

Python 3 standard library only. The JWT check is written from RFC 7515/7518/7519
and RFC 8017 (RSASSA-PKCS1-v1_5 with SHA-256): the signature s is verified by
computing s^e mod n and comparing it with the expected encoded message
00 01 FF..FF 00 || DigestInfo(SHA-256) || SHA-256(header.payload).

The request and answer shapes follow the public STS API reference
(AssumeRoleWithWebIdentity and AssumeRole, version 2018-08-13) and what the
official SDKs send and read (tencentcloud-sdk-go common/oidc_role_arn_provider.go
and common/cvm_role_provider.go). As strict as the documented service: Region is
required (MissingParameter without it), AssumeRoleWithWebIdentity is unsigned
(Authorization: SKIP), AssumeRole is signed with TC3-HMAC-SHA256 for service
"sts" and verified with the emulator's own tc3.py. A provider whose issuer is
GitHub Actions' token service gets GitHub-shaped claims checked (sub
"repo:OWNER/REPO:...", repository matching it). See tests/emulator/README.md
for the contract.
"""

import base64
import fcntl
import fnmatch
import hashlib
import hmac
import json
import os
import re
import secrets
import string
import subprocess
import tempfile
import threading
import time

import tc3

STS_VERSION = "2018-08-13"
STS_ACTION = "AssumeRoleWithWebIdentity"
ASSUME_ROLE_ACTION = "AssumeRole"
STS_ACTIONS = (STS_ACTION, ASSUME_ROLE_ACTION)
STS_SERVICE = "sts"
MAX_SKEW_SECONDS = 300
GITHUB_ISSUER = "https://token.actions.githubusercontent.com"
GITHUB_SUB_RE = re.compile(
    r"^repo:([A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+):"
    r"(ref:refs/(heads|tags)/\S+|environment:\S+|pull_request|job_workflow_ref:\S+)$")
REGION_RE = re.compile(r"^[a-z]{2,}(-[a-z0-9]+)+$")
MAX_DURATION_SECONDS = 43200
DEFAULT_DURATION_SECONDS = 7200
# DER of DigestInfo{ sha256, NULL } up to the 32-byte OCTET STRING header.
SHA256_DIGEST_INFO = bytes.fromhex("3031300d060960864801650304020105000420")
SESSION_NAME_RE = re.compile(r"^[\w+=,.@-]{2,128}$")
METADATA_ROLES_PATH = "/latest/meta-data/cam/security-credentials/"
METADATA_MODES = ("ok", "hang", "reset", "garbage")
STS_PARAMS = ("ProviderId", "WebIdentityToken", "RoleArn", "RoleSessionName",
              "DurationSeconds")
ASSUME_ROLE_PARAMS = ("RoleArn", "RoleSessionName", "DurationSeconds", "Policy",
                      "ExternalId", "Tags", "SourceIdentity")

DEFAULT_METADATA = {"role": None, "mode": "ok", "code": "Success",
                    "lifetime_seconds": 7200, "hang_seconds": 30}


class StsError(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


def token_error(why):
    return StsError("InvalidParameter.WebIdentityTokenError",
                    "WebIdentityToken is invalid: %s." % why)


# --------------------------------------------------------------------------
# JWT (RS256) verification
# --------------------------------------------------------------------------

def b64url_decode(text):
    if not isinstance(text, str) or not re.fullmatch(r"[A-Za-z0-9_-]*", text):
        raise ValueError("not base64url")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def rsa_sha256_verify(n, e, message, sig):
    """RSASSA-PKCS1-v1_5 verification with SHA-256 (RFC 8017 8.2.2)."""
    k = (n.bit_length() + 7) // 8
    if len(sig) != k:
        return False
    s = int.from_bytes(sig, "big")
    if s >= n:
        return False
    t = SHA256_DIGEST_INFO + hashlib.sha256(message).digest()
    if k < len(t) + 11:
        return False
    expected = b"\x00\x01" + b"\xff" * (k - len(t) - 3) + b"\x00" + t
    return hmac.compare_digest(pow(s, e, n).to_bytes(k, "big"), expected)


def parse_jwks(jwks):
    """{"keys": [{"kty": "RSA", "n", "e", "kid"?}, ...]} -> [(kid, n, e)];
    keys of other types are ignored, as a verifier would."""
    if not isinstance(jwks, dict) or not isinstance(jwks.get("keys"), list):
        raise ValueError('jwks must be {"keys": [...]}')
    keys = []
    for key in jwks["keys"]:
        if not isinstance(key, dict):
            raise ValueError("every JWKS key must be an object")
        if key.get("kty") != "RSA":
            continue
        try:
            n = int.from_bytes(b64url_decode(key["n"]), "big")
            e = int.from_bytes(b64url_decode(key["e"]), "big")
        except (KeyError, ValueError) as exc:
            raise ValueError("an RSA JWKS key needs base64url n and e") from exc
        keys.append((key.get("kid"), n, e))
    return keys


def _json_part(text):
    try:
        obj = json.loads(b64url_decode(text).decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        obj = None
    if not isinstance(obj, dict):
        raise token_error("not a JWT (a part is not base64url JSON)")
    return obj


def _number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def verify_jwt(token, provider, now):
    """Returns the claims of token, or raises StsError. Checked in order:
    form, alg RS256, the signature (by kid when the header names one),
    iss, aud, exp, nbf, sub present."""
    parts = token.split(".")
    if len(parts) != 3:
        raise token_error("not a JWT (expected three dot-separated parts)")
    header, claims = _json_part(parts[0]), _json_part(parts[1])
    if header.get("alg") != "RS256":
        raise token_error("unsupported alg %r (RS256 only)" % header.get("alg"))
    try:
        sig = b64url_decode(parts[2])
    except ValueError:
        raise token_error("the signature is not base64url") from None
    keys = provider["keys"]
    if "kid" in header:
        keys = [k for k in keys if k[0] == header["kid"]]
        if not keys:
            raise token_error("no key of the provider has kid %r" % header["kid"])
    signed = (parts[0] + "." + parts[1]).encode("ascii")
    if not any(rsa_sha256_verify(n, e, signed, sig) for _, n, e in keys):
        raise token_error("signature verification failed")
    if claims.get("iss") != provider["issuer"]:
        raise token_error("issuer %r is not the provider's" % claims.get("iss"))
    aud = claims.get("aud")
    auds = aud if isinstance(aud, list) else [aud]
    if not any(isinstance(a, str) and a in provider["audience"] for a in auds):
        raise token_error("audience does not match the provider's client id")
    if not _number(claims.get("exp")):
        raise token_error("exp is missing")
    if now >= claims["exp"]:
        raise token_error("the token has expired")
    if "nbf" in claims and (not _number(claims["nbf"]) or now < claims["nbf"]):
        raise token_error("the token is not valid yet (nbf)")
    if not isinstance(claims.get("sub"), str):
        raise token_error("sub is missing")
    if provider["issuer"] == GITHUB_ISSUER:
        check_github_claims(claims)
    return claims


def check_github_claims(claims):
    """The shape of a GitHub Actions token: sub "repo:OWNER/REPO:<context>"
    (ref:refs/heads/..., environment:..., pull_request), and the repository
    claim, when present, naming the same repository."""
    m = GITHUB_SUB_RE.match(claims["sub"])
    if not m:
        raise token_error("sub %r is not a GitHub Actions subject "
                          "(repo:OWNER/REPO:ref:refs/heads/BRANCH, ...)" % claims["sub"])
    repo = claims.get("repository")
    if repo is not None and repo != m.group(1):
        raise token_error("the repository claim does not match sub")


# --------------------------------------------------------------------------
# Test keys made on first use (openssl CLI): the harness names a key file
# and nobody pays for RSA key generation unless a test uses STS.
# --------------------------------------------------------------------------

_key_lock = threading.Lock()


def _openssl(*args):
    proc = subprocess.run(["openssl", *args], stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          check=False)
    if proc.returncode != 0:
        raise RuntimeError("openssl %s failed: %s" % (
            args[0], proc.stderr.decode(errors="replace").strip()))
    return proc.stdout.decode()


def generate_rsa_key(path):
    """A fresh RSA-2048 private key in PEM at path (mode 0600, atomic)."""
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(os.path.abspath(path)),
                               prefix=".key-")
    os.close(fd)
    try:
        _openssl("genpkey", "-algorithm", "RSA", "-pkeyopt",
                 "rsa_keygen_bits:2048", "-out", tmp)
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def ensure_rsa_key(path):
    """Makes the key at path unless it exists; safe across threads and
    processes (a lock file beside it)."""
    if os.path.exists(path):
        return
    with _key_lock, open(path + ".lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not os.path.exists(path):
            generate_rsa_key(path)


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def jwks_of_key(path, kid=None):
    """The public JWKS of an RSA private key file."""
    n = int(_openssl("rsa", "-in", path, "-noout", "-modulus")
            .strip().split("=", 1)[1], 16)
    m = re.search(r"publicExponent: (\d+)",
                  _openssl("rsa", "-in", path, "-noout", "-text"))
    if not m:
        raise RuntimeError("cannot read the public exponent of " + path)
    e = int(m.group(1))
    entry = {"kty": "RSA", "alg": "RS256", "use": "sig",
             "n": b64url(n.to_bytes((n.bit_length() + 7) // 8, "big")),
             "e": b64url(e.to_bytes((e.bit_length() + 7) // 8, "big"))}
    if kid:
        entry["kid"] = kid
    return {"keys": [entry]}


# --------------------------------------------------------------------------
# Configuration: providers, roles, lifetime, metadata
# --------------------------------------------------------------------------

def _patterns(v, what):
    if isinstance(v, str):
        v = [v]
    if not isinstance(v, list) or not v or not all(isinstance(p, str) for p in v):
        raise ValueError(what + " must be a string or a non-empty list of strings")
    return list(v)


def check_provider(name, spec):
    """{issuer, audience, jwks}, or {issuer, audience, key_file, kid?}: the
    JWKS of that RSA key file, made on first use if it does not exist."""
    fields = set(spec) if isinstance(spec, dict) else set()
    if not isinstance(spec, dict) or not (
            fields in ({"issuer", "audience", "jwks"},
                       {"issuer", "audience", "key_file"},
                       {"issuer", "audience", "key_file", "kid"})):
        raise ValueError("provider %s: expected {issuer, audience, jwks} or "
                         "{issuer, audience, key_file[, kid]}" % name)
    if not isinstance(spec.get("issuer"), str) or not spec["issuer"]:
        raise ValueError("provider %s: issuer must be a non-empty string" % name)
    audience = _patterns(spec.get("audience"), "provider %s: audience" % name)
    if "key_file" in spec:
        if not isinstance(spec["key_file"], str) or not isinstance(
                spec.get("kid", ""), str):
            raise ValueError("provider %s: key_file and kid are strings" % name)
        return {"issuer": spec["issuer"], "audience": audience, "keys": None,
                "jwks": None, "key_file": spec["key_file"],
                "kid": spec.get("kid", "")}
    keys = parse_jwks(spec.get("jwks"))
    return {"issuer": spec["issuer"], "audience": audience, "keys": keys,
            "jwks": spec["jwks"]}


def resolve_provider(provider):
    """Fills in the keys of a key_file provider (making the key if need be);
    the result is cached in the provider."""
    if provider["keys"] is None:
        ensure_rsa_key(provider["key_file"])
        jwks = jwks_of_key(provider["key_file"], provider["kid"])
        provider["keys"] = parse_jwks(jwks)
        provider["jwks"] = jwks
    return provider


def check_role(arn, spec):
    """{provider, sub?} (AssumeRoleWithWebIdentity), and/or {assumable_by}:
    the SecretIds (fnmatch patterns) whose signed AssumeRole may assume it."""
    if not isinstance(spec, dict) or set(spec) - {"provider", "sub", "assumable_by"}:
        raise ValueError("role %s: expected {provider, sub, assumable_by}" % arn)
    if "provider" not in spec and "assumable_by" not in spec:
        raise ValueError("role %s: needs provider or assumable_by" % arn)
    out = {}
    if "provider" in spec:
        if not isinstance(spec.get("provider"), str):
            raise ValueError("role %s: provider must be a string" % arn)
        out["provider"] = spec["provider"]
    if "sub" in spec:
        out["sub"] = _patterns(spec["sub"], "role %s: sub" % arn)
    if "assumable_by" in spec:
        out["assumable_by"] = _patterns(spec["assumable_by"],
                                        "role %s: assumable_by" % arn)
    return out


def check_lifetime(v, what="lifetime_seconds"):
    if v is not None and (not isinstance(v, (int, float)) or isinstance(v, bool)
                          or v <= 0):
        raise ValueError(what + " must be a positive number of seconds or null")
    return v


def check_metadata(spec, current):
    unknown = set(spec) - set(DEFAULT_METADATA)
    if unknown:
        raise ValueError("unknown field(s): " + ", ".join(sorted(unknown)))
    out = dict(current)
    out.update(spec)
    if out["role"] is not None and (not isinstance(out["role"], str)
                                    or not re.fullmatch(r"[\w+=,.@-]+", out["role"])):
        raise ValueError("role must be a role name or null (no role bound)")
    if out["mode"] not in METADATA_MODES:
        raise ValueError("mode must be one of " + ", ".join(METADATA_MODES))
    if not isinstance(out["code"], str) or not out["code"]:
        raise ValueError("code must be a non-empty string")
    check_lifetime(out["lifetime_seconds"])
    if out["lifetime_seconds"] is None:
        raise ValueError("lifetime_seconds must be a positive number")
    hs = out["hang_seconds"]
    if not isinstance(hs, (int, float)) or isinstance(hs, bool) or hs < 0:
        raise ValueError("hang_seconds must be a non-negative number")
    return out


def public_config(cfg):
    """cfg with every key_file provider resolved first."""
    return {"providers": {name: {"issuer": p["issuer"], "audience": p["audience"],
                                 "jwks": resolve_provider(p)["jwks"]}
                          for name, p in cfg["providers"].items()},
            "roles": json.loads(json.dumps(cfg["roles"])),
            "lifetime_seconds": cfg["lifetime_seconds"]}


def apply_sts_config(cfg, spec):
    """Merges spec into cfg (a copy is returned): each named provider or role
    replaces the one of that name (null deletes it); "replace": true starts
    from nothing."""
    unknown = set(spec) - {"providers", "roles", "lifetime_seconds", "replace"}
    if unknown:
        raise ValueError("unknown field(s): " + ", ".join(sorted(unknown)))
    if spec.get("replace", False) is True:
        out = {"providers": {}, "roles": {}, "lifetime_seconds": None}
    else:
        out = {"providers": dict(cfg["providers"]), "roles": dict(cfg["roles"]),
               "lifetime_seconds": cfg["lifetime_seconds"]}
    for field, check in (("providers", check_provider), ("roles", check_role)):
        given = spec.get(field, {})
        if not isinstance(given, dict):
            raise ValueError(field + " must be an object")
        for name, item in given.items():
            if item is None:
                out[field].pop(name, None)
            else:
                out[field][name] = check(name, item)
    if "lifetime_seconds" in spec:
        out["lifetime_seconds"] = check_lifetime(spec["lifetime_seconds"])
    return out


EMPTY_STS_CONFIG = {"providers": {}, "roles": {}, "lifetime_seconds": None}


# --------------------------------------------------------------------------
# The action
# --------------------------------------------------------------------------

def _random(n, alphabet=string.ascii_letters + string.digits):
    return "".join(secrets.choice(alphabet) for _ in range(n))


def new_credential(now, lifetime, origin):
    """A fresh temporary credential: TmpSecretId, TmpSecretKey, Token."""
    expires = int(now + lifetime)
    return {"SecretId": "AKID" + _random(32), "SecretKey": _random(32),
            "Token": _random(96, string.ascii_letters + string.digits + "-_"),
            "Expires": expires, "Origin": origin}


def iso8601(epoch):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch))


def check_sts_params(params):
    for key in params:
        if key not in STS_PARAMS:
            raise StsError("UnknownParameter",
                           "The parameter `%s` is not recognized." % key)
    for key in STS_PARAMS[:4]:
        if not isinstance(params.get(key), str) or not params[key]:
            raise StsError("InvalidParameter.ParamError",
                           "The parameter `%s` is missing or not a string." % key)
    if not SESSION_NAME_RE.match(params["RoleSessionName"]):
        raise StsError("InvalidParameter.ParamError",
                       "RoleSessionName must be 2 to 128 characters of "
                       "[A-Za-z0-9_+=,.@-].")
    duration = params.get("DurationSeconds", DEFAULT_DURATION_SECONDS)
    if isinstance(duration, str) and re.fullmatch(r"[0-9]{1,9}", duration):
        duration = int(duration)   # the API reference's own example sends "5000"
    if (not isinstance(duration, int) or isinstance(duration, bool)
            or not 0 < duration <= MAX_DURATION_SECONDS):
        raise StsError("InvalidParameter.ParamError",
                       "DurationSeconds must be an integer from 1 to %d."
                       % MAX_DURATION_SECONDS)
    return duration


def assume_role_with_web_identity(cfg, params, now):
    """Checks params against cfg. Returns (credential lifetime, claims).
    In order: parameters, the provider, the token, the role, the role's
    provider and its condition on sub."""
    duration = check_sts_params(params)
    provider = cfg["providers"].get(params["ProviderId"])
    if provider is None:
        raise StsError("InvalidParameter.ParamError",
                       "The identity provider `%s` does not exist."
                       % params["ProviderId"])
    claims = verify_jwt(params["WebIdentityToken"], resolve_provider(provider),
                        now)
    role = cfg["roles"].get(params["RoleArn"])
    if role is None:
        raise StsError("ResourceNotFound.RoleNotFound",
                       "The role `%s` does not exist." % params["RoleArn"])
    if role.get("provider") != params["ProviderId"]:
        raise StsError("UnauthorizedOperation",
                       "The role does not trust the identity provider `%s`."
                       % params["ProviderId"])
    if "sub" in role and not any(fnmatch.fnmatchcase(claims["sub"], p)
                                 for p in role["sub"]):
        raise StsError("UnauthorizedOperation",
                       "The token's sub does not satisfy the role's condition.")
    lifetime = cfg["lifetime_seconds"] or duration
    return lifetime, claims


# --------------------------------------------------------------------------
# AssumeRole (signed) and the checks every STS request gets
# --------------------------------------------------------------------------

def check_assume_role_params(params):
    for key in params:
        if key not in ASSUME_ROLE_PARAMS:
            raise StsError("UnknownParameter",
                           "The parameter `%s` is not recognized." % key)
    for key in ("RoleArn", "RoleSessionName"):
        if not isinstance(params.get(key), str) or not params[key]:
            raise StsError("MissingParameter",
                           "The request is missing a required parameter `%s`." % key)
    if not SESSION_NAME_RE.match(params["RoleSessionName"]):
        raise StsError("InvalidParameter.ParamError",
                       "RoleSessionName must be 2 to 128 characters of "
                       "[A-Za-z0-9_+=,.@-].")
    duration = params.get("DurationSeconds", DEFAULT_DURATION_SECONDS)
    if (not isinstance(duration, int) or isinstance(duration, bool)
            or not 0 < duration <= MAX_DURATION_SECONDS):
        raise StsError("InvalidParameter.ParamError",
                       "DurationSeconds must be an integer from 1 to %d."
                       % MAX_DURATION_SECONDS)
    return duration


def verify_signed(headers, body, now, credentials):
    """The TC3 signature of a signed STS call (service "sts"), verified with
    tc3.py against credentials {SecretId: {SecretKey, Token?, Expires?}}.
    Returns the signing SecretId."""
    try:
        auth = tc3.verify(headers, body, now, credentials, STS_SERVICE, MAX_SKEW_SECONDS)
    except tc3.AuthError as e:
        raise StsError(e.code, e.message) from None
    return auth.secret_id


def assume_role(cfg, params, secret_id):
    """A signed AssumeRole by secret_id. Returns the credential lifetime."""
    duration = check_assume_role_params(params)
    role = cfg["roles"].get(params["RoleArn"])
    if role is None:
        raise StsError("ResourceNotFound.RoleNotFound",
                       "The role `%s` does not exist." % params["RoleArn"])
    if not any(fnmatch.fnmatchcase(secret_id, p)
               for p in role.get("assumable_by", [])):
        raise StsError("UnauthorizedOperation",
                       "The role's trust policy does not allow this caller "
                       "to assume it.")
    return cfg["lifetime_seconds"] or duration


def check_request(method, headers):
    """What every STS request needs, in the service's order: a JSON POST,
    X-TC-Timestamp, a known action and version, and X-TC-Region (documented
    as required). Returns the action."""
    if method != "POST":
        raise StsError("InvalidParameter", "Only POST with a JSON body is supported.")
    ctype = headers.get("content-type", "")
    if ctype.split(";")[0].strip().lower() != "application/json":
        raise StsError("InvalidParameter", "Content-Type must be application/json.")
    if not re.fullmatch(r"[0-9]{1,15}", headers.get("x-tc-timestamp", "").strip()):
        raise StsError("MissingParameter",
                       "X-TC-Timestamp is missing or not an integer.")
    action = headers.get("x-tc-action", "")
    if action not in STS_ACTIONS:
        raise StsError("InvalidAction", "The action `%s` is not found." % action)
    if headers.get("x-tc-version", "") != STS_VERSION:
        raise StsError("NoSuchVersion",
                       "The API version `%s` is not found; STS is %s."
                       % (headers.get("x-tc-version", ""), STS_VERSION))
    region = headers.get("x-tc-region", "").strip()
    if not region:
        raise StsError("MissingParameter",
                       "The request is missing a required parameter `Region`.")
    if not REGION_RE.match(region):
        raise StsError("InvalidParameter",
                       "The region `%s` is not valid." % region)
    return action


def handle_request(cfg, method, headers, body, params, now, credentials):
    """One STS request, checked (check_request first; the caller parsed the
    body into params). Returns (credential lifetime, origin) or raises
    StsError."""
    action = check_request(method, headers)
    if action == STS_ACTION:
        # The API reference: "Authorization should be SKIP". The emulator
        # insists on it, so a client that signs STS calls with some other
        # credential it holds is caught.
        if headers.get("authorization", "SKIP").strip() != "SKIP":
            raise StsError("AuthFailure.InvalidAuthorization",
                           "AssumeRoleWithWebIdentity is sent unsigned: "
                           "Authorization must be SKIP.")
        lifetime, _ = assume_role_with_web_identity(cfg, params, now)
        return lifetime, "sts:" + params["RoleArn"]
    secret_id = verify_signed(headers, body, now, credentials)
    lifetime = assume_role(cfg, params, secret_id)
    return lifetime, "sts-assume-role:%s:by:%s" % (params["RoleArn"], secret_id)
