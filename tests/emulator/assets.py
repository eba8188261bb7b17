"""The TCSS registry-asset actions of the emulator: registries (list, detail,
update, remove, name check), sync from the registry's real catalogue, image
rows, the scan state machine and the vulnerability fixture.

Every member name and type follows the API description (tccli's
tccli/services/tcss/v20201101/api.json); what that description leaves open
is played by a switch (SWITCHES, POST /__emulator/config), documented in
README.md. Python 3 standard library only.

The sync and the scans run on the emulator's clock: a job is due once its
time has passed, and is settled (the registry read over HTTP, outside the
lock) by the first request that looks at it, so a fixed clock
(`{"clock": T}`) holds every job where it is.
"""

import base64
import concurrent.futures
import copy
import hashlib
import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request

# switch -> (default, allowed values or a check, what it must be)
SWITCHES = {
    "add_name_taken": ("existing_id", ("existing_id", "error", "no_id", "zero_id")),
    "detail_password": ("masked", ("masked", "plain", "omitted")),
    "update_registry_id": ("accepted", ("accepted", "refused")),
    "image_filters": ("lenient", ("lenient", "strict", "ignored")),
    "exact_match": ("exact", ("exact", "inverted")),
    "scan_task_id": ("returned", ("returned", "omitted")),
    "task_id_member": ("accepted", ("accepted", "refused")),
    "scan_result": ("auto", ("auto", "SCAN_ERR", "SCAN_TIMEOUT")),
    "sync_seconds": (1.0, "seconds"),
    "scan_seconds": (2.0, "seconds"),
    "conn_detect_ttl": (0.0, "seconds"),
    "time_offset_hours": (8, "hours"),
}

SCAN_TYPES = ("CVE", "VIRUS", "RISK")
LEVELS = ("1", "2", "3", "4")
LEVEL_NAMES = {"1": "low", "2": "medium", "3": "high", "4": "critical"}
FIRST_IMAGE_ID = 2200000001   # above INT32_MAX: the ids are uint64
FIRST_TASK_ID = 1
MAX_LIMIT = 100
MANIFEST_ACCEPT = ", ".join([
    "application/vnd.docker.distribution.manifest.v2+json",
    "application/vnd.oci.image.manifest.v1+json",
    "application/vnd.docker.distribution.manifest.list.v2+json",
    "application/vnd.oci.image.index.v1+json"])
INDEX_TYPES = ("application/vnd.docker.distribution.manifest.list.v2+json",
               "application/vnd.oci.image.index.v1+json")
MAX_REGISTRY_BODY = 8 << 20
AUTH_FAIL_REASON = "仓库账号密码异常"
AUTH_SOLUTION = "请检查您的仓库账号/密码是否正确，修改后重新检测"


def is_uint(v):
    return isinstance(v, int) and not isinstance(v, bool) and v >= 0


def is_str(v):
    return isinstance(v, str)


def is_bool(v):
    return isinstance(v, bool)


def uint_list(v):
    return isinstance(v, list) and all(is_uint(x) for x in v)


def str_list(v):
    return isinstance(v, list) and all(is_str(x) for x in v)


def filters_shape(v):
    if not isinstance(v, list):
        return False
    for f in v:
        if not isinstance(f, dict) or set(f) - {"Name", "Values", "ExactMatch"}:
            return False
        if not is_str(f.get("Name")) or not str_list(f.get("Values")):
            return False
        if "ExactMatch" in f and not is_bool(f["ExactMatch"]):
            return False
    return True


IMAGE_INFO_KEYS = {"InstanceName", "Namespace", "ImageName", "ImageTag", "Force",
                   "ImageDigest", "RegistryType", "ImageRepoAddress", "InstanceId"}


def image_info(v):
    if not isinstance(v, dict) or set(v) - IMAGE_INFO_KEYS:
        return False
    return all(is_str(v.get(k)) for k in ("InstanceName", "Namespace", "ImageName",
                                         "ImageTag", "Force")) and \
        all(is_str(x) for x in v.values())


def image_infos(v):
    return isinstance(v, list) and all(image_info(x) for x in v)


UINT = (False, is_uint, "a non-negative integer")
STR = (False, is_str, "a string")
BOOL = (False, is_bool, "a boolean")
UINTS = (False, uint_list, "an array of non-negative integers")
FILTERS = (False, filters_shape,
           "an array of {Name: string, Values: [string], ExactMatch?: boolean}")
IMAGES = (False, image_infos,
          "an array of ImageInfo objects (string InstanceName, Namespace, "
          "ImageName, ImageTag and Force)")

REGISTRY_LIST_FIELDS = {"Limit": UINT, "Offset": UINT, "Filters": FILTERS,
                        "By": STR, "Order": STR}
IMAGE_LIST_FIELDS = {"Limit": UINT, "Offset": UINT, "Filters": FILTERS, "By": STR,
                     "Order": STR, "OnlyShowLatest": BOOL, "IsRunning": BOOL}
IMAGE_DETAIL_FIELDS = {"Id": UINT, "ImageId": STR}
SCAN_TASK_FIELDS = {"All": BOOL, "Images": IMAGES,
                    "ScanType": (False, str_list, "an array of strings"),
                    "Id": UINTS, "Filters": FILTERS, "ExcludeImageList": UINTS,
                    "OnlyScanLatest": BOOL, "Timeout": UINT}
SCAN_STATUS_FIELDS = {"Images": IMAGES, "All": BOOL, "Id": UINTS, "TaskID": UINT}
SCAN_STOP_FIELDS = {"All": BOOL, "Images": IMAGES, "Id": UINTS, "Filters": FILTERS,
                    "ExcludeImageList": UINTS, "OnlyScanLatest": BOOL, "TaskID": UINT}
SCAN_STOP_ONEKEY_FIELDS = {"All": BOOL, "Images": IMAGES, "Id": UINTS, "TaskID": UINT}
VUL_LIST_FIELDS = {"Limit": UINT, "Offset": UINT, "Filters": FILTERS,
                   "ImageInfo": (False, image_info, "an ImageInfo object"), "Id": UINT}
IMAGE_FILTERS = ("ImageName", "ImageTag", "Namespace", "ImageDigest",
                 "ImageRepoAddress", "InstanceName", "ImageId")


class ReadError(Exception):
    """The registry could not be read; the message never holds a secret."""

    def __init__(self, message, auth=False):
        super().__init__(message)
        self.auth = auth


class RegistryReader:
    """A Docker Registry HTTP API V2 client with the stored credentials:
    basic auth, or the bearer-token exchange when the registry asks for it."""

    def __init__(self, api, record, extra_ca, timeout):
        url = record["Url"]
        if "://" not in url:
            url = "https://" + url
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ReadError("invalid url")
        # As the health check: <Url>/v2/..., without any userinfo in the URL.
        self.base = "%s://%s%s" % (parts.scheme, parts.netloc.rpartition("@")[2],
                                   parts.path.rstrip("/"))
        basic = ("%s:%s" % (record["Username"], record["Password"])).encode("utf-8")
        self.basic = "Basic " + base64.b64encode(basic).decode("ascii")
        self.timeout = timeout
        self.api = api
        self.opener = urllib.request.build_opener(
            urllib.request.ProxyHandler({}),
            urllib.request.HTTPSHandler(
                context=api._tls_context(extra_ca, record.get("Insecure", 0) == 1)))

    def get(self, path, accept=None):
        """(status, headers, body) of GET base+path; raises ReadError on a
        network failure or a refused login."""
        url = path if path.startswith(("http://", "https://")) else self.base + path
        auth = self.basic
        for _ in range(2):
            headers = {"Authorization": auth}
            if accept:
                headers["Accept"] = accept
            try:
                with self.opener.open(urllib.request.Request(url, headers=headers),
                                      timeout=self.timeout) as resp:
                    return resp.status, resp.headers, resp.read(MAX_REGISTRY_BODY)
            except urllib.error.HTTPError as e:
                challenge = e.headers.get("WWW-Authenticate", "") if e.headers else ""
                if e.code == 401 and auth == self.basic and \
                        challenge.lower().startswith("bearer "):
                    auth = self.bearer(challenge)
                    continue
                if e.code in (401, 403):
                    raise ReadError("authentication failed: HTTP %d" % e.code, auth=True)
                return e.code, e.headers, b""
            except urllib.error.URLError as e:
                raise ReadError(self.api._network_message(e.reason)) from None
            except (OSError, ValueError) as e:
                raise ReadError(self.api._network_message(e)) from None
        raise ReadError("authentication failed: HTTP 401", auth=True)

    def bearer(self, challenge):
        return bearer_token(self.opener, challenge, self.basic, self.timeout)

    def paged(self, path, member):
        items, pages = [], 0
        while path and pages < 1000:
            status, headers, body = self.get(path)
            if status == 404:
                return None
            if status != 200:
                raise ReadError("unexpected answer: HTTP %d" % status)
            try:
                got = json.loads(body).get(member) or []
            except (ValueError, AttributeError):
                raise ReadError("the registry's answer is not JSON") from None
            items += [x for x in got if isinstance(x, str)]
            m = re.search(r'<([^>]+)>\s*;\s*rel="?next"?', headers.get("Link", "") or "")
            path = urllib.parse.urljoin(self.base + "/", m.group(1)) if m else None
            pages += 1
        return items

    def manifest(self, repo, ref):
        """(digest, manifest object) of repo:ref, or None when unknown."""
        status, headers, body = self.get(
            "/v2/%s/manifests/%s" % (repo, urllib.parse.quote(ref, safe=":")),
            MANIFEST_ACCEPT)
        if status == 404:
            return None
        if status != 200:
            raise ReadError("unexpected answer: HTTP %d" % status)
        digest = headers.get("Docker-Content-Digest") or \
            "sha256:" + hashlib.sha256(body).hexdigest()
        try:
            manifest = json.loads(body)
        except ValueError:
            raise ReadError("a manifest is not JSON") from None
        return digest, manifest if isinstance(manifest, dict) else {}

    def image(self, repo, tag):
        found = self.manifest(repo, tag)
        if found is None:
            return None
        digest, manifest = found
        if manifest.get("mediaType") in INDEX_TYPES or "manifests" in manifest:
            children = [m for m in manifest.get("manifests") or [] if isinstance(m, dict)]
            pick = [m for m in children if (m.get("platform") or {}).get("os") == "linux"
                    and (m.get("platform") or {}).get("architecture") == "amd64"]
            child = (pick or children or [None])[0]
            inner = self.manifest(repo, child["digest"]) if child and \
                isinstance(child.get("digest"), str) else None
            manifest = inner[1] if inner else {}
        config = manifest.get("config") if isinstance(manifest.get("config"), dict) else {}
        layers = [x for x in manifest.get("layers") or [] if isinstance(x, dict)]
        size = sum(x.get("size", 0) for x in [config] + layers
                   if isinstance(x.get("size", 0), int))
        created, os_name = "", "linux"
        config_digest = config.get("digest") if isinstance(config.get("digest"), str) else ""
        if config_digest:
            status, _, body = self.get("/v2/%s/blobs/%s" % (repo, config_digest))
            if status == 200:
                try:
                    blob = json.loads(body)
                    created = blob.get("created") if is_str(blob.get("created")) else ""
                    os_name = blob.get("os") if is_str(blob.get("os")) else os_name
                except (ValueError, AttributeError):
                    pass
        return {"repository": repo, "tag": tag, "digest": digest,
                "config_digest": config_digest, "size": size,
                "created": created, "os": os_name}

    def catalogue(self):
        repos = self.paged("/v2/_catalog?n=100", "repositories") or []
        images = []
        for repo in repos[:10000]:
            tags = self.paged("/v2/%s/tags/list?n=100" % repo, "tags") or []
            for tag in tags:
                img = self.image(repo, tag)
                if img is not None:
                    images.append(img)
        return images


def bearer_token(opener, challenge, basic, timeout):
    """The token exchange a `WWW-Authenticate: Bearer realm=...` challenge
    asks for (Docker Hub, Harbor): GET realm?service=..&scope=.. with the
    basic credentials; returns the Authorization value to retry with."""
    params = dict(re.findall(r'(\w+)="([^"]*)"', challenge))
    realm = params.pop("realm", "")
    if not realm.startswith(("http://", "https://")):
        raise ReadError("authentication failed: bad bearer challenge", auth=True)
    url = realm + ("&" if "?" in realm else "?") + urllib.parse.urlencode(params)
    try:
        with opener.open(urllib.request.Request(url, headers={"Authorization": basic}),
                         timeout=timeout) as resp:
            token = json.loads(resp.read(1 << 20))
    except urllib.error.HTTPError as e:
        raise ReadError("authentication failed: HTTP %d" % e.code, auth=True) from None
    except (urllib.error.URLError, OSError, ValueError):
        raise ReadError("authentication failed: token service unreachable") from None
    value = None
    if isinstance(token, dict):
        value = token.get("token") or token.get("access_token")
    if not isinstance(value, str) or not value:
        raise ReadError("authentication failed: no token", auth=True)
    return "Bearer " + value


def conn_detect_detail(record, err):
    """ConnDetectDetail for a probe result ("" = answered 200). Only
    status_connected and status_auth_failed are in the official material;
    status_conn_failed is the emulator's word for anything else."""
    if err == "":
        status, message, reason, solution = "status_connected", "success", "", ""
    elif err.startswith("authentication failed"):
        status, message, reason, solution = ("status_auth_failed", err,
                                             AUTH_FAIL_REASON, AUTH_SOLUTION)
    else:
        status, message, reason, solution = ("status_conn_failed", err, err,
                                             "check the registry's address and network")
    hosts = [h for h in record.get("ConnDetectConfig") or [] if isinstance(h, dict)]
    if not hosts:
        hosts = [{"Quuid": "backend", "Uuid": "backend"}]
    return [{"Quuid": h.get("Quuid", ""), "Uuid": h.get("Uuid", ""),
             "ConnDetectStatus": status, "ConnDetectMessage": message,
             "Solution": solution, "FailReason": reason} for h in hosts]


def mask(secret):
    if not secret:
        return ""
    return secret[:min(6, len(secret) // 2)] + "****"


def split_repo(repo):
    namespace, _, name = repo.partition("/")
    return (namespace, name) if name else ("", repo)


class Assets:
    """Registries beyond Add, syncs, image rows, scans and vulnerabilities.
    `emu` is the Emulator (its lock, clock, registries and _save); `api` is
    the emulator module (ApiError, check_params, check_add, health_check and
    the TLS helpers)."""

    def __init__(self, emu, api):
        self.emu = emu
        self.api = api
        self.initial_switches = {k: v[0] for k, v in SWITCHES.items()}
        self.switches = dict(self.initial_switches)
        self.clear()

    def clear(self):  # with emu.lock held (or before any thread runs)
        self.sync = {}          # RegistryId -> sync state
        self.conn = {}          # RegistryId -> {"at": monotonic, "err": str}
        self.images = []        # image rows, in Id order
        self.next_image_id = FIRST_IMAGE_ID
        self.tasks = {}         # TaskID -> {"Images": [Id], ...}
        self.next_task_id = FIRST_TASK_ID
        self.vulns = {}         # fixture key -> {"vulns": [...], "hostile": bool}

    # ---- persistence and control --------------------------------------

    def persisted(self):
        return {"sync": {str(k): v for k, v in self.sync.items()},
                "images": [{k: v for k, v in img.items() if k != "Vulns"}
                           for img in self.images],
                "next_image_id": self.next_image_id,
                "tasks": {str(k): v for k, v in self.tasks.items()},
                "next_task_id": self.next_task_id}

    def load(self, saved):
        self.sync = {int(k): v for k, v in saved.get("sync", {}).items()}
        self.images = saved.get("images", [])
        for img in self.images:   # findings are not kept (README)
            img["Vulns"] = []
            img.pop("Counts", None)
            img.get("Scan", {}).pop("Busy", None)
        for s in self.sync.values():
            s.pop("Busy", None)
        self.next_image_id = saved.get("next_image_id", FIRST_IMAGE_ID)
        self.tasks = {int(k): v for k, v in saved.get("tasks", {}).items()}
        self.next_task_id = saved.get("next_task_id", FIRST_TASK_ID)

    def reset(self):  # with emu.lock held
        self.switches = dict(self.initial_switches)
        self.clear()

    @staticmethod
    def check_switches(spec):
        for key, value in spec.items():
            _, allowed = SWITCHES[key]
            if isinstance(allowed, tuple):
                if value not in allowed:
                    raise ValueError("%s must be one of %s" % (key, ", ".join(allowed)))
            elif not isinstance(value, (int, float)) or isinstance(value, bool) or \
                    (allowed != "hours" and value < 0) or abs(value) > 86400:
                raise ValueError("%s must be a number of %s" % (key, allowed))

    def configure(self, spec):  # with emu.lock held, spec already checked
        self.switches.update(spec)
        return dict(self.switches)

    def set_initial(self, spec):
        self.check_switches(spec)
        self.initial_switches.update(spec)
        self.switches = dict(self.initial_switches)

    def snapshot(self):  # with emu.lock held
        images = []
        for img in self.images:
            view = {k: v for k, v in img.items() if k != "Vulns"}
            view["VulnCount"] = len(img.get("Vulns", []))
            images.append(view)
        return {"sync": {str(k): dict(v) for k, v in self.sync.items()},
                "conn": {str(k): v["err"] for k, v in self.conn.items()},
                "images": images,
                "scans": {str(k): v for k, v in self.tasks.items()},
                "vulns": {k: len(v["vulns"]) for k, v in self.vulns.items()},
                "switches": dict(self.switches)}

    def set_vulns(self, spec):
        """POST /__emulator/vulns: {"key": K, "vulns": [...] | null,
        "generate": {...}, "hostile": bool, "append": bool}."""
        unknown = set(spec) - {"key", "vulns", "generate", "hostile", "append"}
        if unknown:
            raise ValueError("unknown field(s): " + ", ".join(sorted(unknown)))
        key = spec.get("key")
        if not isinstance(key, str) or not key:
            raise ValueError("key must be a non-empty string: a digest, "
                             "repository:tag, host/repository:tag, a repository or *")
        vulns = spec.get("vulns", [])
        if vulns is not None and (not isinstance(vulns, list) or
                                  not all(isinstance(v, dict) for v in vulns)):
            raise ValueError("vulns must be an array of objects, or null")
        gen = spec.get("generate", {})
        if not isinstance(gen, dict) or set(gen) - {"critical", "high", "medium", "low",
                                                     "unknown", "fixable"}:
            raise ValueError("generate takes critical, high, medium, low, unknown "
                             "(counts) and fixable (0..1)")
        counts = {k: gen.get(k, 0) for k in ("critical", "high", "medium", "low", "unknown")}
        if not all(is_uint(c) and c <= 100000 for c in counts.values()):
            raise ValueError("generate counts must be integers from 0 to 100000")
        fixable = gen.get("fixable", 0.5)
        if not isinstance(fixable, (int, float)) or isinstance(fixable, bool) \
                or not 0 <= fixable <= 1:
            raise ValueError("generate.fixable must be a number from 0 to 1")
        hostile = spec.get("hostile", False)
        if not is_bool(hostile):
            raise ValueError("hostile must be a boolean")
        with self.emu.lock:
            if vulns is None:
                self.vulns.pop(key, None)
            else:
                entry = self.vulns.get(key) if spec.get("append") else None
                entry = entry or {"vulns": [], "hostile": False}
                start = len(entry["vulns"])
                made = [fill_vuln(v, start + i) for i, v in enumerate(vulns)]
                made += generate_vulns(counts, fixable, start + len(made))
                entry["vulns"] += made
                entry["hostile"] = entry["hostile"] or hostile
                self.vulns[key] = entry
            return {"keys": {k: len(v["vulns"]) for k, v in self.vulns.items()}}

    def authorize(self, spec):
        """POST /__emulator/images {"Id": N, "IsAuthorized": 0|1}: licensing
        an image as the console does (no API action exists for it)."""
        if set(spec) - {"Id", "IsAuthorized"} or not is_uint(spec.get("Id")) \
                or spec.get("IsAuthorized") not in (0, 1):
            raise ValueError('expected {"Id": N, "IsAuthorized": 0 or 1}')
        with self.emu.lock:
            img = self._image(spec["Id"])
            if img is None:
                raise ValueError("no image has Id %d" % spec["Id"])
            img["IsAuthorized"] = spec["IsAuthorized"]
            self.emu._save()
            return {"Id": img["Id"], "IsAuthorized": img["IsAuthorized"]}

    # ---- helpers ---------------------------------------------------------

    def error(self, code, message):
        return self.api.ApiError(code, message)

    def local_time(self, t):
        """"YYYY-MM-DD HH:MM:SS" in the service's zone (time_offset_hours;
        the real zone is unconfirmed, presumably Asia/Shanghai)."""
        offset = self.switches["time_offset_hours"] * 3600
        return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(t + offset))

    def iso_time(self, t):
        hours = self.switches["time_offset_hours"]
        offset = int(hours * 3600)
        sign = "+" if offset >= 0 else "-"
        return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(t + offset)) + \
            "%s%02d:%02d" % (sign, abs(offset) // 3600, abs(offset) % 3600 // 60)

    def _registry(self, rid):
        for r in self.emu.registries:
            if r["RegistryId"] == rid:
                return r
        return None

    def _image(self, iid):
        for img in self.images:
            if img["Id"] == iid:
                return img
        return None

    def page(self, params, rows):
        limit = params.get("Limit", 10)
        if limit > MAX_LIMIT:
            raise self.error("InvalidParameter",
                             "The parameter `Limit` must be at most 100.")
        limit = limit or 10
        offset = params.get("Offset", 0)
        return rows[offset:offset + limit]

    def order(self, params, rows, keys):
        order = params.get("Order", "asc")
        if order.lower() not in ("asc", "desc"):
            raise self.error("InvalidParameter",
                             "The parameter `Order` must be asc or desc.")
        key = keys.get(params.get("By", ""))
        if key is not None:
            rows = sorted(rows, key=key)
        if order.lower() == "desc":
            rows = list(reversed(rows))
        return rows

    def matcher(self, f):
        exact = f.get("ExactMatch", False)
        if self.switches["exact_match"] == "inverted":
            exact = not exact
        values = f["Values"]
        if exact:
            return lambda s: s in values
        return lambda s: any(v.lower() in s.lower() for v in values)

    def check_authorized_values(self, f):
        for v in f["Values"]:
            if v not in ("all", "0", "1"):
                raise self.error("InvalidParameterValue",
                                 "The filter `IsAuthorized` takes all, 0 or 1.")

    # ---- connectivity detection -----------------------------------------

    def probe(self, rids):
        """Re-probe (GET <Url>/v2/ with the stored credentials, in parallel,
        outside the lock) every registry whose last probe is older than
        conn_detect_ttl seconds."""
        emu = self.emu
        with emu.lock:
            ttl = self.switches["conn_detect_ttl"]
            mono = time.monotonic()
            todo = [dict(r) for r in emu.registries if r["RegistryId"] in rids and (
                r["RegistryId"] not in self.conn or
                mono - self.conn[r["RegistryId"]]["at"] >= ttl)]
        if not todo:
            return

        def one(r):
            return self.api.health_check(r["Url"], r["Username"], r["Password"],
                                         r.get("Insecure", 0) == 1, emu.registry_ca,
                                         emu.health_timeout)
        if len(todo) == 1:
            results = [one(todo[0])]
        else:
            with concurrent.futures.ThreadPoolExecutor(min(16, len(todo))) as pool:
                results = list(pool.map(one, todo))
        with emu.lock:
            for r, err in zip(todo, results):
                self.conn[r["RegistryId"]] = {"at": time.monotonic(), "err": err}

    def conn_view(self, record):  # with emu.lock held
        err = self.conn.get(record["RegistryId"], {}).get("err", "")
        return conn_detect_detail(record, err), err

    # ---- registries --------------------------------------------------------

    def add_registry(self, params):
        api, emu = self.api, self.emu
        api.check_add(params)
        with emu.lock:
            existing = emu._by_name(params["Name"])
            taken = self.switches["add_name_taken"]
        health = ""
        if existing is None:
            health = api.health_check(params["Url"], params["Username"],
                                      params["Password"],
                                      params.get("Insecure", 0) == 1,
                                      emu.registry_ca, emu.health_timeout)
        with emu.lock:
            existing = emu._by_name(params["Name"])
            if existing is not None:
                if taken == "error":
                    raise self.error("FailedOperation",
                                     "The registry name is already in use.")
                answer = {"HealthCheckErr": "", "NameRepeatErr": "name repeat err"}
                if taken == "existing_id":
                    answer["RegistryId"] = existing["RegistryId"]
                elif taken == "zero_id":
                    answer["RegistryId"] = 0
                return answer
            record = {"RegistryId": emu.next_id}
            record.update(params)
            emu.next_id += 1
            emu.registries.append(record)
            self.conn[record["RegistryId"]] = {"at": time.monotonic(), "err": health}
            emu._save()
            return {"RegistryId": record["RegistryId"],
                    "HealthCheckErr": health, "NameRepeatErr": ""}

    def update_registry(self, params):
        api, emu = self.api, self.emu
        with emu.lock:
            refuse_id = self.switches["update_registry_id"] == "refused"
        fields = {k: v for k, v in api.ADD_FIELDS.items()
                  if k not in ("WebhookUrl", "WebhookToken")}
        if not refuse_id:
            fields["RegistryId"] = (False, api._is_int, "an integer")
        api.check_params(params, fields)
        api.check_values(params)
        with emu.lock:
            target = self._target(params)
            other = emu._by_name(params["Name"])
            if other is not None and other is not target:
                return {"RegistryId": target["RegistryId"], "HealthCheckErr": "",
                        "NameRepeatErr": "name repeat err"}
            rid = target["RegistryId"]
        health = api.health_check(params["Url"], params["Username"], params["Password"],
                                  params.get("Insecure", 0) == 1, emu.registry_ca,
                                  emu.health_timeout)
        with emu.lock:
            target = self._registry(rid)
            if target is None:
                raise self.error("ResourceNotFound", "No registry has RegistryId %d." % rid)
            other = emu._by_name(params["Name"])
            if other is not None and other is not target:
                return {"RegistryId": rid, "HealthCheckErr": "",
                        "NameRepeatErr": "name repeat err"}
            target.update({k: v for k, v in params.items() if k != "RegistryId"})
            self.conn[rid] = {"at": time.monotonic(), "err": health}
            emu._save()
            return {"RegistryId": rid, "HealthCheckErr": health, "NameRepeatErr": ""}

    def _target(self, params):  # with emu.lock held
        if "RegistryId" in params:
            target = self._registry(params["RegistryId"])
            if target is None:
                raise self.error("ResourceNotFound",
                                 "No registry has RegistryId %d." % params["RegistryId"])
            return target
        target = self.emu._by_name(params["Name"])
        if target is None:
            raise self.error("ResourceNotFound", "No registry has this Name.")
        return target

    def describe_registry(self, params):
        self.api.check_params(params, {"RegistryId": (True, self.api._is_int,
                                                       "an integer")})
        rid = params["RegistryId"]
        self.probe({rid})
        with self.emu.lock:
            r = self._registry(rid)
            if r is None:
                raise self.error("ResourceNotFound", "No registry has RegistryId %d." % rid)
            detail, _ = self.conn_view(r)
            answer = {
                "Name": r["Name"], "Username": r["Username"], "Password": r["Password"],
                "Url": r["Url"], "RegistryType": r["RegistryType"],
                "RegistryVersion": r.get("RegistryVersion", ""),
                "NetType": r["NetType"],
                "RegistryRegion": r.get("RegistryRegion", "default"),
                "SpeedLimit": r.get("SpeedLimit", 0), "Insecure": r.get("Insecure", 0),
                "ConnDetectDetail": detail, "InstanceID": r.get("InstanceId", ""),
                "SyncMode": r.get("SyncMode", 0), "NeedScan": r.get("NeedScan", False),
                "WebhookUrl": r.get("WebhookUrl", ""),
                "WebhookToken": r.get("WebhookToken", ""),
            }
            how = self.switches["detail_password"]
        for secret in ("Password", "WebhookToken"):
            if how == "omitted":
                del answer[secret]
            elif how == "masked":
                answer[secret] = mask(answer[secret])
        return answer

    def registry_row(self, r):  # with emu.lock held
        detail, err = self.conn_view(r)
        s = self.sync.get(r["RegistryId"], {})
        return {
            "RegistryId": r["RegistryId"], "Name": r["Name"],
            "RegistryType": r["RegistryType"], "Url": r["Url"], "NetType": r["NetType"],
            "RegistryRegion": r.get("RegistryRegion", "default"),
            "RegistryVersion": r.get("RegistryVersion", ""), "ConnectMsg": err,
            "ConnDetectType": "agent" if r.get("ConnDetectConfig") else "backend",
            "ConnDetectHostCount": len(detail), "ConnDetectDetail": detail,
            "InstanceID": r.get("InstanceId", ""),
            "LatestSyncTime": s.get("LatestSyncTime"),
            "SyncStatus": s.get("SyncStatus"),
            "SyncFailReason": s.get("SyncFailReason", ""),
            "SyncSolution": s.get("SyncSolution", ""),
            "SyncMessage": s.get("SyncMessage", ""),
            "SyncMode": r.get("SyncMode", 0),
        }

    def list_registries(self, params):
        self.api.check_params(params, REGISTRY_LIST_FIELDS)
        checks = []
        for f in params.get("Filters", []):
            if f["Name"] != "IsAuthorized":
                raise self.error("InvalidParameter",
                                 "The filter `%s` is not supported; the only filter "
                                 "is IsAuthorized." % f["Name"])
            self.check_authorized_values(f)
            values = f["Values"]
            checks.append(lambda r, v=values: "all" in v or
                          str(int(bool(r.get("NeedScan")))) in v)
        self.settle()
        with self.emu.lock:
            rows = [r for r in self.emu.registries if all(c(r) for c in checks)]
            rows = self.order(params, rows, {"Name": lambda r: r["Name"],
                                             "InsertTime": lambda r: r["RegistryId"],
                                             "RegistryId": lambda r: r["RegistryId"]})
            total = len(rows)
            shown = self.page(params, rows)
            ids = {r["RegistryId"] for r in shown}
        self.probe(ids)
        with self.emu.lock:
            rows = [self.registry_row(r) for r in shown
                    if self._registry(r["RegistryId"]) is not None]
        return {"List": rows, "TotalCount": total}

    def remove_registry(self, params):
        self.api.check_params(params, {"RegistryId": (True, self.api._is_int,
                                                      "an integer")})
        rid = params["RegistryId"]
        with self.emu.lock:
            r = self._registry(rid)
            if r is None:
                raise self.error("ResourceNotFound", "No registry has RegistryId %d." % rid)
            self.emu.registries.remove(r)
            self.sync.pop(rid, None)
            self.conn.pop(rid, None)
            self.images = [i for i in self.images if i["RegistryId"] != rid]
            self.emu._save()
        return {}

    def check_repeat(self, params):
        self.api.check_params(params, {"Name": (True, is_str, "a string")})
        with self.emu.lock:
            return {"IsRepeat": self.emu._by_name(params["Name"]) is not None}

    # ---- sync -------------------------------------------------------------

    def sync_assets(self, params):
        self.api.check_params(params, {"All": BOOL, "RegistryIds": UINTS})
        if not params.get("All") and not params.get("RegistryIds"):
            raise self.error("InvalidParameter.MissingParameter",
                             "The parameter `RegistryIds` is missing (or set `All`).")
        self.settle()
        emu = self.emu
        with emu.lock:
            if params.get("All"):
                rids = [r["RegistryId"] for r in emu.registries]
            else:
                rids = params["RegistryIds"]
                for rid in rids:
                    if self._registry(rid) is None:
                        raise self.error("ResourceNotFound",
                                         "No registry has RegistryId %d." % rid)
            now = emu.now()
            for rid in rids:
                s = self.sync.setdefault(rid, {})
                if s.get("SyncStatus") == "doing":
                    continue   # a sync already running is not restarted
                s.update({"SyncStatus": "doing", "Started": now,
                          "Due": now + self.switches["sync_seconds"]})
            emu._save()
        return {}

    def asset_status(self, params):
        self.api.check_params(params, {})
        self.settle()
        with self.emu.lock:
            states = list(self.sync.values())
        doing = [s for s in states if s.get("SyncStatus") == "doing"]
        done = sorted((s for s in states if s.get("Finished")), key=lambda s: s["Finished"])
        ok = [s["Finished"] for s in done if s["SyncStatus"] == "success"]
        with self.emu.lock:
            latest = self.local_time(max(ok)) if ok else ""
        if doing:
            return {"Status": "doing", "Err": "", "LatestSyncSuccessTime": latest}
        if done and done[-1]["SyncStatus"] == "failed":
            return {"Status": "failed", "Err": done[-1].get("SyncFailReason", ""),
                    "LatestSyncSuccessTime": latest}
        return {"Status": "success", "Err": "", "LatestSyncSuccessTime": latest}

    def settle(self):
        """Finish the syncs and scans whose time has come (see the module's
        docstring). Each job is claimed under the lock, so two requests never
        settle the same one."""
        emu = self.emu
        with emu.lock:
            now = emu.now()
            syncs = []
            for rid, s in self.sync.items():
                if s.get("SyncStatus") == "doing" and now >= s["Due"] and not s.get("Busy"):
                    r = self._registry(rid)
                    if r is not None:
                        s["Busy"] = True
                        syncs.append((rid, dict(r)))
            scans = []
            for img in self.images:
                sc = img.get("Scan")
                if sc and sc["Status"] == "SCANNING" and not sc.get("Busy") and (
                        now >= sc["Due"] or now >= sc["TimeoutAt"]):
                    sc["Busy"] = True
                    scans.append((img["Id"], dict(img), dict(sc),
                                  dict(self._registry(img["RegistryId"]) or {})))
        for rid, record in syncs:
            try:
                reader = RegistryReader(self.api, record, emu.registry_ca,
                                        emu.health_timeout)
                found, err = reader.catalogue(), None
            except ReadError as e:
                found, err = None, e
            with emu.lock:
                self.finish_sync(rid, record, found, err, now)
        for iid, img, sc, record in scans:
            outcome, error = self.scan_outcome(img, sc, record, now)
            with emu.lock:
                self.finish_scan(iid, sc["TaskID"], outcome, error, now)
        if syncs or scans:
            with emu.lock:
                emu._save()

    def finish_sync(self, rid, record, found, err, now):  # with emu.lock held
        s = self.sync.get(rid)
        if s is None or self._registry(rid) is None:
            return
        s.pop("Busy", None)
        s["Finished"] = now
        if err is not None:
            s.update({"SyncStatus": "failed", "SyncFailReason": str(err),
                      "SyncMessage": "sync failed: %s" % err,
                      "SyncSolution": AUTH_SOLUTION if err.auth else
                      "check that TCSS can reach the registry"})
            return
        s.update({"SyncStatus": "success", "LatestSyncTime": self.local_time(now),
                  "SyncFailReason": "", "SyncMessage": "", "SyncSolution": ""})
        host = urllib.parse.urlsplit(record["Url"] if "://" in record["Url"]
                                     else "https://" + record["Url"]).netloc
        host = host.rpartition("@")[2]
        rows = {(i["Repository"], i["ImageTag"], i["ImageDigest"]): i
                for i in self.images if i["RegistryId"] == rid}
        seen, new = set(), []
        for f in found:
            key = (f["repository"], f["tag"], f["digest"])
            seen.add(key)
            row = rows.get(key)
            if row is None:
                namespace, name = split_repo(f["repository"])
                row = {"Id": self.next_image_id, "RegistryId": rid,
                       "Repository": f["repository"],
                       "ImageRepoAddress": "%s/%s" % (host, f["repository"]),
                       "Namespace": namespace, "ImageName": name, "ImageTag": f["tag"],
                       "ImageDigest": f["digest"], "IsAuthorized": 0,
                       "FirstSeen": now}
                self.next_image_id += 1
                self.images.append(row)
                new.append(row)
            row.update({"ImageRepoAddress": "%s/%s" % (host, f["repository"]),
                        "ImageId": f["config_digest"], "ImageSize": f["size"],
                        "Created": f["created"], "OsName": f["os"], "Current": True})
        for key, row in rows.items():
            if key not in seen:
                row["Current"] = False
        # IsLatestImage: per repository, the current rows with the newest
        # creation time (ties: all of them).
        newest = {}
        for row in self.images:
            if row["RegistryId"] == rid and row["Current"]:
                repo = row["Repository"]
                newest[repo] = max(newest.get(repo, ""), row["Created"])
        for row in self.images:
            if row["RegistryId"] == rid:
                row["IsLatestImage"] = bool(row["Current"] and
                                            row["Created"] == newest.get(row["Repository"]))
        if record.get("NeedScan"):
            incremental = record.get("SyncMode", 0) == 1
            for row in new:
                if incremental or row["IsLatestImage"]:
                    row["IsAuthorized"] = 1

    # ---- images --------------------------------------------------------------

    def image_view(self, img, detail=False):  # with emu.lock held
        r = self._registry(img["RegistryId"]) or {}
        sc = img.get("Scan") or {}
        status = sc.get("Status", "NOT_SCAN")
        types = sc.get("Types", [])
        by_type = img.get("TypeStatus", {})
        now = self.emu.now()
        if status == "SCANNING":
            span = max(sc["Due"] - sc["Started"], 1e-9)
            progress = min(99, int(100 * (now - sc["Started"]) / span))
            remain = max(0, int(sc["Due"] - now + 0.999))
        else:
            progress = 100 if status in ("SCANNED",) else 0
            remain = 0
        counts = img.get("Counts") or count_findings([])
        view = {
            "ImageDigest": img["ImageDigest"], "ImageRepoAddress": img["ImageRepoAddress"],
            "RegistryType": r.get("RegistryType", ""), "ImageName": img["ImageName"],
            "ImageTag": img["ImageTag"], "ImageSize": img.get("ImageSize", 0),
            "ScanTime": self.iso_time(img["ScanTime"]) if img.get("ScanTime") else "",
            "ScanStatus": status, "VulCnt": counts["total"], "VirusCnt": 0, "RiskCnt": 0,
            "SentiveInfoCnt": 0, "IsTrustImage": False, "OsName": img.get("OsName", ""),
            "ScanVirusError": "", "ScanVulError": img.get("ScanVulError", ""),
            "InstanceId": r.get("InstanceId", ""), "InstanceName": r.get("Name", ""),
            "Namespace": img["Namespace"], "ScanRiskError": "",
            "ScanVirusProgress": progress if "VIRUS" in types else 0,
            "ScanVulProgress": progress if "CVE" in types else 0,
            "ScanRiskProgress": progress if "RISK" in types else 0,
            "ScanRemainTime": remain,
            "CveStatus": by_type.get("CVE", "NOT_SCAN"),
            "RiskStatus": by_type.get("RISK", "NOT_SCAN"),
            "VirusStatus": by_type.get("VIRUS", "NOT_SCAN"),
            "Progress": progress, "IsAuthorized": img["IsAuthorized"],
            "RegistryRegion": r.get("RegistryRegion", "default"), "Id": img["Id"],
            "ImageId": img.get("ImageId", ""),
            "ImageCreateTime": img.get("Created", ""),
            "SensitiveInfoCnt": 0, "Solution": "", "Reason": "",
        }
        if detail:
            view["LayerInfo"] = ""
            return view
        view.update({
            "IsLatestImage": img.get("IsLatestImage", False),
            "LowLevelVulCnt": counts["1"], "MediumLevelVulCnt": counts["2"],
            "HighLevelVulCnt": counts["3"], "CriticalLevelVulCnt": counts["4"],
            "ContainerCnt": 0,
            "ComponentCnt": counts["components"],
            "IsRunning": False,
            "HasNeedFixVul": counts["fixable"] > 0,
            "RecommendedFix": False,
        })
        return view

    def image_checks(self, filters):
        mode = self.switches["image_filters"]
        checks = []
        for f in filters:
            name = f["Name"]
            if name == "IsAuthorized":
                self.check_authorized_values(f)
                values = f["Values"]
                checks.append(lambda i, v=values: "all" in v or str(i["IsAuthorized"]) in v)
            elif mode == "strict":
                raise self.error("InvalidParameter",
                                 "The filter `%s` is not supported." % name)
            elif mode == "lenient" and name in IMAGE_FILTERS:
                match = self.matcher(f)
                checks.append(lambda i, n=name, m=match: m(str(i.get(n, ""))))
        return checks

    def list_images(self, params):
        self.api.check_params(params, IMAGE_LIST_FIELDS)
        with self.emu.lock:
            checks = self.image_checks(params.get("Filters", []))
        self.settle()
        with self.emu.lock:
            views = [self.image_view(img) for img in self.images]
            rows = [v for v in views if all(c(v) for c in checks)]
            if params.get("OnlyShowLatest"):
                rows = [v for v in rows if v["IsLatestImage"]]
            if params.get("IsRunning"):
                rows = []
            rows = self.order(params, rows, {
                "ImageCreateTime": lambda v: v["ImageCreateTime"],
                "ScanTime": lambda v: v["ScanTime"]})
            return {"List": self.page(params, rows), "TotalCount": len(rows)}

    def describe_image(self, params):
        self.api.check_params(params, IMAGE_DETAIL_FIELDS)
        if "Id" not in params and not params.get("ImageId"):
            raise self.error("InvalidParameter.MissingParameter",
                             "The parameter `Id` is missing (or give `ImageId`).")
        self.settle()
        with self.emu.lock:
            for img in self.images:
                if ("Id" in params and img["Id"] == params["Id"]) or \
                        ("Id" not in params and img.get("ImageId") == params["ImageId"]):
                    return self.image_view(img, detail=True)
        raise self.error("ResourceNotFound", "No image has this Id.")

    def select(self, params):  # with emu.lock held
        """The image rows an Id / Images / All request names."""
        if "Id" in params:
            picked = []
            for iid in params["Id"]:
                img = self._image(iid)
                if img is None:
                    raise self.error("ResourceNotFound", "No image has Id %d." % iid)
                picked.append(img)
            return picked
        if "Images" in params:
            picked = []
            for info in params["Images"]:
                hits = [i for i in self.images if
                        (self._registry(i["RegistryId"]) or {}).get("Name") ==
                        info["InstanceName"] and i["Namespace"] == info["Namespace"]
                        and i["ImageName"] == info["ImageName"]
                        and i["ImageTag"] == info["ImageTag"]]
                if not hits:
                    raise self.error("ResourceNotFound", "No image matches %s/%s:%s." % (
                        info["Namespace"], info["ImageName"], info["ImageTag"]))
                picked += hits
            return picked
        if params.get("All"):
            exclude = set(params.get("ExcludeImageList", []))
            rows = [i for i in self.images if i["Id"] not in exclude]
            if params.get("OnlyScanLatest"):
                rows = [i for i in rows if i.get("IsLatestImage")]
            return rows
        raise self.error("InvalidParameter.MissingParameter",
                         "The parameter `Id` is missing (or give `Images` or `All`).")

    # ---- scans ---------------------------------------------------------------

    def create_scan(self, params):
        self.api.check_params(params, SCAN_TASK_FIELDS)
        types = params.get("ScanType", list(SCAN_TYPES))
        for t in types:
            if t not in SCAN_TYPES:
                raise self.error("InvalidParameterValue",
                                 "The value of `ScanType` must be CVE, VIRUS or RISK.")
        self.settle()
        emu = self.emu
        with emu.lock:
            picked = self.select(params)
            if not picked:
                raise self.error("InvalidParameter.MissingParameter",
                                 "No image is selected: `Id` (or `Images`, `All`) is empty.")
            for img in picked:
                if img.get("Scan", {}).get("Status") == "SCANNING" or not img["IsAuthorized"]:
                    raise self.error("FailedOperation.ErrAlreadyScanning",
                                     "在扫描中或无扫描权限建议授权后扫描 (image %d is being "
                                     "scanned or not authorized)" % img["Id"])
            now = emu.now()
            tid = self.next_task_id
            self.next_task_id += 1
            timeout = params.get("Timeout") or 3600
            self.tasks[tid] = {"Images": [i["Id"] for i in picked], "Results": {},
                               "Started": now, "Types": types}
            for img in picked:
                img["Scan"] = {"Status": "SCANNING", "TaskID": tid, "Started": now,
                               "Due": now + self.switches["scan_seconds"],
                               "TimeoutAt": now + timeout, "Types": types,
                               "Force": self.switches["scan_result"]}
                img["TypeStatus"] = dict(img.get("TypeStatus", {}),
                                         **{t: "SCANNING" for t in types})
                img["ScanVulError"] = ""
            emu._save()
            if self.switches["scan_task_id"] == "omitted":
                return {}
            return {"TaskID": tid}

    def scan_outcome(self, img, sc, record, now):
        """SCAN_TIMEOUT when the task's Timeout came first; else the image
        is read from the registry (its manifest, by digest, with the stored
        credentials): SCANNED, or SCAN_ERR when that fails."""
        if sc["TimeoutAt"] <= sc["Due"] or sc["Force"] == "SCAN_TIMEOUT":
            return "SCAN_TIMEOUT", "Timeout"
        if sc["Force"] == "SCAN_ERR":
            return "SCAN_ERR", "ConnFailed"
        if not record:
            return "SCAN_ERR", "RegistryNotFound"
        try:
            reader = RegistryReader(self.api, record, self.emu.registry_ca,
                                    self.emu.health_timeout)
            if reader.manifest(img["Repository"], img["ImageDigest"]) is None:
                return "SCAN_ERR", "ImageNotFound"
        except ReadError as e:
            return "SCAN_ERR", "AuthFailed" if e.auth else "ConnFailed"
        return "SCANNED", ""

    def finish_scan(self, iid, tid, outcome, error, now):  # with emu.lock held
        img = self._image(iid)
        if img is None:
            return
        sc = img.get("Scan")
        if not sc or sc.get("TaskID") != tid or sc["Status"] != "SCANNING":
            return   # stopped or replaced meanwhile
        sc.pop("Busy", None)
        sc["Status"] = outcome
        sc["Finished"] = min(now, sc["TimeoutAt"]) if outcome == "SCAN_TIMEOUT" else now
        for t in sc["Types"]:
            img["TypeStatus"][t] = outcome
        img["ScanVulError"] = error if "CVE" in sc["Types"] else ""
        if outcome == "SCANNED":
            img["ScanTime"] = now
            if "CVE" in sc["Types"]:
                img["Vulns"] = self.findings(img)
                img["Counts"] = count_findings(img["Vulns"])
        task = self.tasks.get(tid)
        if task is not None:
            task["Results"][str(iid)] = outcome

    def findings(self, img):  # with emu.lock held
        """The fixture entry for this image: by manifest digest, then
        repository:tag, host/repository:tag, repository, then "*"."""
        keys = [img["ImageDigest"], "%s:%s" % (img["Repository"], img["ImageTag"]),
                "%s:%s" % (img["ImageRepoAddress"], img["ImageTag"]),
                img["Repository"], "*"]
        for key in keys:
            entry = self.vulns.get(key)
            if entry is not None:
                vulns = copy.deepcopy(entry["vulns"])
                if entry["hostile"]:
                    record = self._registry(img["RegistryId"]) or {}
                    vulns += hostile_vulns(self.api.echo_text(record, ""), len(vulns))
                return vulns
        return []

    def _check_task_request(self, params, fields):
        """Checks a request naming a scan by TaskID or by its images (TaskID
        unknown while the task_id_member switch refuses it), then lets due
        scans finish."""
        fields = dict(fields)
        with self.emu.lock:
            if self.switches["task_id_member"] == "refused":
                del fields["TaskID"]
        self.api.check_params(params, fields)
        self.settle()

    def _named_task(self, params):  # with emu.lock held
        task = self.tasks.get(params["TaskID"])
        if task is None:
            raise self.error("ResourceNotFound",
                             "No scan task has TaskID %d." % params["TaskID"])
        return task

    def task_status(self, params):
        self._check_task_request(params, SCAN_STATUS_FIELDS)
        with self.emu.lock:
            if "TaskID" in params:
                task = self._named_task(params)
                entries = []
                for iid in task["Images"]:
                    img = self._image(iid)
                    if img is None:
                        continue
                    view = self.image_view(img)
                    if (img.get("Scan") or {}).get("TaskID") != params["TaskID"]:
                        view["ScanStatus"] = task["Results"].get(str(iid), "CANCELED")
                        view["ScanRemainTime"] = 0
                    entries.append(view)
            else:
                entries = [self.image_view(i) for i in self.select(params)]
        return summarize(entries)

    def stop_scan(self, params, fields=SCAN_STOP_FIELDS):
        self._check_task_request(params, fields)
        with self.emu.lock:
            if "TaskID" in params:
                task = self._named_task(params)
                picked = [i for i in (self._image(x) for x in task["Images"])
                          if i is not None and (i.get("Scan") or {}).get("TaskID")
                          == params["TaskID"]]
            else:
                picked = self.select(params)
            now = self.emu.now()
            for img in picked:
                sc = img.get("Scan")
                if sc and sc["Status"] == "SCANNING":
                    sc.update({"Status": "CANCELED", "Finished": now})
                    sc.pop("Busy", None)
                    for t in sc["Types"]:
                        img["TypeStatus"][t] = "CANCELED"
                    task = self.tasks.get(sc["TaskID"])
                    if task is not None:
                        task["Results"][str(img["Id"])] = "CANCELED"
            self.emu._save()
        return {}

    def stop_scan_onekey(self, params):
        return self.stop_scan(params, SCAN_STOP_ONEKEY_FIELDS)

    # ---- vulnerabilities ---------------------------------------------------

    def vul_list(self, params):
        self.api.check_params(params, VUL_LIST_FIELDS)
        if "Id" not in params and "ImageInfo" not in params:
            raise self.error("InvalidParameter.MissingParameter",
                             "The parameter `Id` is missing (or give `ImageInfo`).")
        checks = []
        for f in params.get("Filters", []):
            values = f["Values"]
            if f["Name"] in ("Level", "RiskLevel"):
                checks.append(lambda v, vs=values: "all" in vs or v.get("Level") in vs)
            elif f["Name"] == "Name":
                checks.append(lambda v, vs=values: "all" in vs or any(
                    x.lower() in str(v.get("Name", "")).lower() for x in vs))
        self.settle()
        with self.emu.lock:
            if "Id" in params:
                img = self._image(params["Id"])
            else:
                hits = self.select({"Images": [params["ImageInfo"]]}) \
                    if params["ImageInfo"] else []
                img = hits[-1] if hits else None
            if img is None:
                raise self.error("ResourceNotFound", "No image has this Id.")
            rows = [v for v in img.get("Vulns", []) if all(c(v) for c in checks)]
            return {"List": copy.deepcopy(self.page(params, rows)), "TotalCount": len(rows)}


def count_findings(vulns):
    """The row's counts, kept with the findings so a list stays cheap."""
    counts = {lv: 0 for lv in LEVELS}
    for v in vulns:
        if v.get("Level") in counts:
            counts[v["Level"]] += 1
    counts.update(total=len(vulns),
                  components=len({json.dumps(v.get("Component")) for v in vulns}),
                  fixable=sum(1 for v in vulns if isinstance(v.get("Tag"), list)
                              and "CanBeFixed" in v["Tag"]))
    return counts


def summarize(entries):
    """DescribeAssetImageRegistryScanStatusOneKey's answer for these image
    views (ImageRepoInfo-shaped)."""
    statuses = [e["ScanStatus"] for e in entries]
    if not entries:
        status = "NOT_SCAN"
    elif "SCANNING" in statuses:
        status = "SCANNING"
    elif all(s == "SCANNED" for s in statuses):
        status = "SCANNED"
    else:   # the worst outcome among the images
        status = next(s for s in ("SCAN_ERR", "SCAN_TIMEOUT", "CANCELED", "NOT_SCAN",
                                  "SCANNED") if s in statuses)
    progress = [100 if e["ScanStatus"] not in ("SCANNING", "NOT_SCAN") else e["Progress"]
                for e in entries]
    return {
        "ImageTotal": len(entries),
        "ImageScanCnt": sum(1 for s in statuses if s not in ("SCANNING", "NOT_SCAN")),
        "ImageStatus": [{
            "ImageId": e["ImageId"], "RegistryType": e["RegistryType"],
            "ImageRepoAddress": e["ImageRepoAddress"], "InstanceId": e["InstanceId"],
            "InstanceName": e["InstanceName"], "Namespace": e["Namespace"],
            "ImageName": e["ImageName"], "ImageTag": e["ImageTag"],
            "ScanStatus": e["ScanStatus"],
            "CveProgress": 100 if e["ScanStatus"] == "SCANNED" else e["ScanVulProgress"],
            "RiskProgress": 100 if e["ScanStatus"] == "SCANNED" else e["ScanRiskProgress"],
            "VirusProgress": 100 if e["ScanStatus"] == "SCANNED" else e["ScanVirusProgress"],
        } for e in entries],
        "SuccessCount": statuses.count("SCANNED"),
        "RiskCount": sum(1 for e in entries if e["ScanStatus"] == "SCANNED" and e["VulCnt"]),
        "Schedule": sum(progress) // len(progress) if progress else 0,
        "Status": status,
        "ScanRemainTime": max([e["ScanRemainTime"] for e in entries] or [0]),
    }


# ---- the vulnerability fixture ------------------------------------------------

def fill_vuln(v, i):
    """A fixture finding with every ImageVul member (api.json's "always"
    ones and AttackLevel/LayerInfos), the given ones kept as they are."""
    base = make_vuln(i, v.get("Level", "3"), "CanBeFixed" in (v.get("Tag") or ["CanBeFixed"]))
    base.update(v)
    return base


def make_vuln(i, level, fixable):
    component = "libexample%d" % (i % 97)
    version = "1.%d.%d-r0" % (i % 7, i % 13)
    fixed = "1.%d.%d-r1" % (i % 7, i % 13) if fixable else ""
    cve = "CVE-2026-%05d" % (10000 + i)
    score = {"1": "3.1", "2": "5.3", "3": "7.5", "4": "9.8"}.get(level, "0.0")
    return {
        "CVEID": cve, "POCID": "pcmgr-%d" % (400000 + i),
        "Name": "%s buffer overflow (%s)" % (component, cve),
        "Components": [{"Component": "", "Version": version, "FixedVersion": fixed,
                        "Path": "/usr/lib/%s.so.1" % component, "Type": "SYSTEM",
                        "Name": component}],
        "Category": "BUFFER_OVERFLOW", "CategoryType": "SYSTEM", "Level": level,
        "Des": "A crafted input overflows a buffer in %s %s." % (component, version),
        "OfficialSolution": ("Upgrade %s to %s." % (component, fixed)) if fixable
        else "No fix is available yet.",
        "Reference": json.dumps(["https://nvd.nist.gov/vuln/detail/" + cve]),
        "DefenseSolution": "", "SubmitTime": "2026-01-01 00:00:00",
        "CvssScore": score, "CvssVector": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
        "IsSuggest": "是" if fixable else "否", "FixedVersions": fixed,
        "Tag": ["CanBeFixed"] if fixable else [], "Component": component,
        "Version": version, "AttackLevel": i % 4,
        "LayerInfos": [{"LayerId": "sha256:%064x" % i,
                        "LayerCmd": "/bin/sh -c #(nop) ADD file:%d in /" % i}],
    }


def generate_vulns(counts, fixable, start):
    out = []
    odd_levels = ("", "0", "5", "MIDDLE")
    for level, n in (("4", counts["critical"]), ("3", counts["high"]),
                     ("2", counts["medium"]), ("1", counts["low"]),
                     (None, counts["unknown"])):
        for k in range(n):
            i = start + len(out)
            lv = level if level is not None else odd_levels[k % len(odd_levels)]
            # The first round(n * fixable) of each level can be fixed.
            out.append(make_vuln(i, lv, k < round(n * fixable)))
    return out


def hostile_vulns(echo, start):
    """Findings whose strings would break a careless report: XML CDATA ends
    and markup, control characters, CI log commands, bidi controls, invalid
    UTF-8 (lone surrogates stand for raw bytes on the wire) and the stored
    registry secrets echoed in every encoding (tcss_emulator.echo_text)."""
    nasty = ("]]><![CDATA[ </testcase></testsuite> <script>alert(1)</script> "
             "\x00\x01\x07\x08\x0b\x0c\x1b[31mred\x1b[0m\r\n::error::x\n"
             "##vso[task.complete result=Succeeded]\n\u202egnp.exe \u2028\x85 "
             "\udcff\udcfe( \"quoted\" 'single' & <amp>")
    out = []
    for k, where in enumerate(("Des", "Name", "Component", "Reference", "OfficialSolution")):
        v = make_vuln(start + k, LEVELS[k % 4], k % 2 == 0)
        v[where] = nasty + " " + echo
        if where == "Reference":
            v[where] = "[\"javascript:alert(1)\", \"" + nasty + "\"]"
        out.append(v)
    v = make_vuln(start + len(out), "4", True)
    v.update({"CVEID": "CVE-2026-]]>\x1b", "POCID": "pcmgr-\udcff", "CvssScore": "NaN",
              "Tag": ["CanBeFixed", "\x1b[2J"], "Version": echo[:200]})
    out.append(v)
    return out
