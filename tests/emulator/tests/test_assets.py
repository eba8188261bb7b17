"""The recurring job's actions over signed HTTP: registries beyond Add, the
sync reading the mock registry's real catalogue, image rows, the scan state
machine, the vulnerability fixture, and every switch (README.md, "What is
unconfirmed about the live service")."""

import base64
import hashlib
import json
import io
import os
import shutil
import socket
import subprocess
import tarfile
import tempfile
import time
import unittest
import urllib.error
import urllib.request

import support
from support import Client, registry

LIST = "DescribeAssetImageRegistryRegistryList"
DETAIL = "DescribeAssetImageRegistryRegistryDetail"
UPDATE = "UpdateAssetImageRegistryRegistryDetail"
REMOVE = "RemoveAssetImageRegistryRegistryDetail"
REPEAT = "CheckRepeatAssetImageRegistry"
SYNC = "SyncAssetImageRegistryAsset"
ASSET_STATUS = "DescribeAssetImageRegistryAssetStatus"
IMAGES = "DescribeAssetImageRegistryList"
IMAGE = "DescribeAssetImageRegistryDetail"
SCAN = "CreateAssetImageRegistryScanTask"
STATUS = "DescribeAssetImageRegistryScanStatusOneKey"
STOP = "ModifyAssetImageRegistryScanStop"
STOP_ONEKEY = "ModifyAssetImageRegistryScanStopOneKey"
VULS = "DescribeAssetImageRegistryVulList"
USER, PASSWORD = "bob", "registry-pw-Zq9"


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Mock:
    """The mock registry's control API and a plain V2 client for it."""

    def __init__(self, port):
        self.port = port
        self.url = "http://127.0.0.1:%d" % port

    def control(self, path, obj=None):
        data = json.dumps(obj if obj is not None else {}).encode()
        req = urllib.request.Request(self.url + "/__mock/" + path,
                                     data=None if path == "state" else data)
        try:
            with urllib.request.urlopen(req, timeout=10) as resp:
                return resp.status, json.load(resp)
        except urllib.error.HTTPError as e:
            return e.code, json.load(e)

    def push(self, repository, tag, **kw):
        status, answer = self.control("push", dict(kw, repository=repository, tag=tag))
        assert status == 200, answer
        return answer

    def v2(self, path, method="GET", user=USER, password=PASSWORD, accept=None,
           bearer=None):
        headers = {}
        if bearer is not None:
            headers["Authorization"] = "Bearer " + bearer
        elif user is not None:
            token = base64.b64encode(("%s:%s" % (user, password)).encode()).decode()
            headers["Authorization"] = "Basic " + token
        if accept:
            headers["Accept"] = accept
        req = urllib.request.Request(self.url + path, headers=headers, method=method)
        try:
            with urllib.request.urlopen(req, timeout=10) as resp:
                return resp.status, resp.headers, resp.read()
        except urllib.error.HTTPError as e:
            return e.code, e.headers, e.read()


class AssetCase(unittest.TestCase):
    emulator_args = ()

    @classmethod
    def setUpClass(cls):
        cls.registry = support.Process("mock_registry.py", ["--user", USER],
                                       env={"MOCK_REGISTRY_PASSWORD": PASSWORD})
        cls.mock = Mock(cls.registry.port)
        cls.emu = support.start_emulator(cls.emulator_args)

    @classmethod
    def tearDownClass(cls):
        cls.emu.cleanup()
        cls.registry.cleanup()

    def setUp(self):
        self.client = Client(self.emu.port)
        self.assertEqual(self.client.control("POST", "reset")[0], 200)
        self.assertEqual(self.mock.control("reset")[0], 200)
        self.now = int(time.time())
        self.config(rate_limit=20, clock=None)   # reset keeps these two

    def tearDown(self):
        self.client.close()

    def call(self, action, params):
        return self.client.call(params, action=action)

    def ok(self, action, params):
        r = self.call(action, params)
        self.assertNotIn("Error", r, r)
        return r

    def assertError(self, response, code, mentions=None):
        self.assertIn("Error", response, response)
        self.assertEqual(response["Error"]["Code"], code, response["Error"]["Message"])
        if mentions:
            self.assertIn(mentions, response["Error"]["Message"])

    def config(self, **kw):
        status, answer = self.client.control("POST", "config", kw)
        self.assertEqual(status, 200, answer)
        return answer

    def clock(self, t):
        self.config(clock=t)

    def add(self, name="reg", **kw):
        params = registry(name, Url=self.mock.url, Username=USER, Password=PASSWORD)
        params.update(kw)
        return self.ok(support.ADD, params)["RegistryId"]

    def row(self, rid):
        rows = self.ok(LIST, {"Limit": 100})["List"]
        return next(r for r in rows if r["RegistryId"] == rid)

    def synced(self, rid, **kw):
        """Sync on a fixed clock and step it past the sync's duration."""
        self.config(sync_seconds=5, clock=self.now)
        self.ok(SYNC, {"RegistryIds": [rid]})
        self.now += 5
        self.clock(self.now)
        row = self.row(rid)
        self.assertEqual(row["SyncStatus"], "success", row)
        return row

    def images(self, **params):
        params.setdefault("Limit", 100)
        return self.ok(IMAGES, params)["List"]


class MockRegistry(AssetCase):
    def test_v2_answers_as_before(self):
        self.assertEqual(self.mock.v2("/v2/")[0], 200)
        status, headers, _ = self.mock.v2("/v2/", password="nope")
        self.assertEqual(status, 401)
        self.assertEqual(headers["WWW-Authenticate"], 'Basic realm="mock-registry"')

    def test_catalogue_tags_and_manifests_with_real_digests(self):
        pushed = self.mock.push("team/app", "1.0")
        self.mock.push("team/app", "latest")
        self.mock.push("base", "3")
        status, _, body = self.mock.v2("/v2/_catalog")
        self.assertEqual(json.loads(body), {"repositories": ["base", "team/app"]})
        _, _, body = self.mock.v2("/v2/team/app/tags/list")
        self.assertEqual(json.loads(body), {"name": "team/app", "tags": ["1.0", "latest"]})
        for method in ("GET", "HEAD"):
            status, headers, body = self.mock.v2("/v2/team/app/manifests/1.0", method)
            self.assertEqual(status, 200)
            self.assertEqual(headers["Docker-Content-Digest"], pushed["digest"])
            self.assertEqual(headers["Content-Type"],
                             "application/vnd.docker.distribution.manifest.v2+json")
        _, _, body = self.mock.v2("/v2/team/app/manifests/1.0")
        self.assertEqual("sha256:" + hashlib.sha256(body).hexdigest(), pushed["digest"])
        manifest = json.loads(body)
        self.assertEqual(manifest["config"]["digest"], pushed["config_digest"])
        status, _, again = self.mock.v2("/v2/team/app/manifests/" + pushed["digest"])
        self.assertEqual((status, again), (200, body))
        for layer in [manifest["config"]] + manifest["layers"]:
            status, _, blob = self.mock.v2("/v2/team/app/blobs/" + layer["digest"])
            self.assertEqual(status, 200)
            self.assertEqual("sha256:" + hashlib.sha256(blob).hexdigest(), layer["digest"])
            self.assertEqual(len(blob), layer["size"])

    def test_every_v2_path_needs_the_credentials(self):
        self.mock.push("team/app", "1.0")
        for path in ("/v2/_catalog", "/v2/team/app/tags/list",
                     "/v2/team/app/manifests/1.0"):
            with self.subTest(path):
                self.assertEqual(self.mock.v2(path, user=None)[0], 401)
                self.assertEqual(self.mock.v2(path, password="wrong")[0], 401)

    def test_unknown_names_and_paging(self):
        for i in range(5):
            self.mock.push("r%d" % i, "t")
        status, headers, body = self.mock.v2("/v2/_catalog?n=2")
        self.assertEqual(json.loads(body)["repositories"], ["r0", "r1"])
        self.assertEqual(headers["Link"], '</v2/_catalog?n=2&last=r1>; rel="next"')
        _, headers, body = self.mock.v2("/v2/_catalog?n=2&last=r3")
        self.assertEqual(json.loads(body)["repositories"], ["r4"])
        self.assertIsNone(headers["Link"])
        self.assertEqual(self.mock.v2("/v2/nope/tags/list")[0], 404)
        self.assertEqual(self.mock.v2("/v2/r0/manifests/missing")[0], 404)
        self.assertEqual(self.mock.v2("/v2/r0/blobs/sha256:" + "0" * 64)[0], 404)

    def test_control_rotates_the_password_and_breaks_on_demand(self):
        self.mock.control("config", {"password": "rotated"})
        self.assertEqual(self.mock.v2("/v2/")[0], 401)
        self.assertEqual(self.mock.v2("/v2/", password="rotated")[0], 200)
        self.mock.control("config", {"mode": "unavailable"})
        self.assertEqual(self.mock.v2("/v2/", password="rotated")[0], 503)
        self.mock.control("reset")
        self.assertEqual(self.mock.v2("/v2/")[0], 200)
        for bad in ({"mode": "down"}, {"password": ""}, {"other": 1}):
            self.assertEqual(self.mock.control("config", bad)[0], 400)
        for bad in ({"repository": "Upper/Case", "tag": "1"},
                    {"repository": "ok", "tag": "bad tag"}, {"repository": "ok"}):
            self.assertEqual(self.mock.control("push", bad)[0], 400)
        self.mock.push("team/app", "1.0")
        self.mock.control("delete", {"repository": "team/app", "tag": "1.0"})
        self.assertEqual(self.mock.control("state")[1]["repositories"], {})

    def test_bearer_token_service(self):
        self.mock.push("team/app", "1.0")
        self.mock.control("config", {"auth": "bearer"})
        status, headers, _ = self.mock.v2("/v2/")
        self.assertEqual(status, 401)
        challenge = headers["WWW-Authenticate"]
        self.assertTrue(challenge.startswith('Bearer realm="http://127.0.0.1:%d/service/token"'
                                             % self.mock.port), challenge)
        self.assertEqual(self.mock.v2("/service/token", password="wrong")[0], 401)
        status, _, body = self.mock.v2("/service/token?service=mock-registry")
        token = json.loads(body)["token"]
        self.assertEqual(self.mock.v2("/v2/_catalog", bearer=token)[0], 200)
        self.assertEqual(self.mock.v2("/v2/_catalog", bearer="forged")[0], 401)
        self.mock.control("config", {"password": "rotated"})   # revokes tokens
        self.assertEqual(self.mock.v2("/v2/_catalog", bearer=token)[0], 401)

    def test_catalog_file_at_start(self):
        folder = tempfile.mkdtemp(prefix="tcss-emu-test-")
        path = os.path.join(folder, "catalog.json")
        with open(path, "w") as f:
            json.dump({"images": [{"repository": "ns/one", "tag": "v1"},
                                  {"repository": "ns/one", "tag": "v2"}]}, f)
        p = support.Process("mock_registry.py", ["--user", USER, "--catalog", path],
                            env={"MOCK_REGISTRY_PASSWORD": PASSWORD}, folder=folder)
        try:
            _, _, body = Mock(p.port).v2("/v2/ns/one/tags/list")
            self.assertEqual(json.loads(body)["tags"], ["v1", "v2"])
        finally:
            p.cleanup()


class Registries(AssetCase):
    def test_list_rows_paging_and_limit(self):
        ids = [self.add("r%02d" % i) for i in range(12)]
        first = self.ok(LIST, {})
        self.assertEqual(first["TotalCount"], 12)
        self.assertEqual([r["RegistryId"] for r in first["List"]], ids[:10])  # Limit 10
        page = self.ok(LIST, {"Limit": 5, "Offset": 10})
        self.assertEqual([r["RegistryId"] for r in page["List"]], ids[10:])
        self.assertEqual(self.ok(LIST, {"Offset": 50})["List"], [])
        desc = self.ok(LIST, {"Limit": 2, "Order": "DESC"})["List"]
        self.assertEqual([r["RegistryId"] for r in desc], ids[:-3:-1])
        self.assertError(self.call(LIST, {"Limit": 101}), "InvalidParameter", "Limit")
        self.assertEqual(len(self.ok(LIST, {"Limit": 100})["List"]), 12)
        self.assertError(self.call(LIST, {"Limit": -1}), "InvalidParameter.InvalidFormat")
        self.assertError(self.call(LIST, {"Name": "r00"}), "UnknownParameter", "Name")
        row = first["List"][0]
        self.assertEqual(set(row), {
            "RegistryId", "Name", "RegistryType", "Url", "NetType", "RegistryRegion",
            "RegistryVersion", "ConnectMsg", "ConnDetectType", "ConnDetectHostCount",
            "ConnDetectDetail", "InstanceID", "LatestSyncTime", "SyncStatus",
            "SyncFailReason", "SyncSolution", "SyncMessage", "SyncMode"})
        self.assertNotIn("Password", json.dumps(first))
        self.assertNotIn(PASSWORD, json.dumps(first))
        self.assertEqual(row["ConnDetectDetail"][0]["ConnDetectStatus"], "status_connected")
        self.assertIsNone(row["SyncStatus"])       # never synced
        self.assertIsNone(row["LatestSyncTime"])

    def test_only_is_authorized_filters_the_registry_list(self):
        self.add("plain")
        scanned = self.add("scanned", NeedScan=True)
        rows = self.ok(LIST, {"Filters": [{"Name": "IsAuthorized", "Values": ["1"]}]})
        self.assertEqual([r["RegistryId"] for r in rows["List"]], [scanned])
        self.assertEqual(self.ok(LIST, {"Filters": [{"Name": "IsAuthorized",
                                                     "Values": ["all"]}]})["TotalCount"], 2)
        self.assertError(self.call(LIST, {"Filters": [{"Name": "Name", "Values": ["plain"]}]}),
                         "InvalidParameter", "Name")
        self.assertError(self.call(LIST, {"Filters": [{"Name": "IsAuthorized",
                                                       "Values": ["yes"]}]}),
                         "InvalidParameterValue")
        self.assertError(self.call(LIST, {"Filters": [{"Name": "IsAuthorized"}]}),
                         "InvalidParameter.InvalidFormat", "Filters")

    def test_detail_fields_and_the_password_switch(self):
        rid = self.add("d", WebhookToken="hook-token-123", SpeedLimit=7, Insecure=1,
                       NeedScan=True, SyncMode=1, InstanceId="tcr-1",
                       RegistryVersion="V2")
        d = self.ok(DETAIL, {"RegistryId": rid})
        self.assertEqual(
            {k: d[k] for k in ("Name", "Username", "Url", "RegistryType", "RegistryVersion",
                               "NetType", "RegistryRegion", "SpeedLimit", "Insecure",
                               "InstanceID", "SyncMode", "NeedScan", "WebhookUrl")},
            {"Name": "d", "Username": USER, "Url": self.mock.url, "RegistryType": "harbor",
             "RegistryVersion": "V2", "NetType": "public", "RegistryRegion": "default",
             "SpeedLimit": 7, "Insecure": 1, "InstanceID": "tcr-1", "SyncMode": 1,
             "NeedScan": True, "WebhookUrl": ""})
        self.assertEqual(d["ConnDetectDetail"][0]["ConnDetectStatus"], "status_connected")
        self.assertEqual((d["Password"], d["WebhookToken"]), ("regist****", "hook-t****"))
        self.config(detail_password="plain")
        d = self.ok(DETAIL, {"RegistryId": rid})
        self.assertEqual((d["Password"], d["WebhookToken"]), (PASSWORD, "hook-token-123"))
        self.config(detail_password="omitted")
        d = self.ok(DETAIL, {"RegistryId": rid})
        self.assertNotIn("Password", d)
        self.assertNotIn("WebhookToken", d)
        self.assertEqual(self.client.control("POST", "config",
                                             {"detail_password": "hidden"})[0], 400)

    def test_a_rotated_password_shows_as_status_auth_failed(self):
        rid = self.add("rot")
        self.mock.control("config", {"password": "new-robot-secret"})
        for answer in (self.ok(DETAIL, {"RegistryId": rid}), self.row(rid)):
            detail = answer["ConnDetectDetail"]
            self.assertEqual(detail[0]["ConnDetectStatus"], "status_auth_failed")
            self.assertEqual(detail[0]["FailReason"], "仓库账号密码异常")
            self.assertTrue(detail[0]["Solution"])
        # Update with the new password: the same record, connected again.
        params = registry("rot", Url=self.mock.url, Username=USER,
                          Password="new-robot-secret", RegistryId=rid)
        r = self.ok(UPDATE, params)
        self.assertEqual((r["RegistryId"], r["HealthCheckErr"], r["NameRepeatErr"]),
                         (rid, "", ""))
        self.assertEqual(self.ok(DETAIL, {"RegistryId": rid})["ConnDetectDetail"][0]
                         ["ConnDetectStatus"], "status_connected")

    def test_the_probe_is_cached_for_conn_detect_ttl(self):
        rid = self.add("ttl")
        self.config(conn_detect_ttl=3600)
        self.mock.control("config", {"password": "changed"})
        self.assertEqual(self.row(rid)["ConnDetectDetail"][0]["ConnDetectStatus"],
                         "status_connected")
        self.config(conn_detect_ttl=0)
        self.assertEqual(self.row(rid)["ConnDetectDetail"][0]["ConnDetectStatus"],
                         "status_auth_failed")

    def test_agent_hosts_get_one_result_each(self):
        rid = self.add("agents", ConnDetectConfig=[{"Quuid": "q1", "Uuid": "u1"},
                                                   {"Quuid": "q2", "Uuid": "u2"}])
        row = self.row(rid)
        self.assertEqual((row["ConnDetectType"], row["ConnDetectHostCount"]), ("agent", 2))
        self.assertEqual([d["Quuid"] for d in row["ConnDetectDetail"]], ["q1", "q2"])

    def test_update_keeps_the_id_and_reports_a_failed_health_check(self):
        rid = self.add("u")
        other = self.add("other")
        params = registry("u", Url=self.mock.url, Username=USER, Password="wrong",
                          RegistryId=rid, SpeedLimit=3)
        r = self.ok(UPDATE, params)
        self.assertEqual(r["RegistryId"], rid)
        self.assertEqual(r["HealthCheckErr"], "authentication failed: HTTP 401")
        _, state = self.client.control("GET", "state")
        stored = next(x for x in state["registries"] if x["RegistryId"] == rid)
        self.assertEqual((stored["Password"], stored["SpeedLimit"]), ("wrong", 3))
        self.assertEqual(len(state["registries"]), 2)
        self.assertEqual(self.ok(DETAIL, {"RegistryId": rid})["ConnDetectDetail"][0]
                         ["ConnDetectStatus"], "status_auth_failed")
        # Without RegistryId: keyed on Name.
        del params["RegistryId"]
        params["Password"] = PASSWORD
        r = self.ok(UPDATE, params)
        self.assertEqual((r["RegistryId"], r["HealthCheckErr"]), (rid, ""))
        # A rename onto a taken name changes nothing.
        params.update(Name="other", RegistryId=rid)
        r = self.ok(UPDATE, params)
        self.assertEqual((r["RegistryId"], r["NameRepeatErr"]), (rid, "name repeat err"))
        self.assertEqual(self.ok(DETAIL, {"RegistryId": rid})["Name"], "u")
        self.assertEqual(self.ok(DETAIL, {"RegistryId": other})["Name"], "other")

    def test_update_contract(self):
        rid = self.add("c")
        base = registry("c", Url=self.mock.url, Username=USER, Password=PASSWORD,
                        RegistryId=rid)
        for field in ("Name", "Username", "Password", "Url", "RegistryType", "NetType"):
            with self.subTest(field):
                params = dict(base)
                del params[field]
                self.assertError(self.call(UPDATE, params),
                                 "InvalidParameter.MissingParameter", field)
        for field in ("WebhookUrl", "WebhookToken", "Extra"):
            self.assertError(self.call(UPDATE, dict(base, **{field: "x"})),
                             "UnknownParameter", field)
        self.assertError(self.call(UPDATE, dict(base, RegistryId="1")),
                         "InvalidParameter.InvalidFormat", "RegistryId")
        self.assertError(self.call(UPDATE, dict(base, RegistryType="docker")),
                         "InvalidParameterValue", "RegistryType")
        self.assertError(self.call(UPDATE, dict(base, RegistryId=999)), "ResourceNotFound")
        self.assertError(self.call(UPDATE, dict(base, Name="nobody", RegistryId=None)),
                         "InvalidParameter.InvalidFormat")
        params = dict(base)
        del params["RegistryId"]
        self.assertError(self.call(UPDATE, dict(params, Name="nobody")), "ResourceNotFound")

    def test_switch_update_registry_id_refused(self):
        rid = self.add("intl")
        self.config(update_registry_id="refused")
        params = registry("intl", Url=self.mock.url, Username=USER, Password=PASSWORD)
        self.assertError(self.call(UPDATE, dict(params, RegistryId=rid)),
                         "UnknownParameter", "RegistryId")
        self.assertEqual(self.ok(UPDATE, params)["RegistryId"], rid)

    def test_remove_then_not_found(self):
        rid = self.add("gone")
        self.assertEqual(set(self.ok(REMOVE, {"RegistryId": rid})), {"RequestId"})
        self.assertError(self.call(DETAIL, {"RegistryId": rid}), "ResourceNotFound")
        self.assertError(self.call(REMOVE, {"RegistryId": rid}), "ResourceNotFound")
        self.assertError(self.call(REMOVE, {}), "InvalidParameter.MissingParameter")
        self.assertEqual(self.ok(LIST, {})["TotalCount"], 0)
        self.assertEqual(self.add("gone"), rid + 1)   # ids are never reused

    def test_check_repeat(self):
        self.add("taken")
        self.assertIs(self.ok(REPEAT, {"Name": "taken"})["IsRepeat"], True)
        self.assertIs(self.ok(REPEAT, {"Name": "free"})["IsRepeat"], False)
        self.assertError(self.call(REPEAT, {}), "InvalidParameter.MissingParameter", "Name")
        self.assertError(self.call(REPEAT, {"Name": 1}), "InvalidParameter.InvalidFormat")

    def test_switch_add_name_taken(self):
        rid = self.add("dup")
        again = registry("dup", Url=self.mock.url, Username=USER, Password=PASSWORD)
        r = self.ok(support.ADD, again)   # existing_id, the default
        self.assertEqual((r["RegistryId"], r["NameRepeatErr"]), (rid, "name repeat err"))
        self.config(add_name_taken="error")
        self.assertError(self.call(support.ADD, again), "FailedOperation")
        self.config(add_name_taken="no_id")
        r = self.ok(support.ADD, again)
        self.assertNotIn("RegistryId", r)
        self.assertEqual(r["NameRepeatErr"], "name repeat err")
        self.config(add_name_taken="zero_id")
        self.assertEqual(self.ok(support.ADD, again)["RegistryId"], 0)
        self.assertEqual(self.ok(LIST, {})["TotalCount"], 1)

    def test_reset_restores_every_switch(self):
        self.config(detail_password="plain", add_name_taken="error")
        self.client.control("POST", "reset")
        _, config = self.client.control("POST", "config", {})
        self.assertEqual((config["detail_password"], config["add_name_taken"]),
                         ("masked", "existing_id"))


class Sync(AssetCase):
    def test_sync_reads_the_catalogue_over_its_duration(self):
        a = self.mock.push("team/app", "1.0", created="2026-01-01T00:00:00Z")
        b = self.mock.push("team/app", "latest", created="2026-02-01T00:00:00Z")
        c = self.mock.push("solo", "7")
        rid = self.add("s")
        self.config(sync_seconds=5, clock=self.now)
        self.assertEqual(set(self.ok(SYNC, {"RegistryIds": [rid]})), {"RequestId"})
        self.assertEqual(self.row(rid)["SyncStatus"], "doing")
        self.assertEqual(self.ok(ASSET_STATUS, {})["Status"], "doing")
        self.assertEqual(self.images(), [])   # nothing before the sync ends
        self.clock(self.now + 4)
        self.assertEqual(self.row(rid)["SyncStatus"], "doing")
        self.clock(self.now + 5)
        row = self.row(rid)
        self.assertEqual(row["SyncStatus"], "success")
        expected = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(self.now + 5 + 8 * 3600))
        self.assertEqual(row["LatestSyncTime"], expected)
        status = self.ok(ASSET_STATUS, {})
        self.assertEqual((status["Status"], status["Err"], status["LatestSyncSuccessTime"]),
                         ("success", "", expected))
        rows = {(i["ImageRepoAddress"], i["ImageTag"]): i for i in self.images()}
        host = "127.0.0.1:%d" % self.mock.port
        self.assertEqual(sorted(rows), [(host + "/solo", "7"), (host + "/team/app", "1.0"),
                                        (host + "/team/app", "latest")])
        app = rows[(host + "/team/app", "1.0")]
        self.assertEqual((app["ImageDigest"], app["ImageId"], app["ImageSize"]),
                         (a["digest"], a["config_digest"], a["size"]))
        self.assertEqual((app["Namespace"], app["ImageName"], app["InstanceName"]),
                         ("team", "app", "s"))
        self.assertGreater(app["Id"], 2 ** 31)   # uint64 ids
        self.assertEqual((app["IsLatestImage"], rows[(host + "/team/app", "latest")]
                          ["IsLatestImage"]), (False, True))
        self.assertEqual(rows[(host + "/team/app", "latest")]["ImageDigest"], b["digest"])
        solo = rows[(host + "/solo", "7")]
        self.assertEqual((solo["Namespace"], solo["ImageName"], solo["ImageDigest"]),
                         ("", "solo", c["digest"]))
        self.assertEqual({i["IsAuthorized"] for i in rows.values()}, {0})  # no NeedScan
        self.assertEqual({i["ScanStatus"] for i in rows.values()}, {"NOT_SCAN"})

    def test_sync_scan_and_probe_through_a_token_service(self):
        self.mock.push("team/app", "1.0")
        self.mock.control("config", {"auth": "bearer"})
        rid = self.add("bearer", NeedScan=True, SyncMode=1)
        self.assertEqual(self.row(rid)["ConnDetectDetail"][0]["ConnDetectStatus"],
                         "status_connected")
        self.synced(rid)
        iid = self.images()[0]["Id"]
        self.config(scan_seconds=0)
        self.ok(SCAN, {"Id": [iid]})
        self.assertEqual(self.ok(IMAGE, {"Id": iid})["ScanStatus"], "SCANNED")
        self.mock.control("config", {"password": "rotated"})
        detail = self.ok(DETAIL, {"RegistryId": rid})["ConnDetectDetail"][0]
        self.assertEqual((detail["ConnDetectStatus"], detail["ConnDetectMessage"]),
                         ("status_auth_failed", "authentication failed: HTTP 401"))

    def test_time_offset_switch(self):
        rid = self.add("utc")
        self.config(time_offset_hours=0)
        row = self.synced(rid)
        self.assertEqual(row["LatestSyncTime"], time.strftime(
            "%Y-%m-%d %H:%M:%S", time.gmtime(self.now)))

    def test_a_repush_adds_a_row_and_the_old_one_stays(self):
        first = self.mock.push("app", "main", seed="one")
        rid = self.add("re")
        self.synced(rid)
        old = self.images()[0]
        second = self.mock.push("app", "main", seed="two")
        self.assertNotEqual(first["digest"], second["digest"])
        self.now += 10
        self.synced(rid)
        rows = {i["ImageDigest"]: i for i in self.images()}
        self.assertEqual(set(rows), {first["digest"], second["digest"]})
        self.assertEqual(rows[first["digest"]]["Id"], old["Id"])
        self.assertFalse(rows[first["digest"]]["IsLatestImage"])
        self.assertTrue(rows[second["digest"]]["IsLatestImage"])
        self.assertGreater(rows[second["digest"]]["Id"], old["Id"])

    def test_need_scan_authorizes_new_images_by_sync_mode(self):
        self.mock.push("app", "old", created="2026-01-01T00:00:00Z")
        self.mock.push("app", "new", created="2026-03-01T00:00:00Z")
        full = self.add("full", NeedScan=True, SyncMode=0)
        self.synced(full)
        auth = {i["ImageTag"]: i["IsAuthorized"] for i in self.images()}
        self.assertEqual(auth, {"old": 0, "new": 1})   # full: the latest only
        self.ok(REMOVE, {"RegistryId": full})
        incremental = self.add("incr", NeedScan=True, SyncMode=1)
        self.synced(incremental)
        auth = {i["ImageTag"]: i["IsAuthorized"] for i in self.images()}
        self.assertEqual(auth, {"old": 1, "new": 1})

    def test_sync_fails_on_a_rotated_password_or_an_unreachable_registry(self):
        self.mock.push("app", "1")
        rid = self.add("f")
        self.mock.control("config", {"password": "rotated-elsewhere"})
        self.config(sync_seconds=0, clock=self.now)
        self.ok(SYNC, {"RegistryIds": [rid]})
        row = self.row(rid)
        self.assertEqual(row["SyncStatus"], "failed")
        self.assertEqual(row["SyncFailReason"], "authentication failed: HTTP 401")
        self.assertIsNone(row["LatestSyncTime"])
        status = self.ok(ASSET_STATUS, {})
        self.assertEqual((status["Status"], status["Err"]),
                         ("failed", "authentication failed: HTTP 401"))
        self.assertNotIn("rotated-elsewhere", json.dumps(row))
        dead = self.add("dead", Url="http://127.0.0.1:%d" % free_port())
        self.ok(SYNC, {"RegistryIds": [dead]})
        self.assertEqual(self.row(dead)["SyncFailReason"], "connection refused")
        self.mock.control("config", {"mode": "unavailable"})
        self.ok(SYNC, {"All": True})
        self.assertEqual(self.row(rid)["SyncFailReason"], "unexpected answer: HTTP 503")
        self.assertEqual(self.images(), [])

    def test_sync_contract(self):
        rid = self.add("k")
        self.assertError(self.call(SYNC, {}), "InvalidParameter.MissingParameter")
        self.assertError(self.call(SYNC, {"RegistryIds": [rid, 999]}), "ResourceNotFound")
        self.assertError(self.call(SYNC, {"RegistryIds": ["1"]}),
                         "InvalidParameter.InvalidFormat", "RegistryIds")
        self.assertError(self.call(ASSET_STATUS, {"All": True}), "UnknownParameter")
        self.assertEqual(self.row(rid)["SyncStatus"], None)   # nothing started

    def test_a_running_sync_is_not_restarted(self):
        rid = self.add("once")
        self.config(sync_seconds=5, clock=self.now)
        self.ok(SYNC, {"RegistryIds": [rid]})
        self.clock(self.now + 3)
        self.ok(SYNC, {"RegistryIds": [rid]})
        self.clock(self.now + 5)
        self.assertEqual(self.row(rid)["SyncStatus"], "success")

    def test_sync_follows_the_registrys_paging(self):
        for i in range(130):
            self.mock.push("many/r%03d" % i, "t")
        rid = self.add("paged")
        self.synced(rid)
        first = self.ok(IMAGES, {"Limit": 100})
        self.assertEqual(first["TotalCount"], 130)
        rest = self.ok(IMAGES, {"Limit": 100, "Offset": 100})["List"]
        names = [i["ImageName"] for i in first["List"] + rest]
        self.assertEqual(sorted(names), ["r%03d" % i for i in range(130)])


class Images(AssetCase):
    def setUp(self):
        super().setUp()
        self.pushed = [self.mock.push("team/app", "1.0"),
                       self.mock.push("team/app-backend", "1.0"),
                       self.mock.push("team/app", "1.0-rc1"),
                       self.mock.push("other/tool", "2")]
        self.rid = self.add("img", NeedScan=True, SyncMode=1)
        self.synced(self.rid)

    def tags(self, **params):
        return sorted("%s:%s" % (i["ImageRepoAddress"].split("/", 1)[1], i["ImageTag"])
                      for i in self.images(**params))

    def test_filters_are_fuzzy_unless_exact(self):
        fuzzy = self.tags(Filters=[{"Name": "ImageName", "Values": ["app"]},
                                   {"Name": "ImageTag", "Values": ["1.0"]}])
        self.assertEqual(fuzzy, ["team/app-backend:1.0", "team/app:1.0", "team/app:1.0-rc1"])
        exact = self.tags(Filters=[{"Name": "ImageName", "Values": ["app"], "ExactMatch": True},
                                   {"Name": "ImageTag", "Values": ["1.0"], "ExactMatch": True},
                                   {"Name": "Namespace", "Values": ["team"],
                                    "ExactMatch": True}])
        self.assertEqual(exact, ["team/app:1.0"])
        # Several values are OR-ed.
        self.assertEqual(self.tags(Filters=[{"Name": "ImageTag", "Values": ["2", "1.0-rc1"],
                                             "ExactMatch": True}]),
                         ["other/tool:2", "team/app:1.0-rc1"])
        # An unknown name is ignored in the lenient reading.
        self.assertEqual(len(self.tags(Filters=[{"Name": "Colour", "Values": ["x"]}])), 4)

    def test_switch_exact_match_inverted(self):
        self.config(exact_match="inverted")
        self.assertEqual(self.tags(Filters=[{"Name": "ImageName", "Values": ["app"]}]),
                         ["team/app:1.0", "team/app:1.0-rc1"])
        self.assertEqual(len(self.tags(Filters=[{"Name": "ImageName", "Values": ["app"],
                                                 "ExactMatch": True}])), 3)

    def test_switch_image_filters_strict_and_ignored(self):
        self.config(image_filters="strict")
        for name in ("ImageName", "ImageTag", "Namespace", "Colour"):
            self.assertError(self.call(IMAGES, {"Filters": [{"Name": name, "Values": ["a"]}]}),
                             "InvalidParameter", name)
        self.assertEqual(len(self.images(Filters=[{"Name": "IsAuthorized",
                                                   "Values": ["1"]}])), 4)
        self.config(image_filters="ignored")
        self.assertEqual(len(self.images(Filters=[{"Name": "ImageTag", "Values": ["2"],
                                                   "ExactMatch": True}])), 4)

    def test_is_authorized_and_only_show_latest(self):
        self.config(image_filters="strict")
        row = self.images()[0]
        self.client.control("POST", "images", {"Id": row["Id"], "IsAuthorized": 0})
        self.assertEqual(len(self.images(Filters=[{"Name": "IsAuthorized", "Values": ["0"]}])), 1)
        self.assertEqual(len(self.images(Filters=[{"Name": "IsAuthorized",
                                                   "Values": ["all"]}])), 4)
        self.assertEqual(len(self.images(OnlyShowLatest=True)), 4)   # same created time

    def test_paging_limit_and_order(self):
        all_rows = self.ok(IMAGES, {})
        self.assertEqual(all_rows["TotalCount"], 4)
        ids = [i["Id"] for i in all_rows["List"]]
        self.assertEqual(ids, sorted(ids))
        self.assertEqual([i["Id"] for i in self.ok(IMAGES, {"Limit": 2, "Offset": 2})["List"]],
                         ids[2:])
        self.assertError(self.call(IMAGES, {"Limit": 101}), "InvalidParameter", "Limit")
        self.assertError(self.call(IMAGES, {"Order": "sideways"}), "InvalidParameter")
        self.assertError(self.call(IMAGES, {"Filters": "x"}), "InvalidParameter.InvalidFormat")

    def test_row_members(self):
        row = self.images()[0]
        for key, kind in (("Id", int), ("ImageRepoAddress", str), ("ImageTag", str),
                          ("ImageDigest", str), ("InstanceName", str), ("IsAuthorized", int),
                          ("ScanStatus", str), ("CveStatus", str), ("ScanTime", str),
                          ("CriticalLevelVulCnt", int), ("HighLevelVulCnt", int),
                          ("MediumLevelVulCnt", int), ("LowLevelVulCnt", int),
                          ("VulCnt", int), ("IsLatestImage", bool), ("ImageId", str),
                          ("ScanRemainTime", int), ("ImageCreateTime", str)):
            self.assertIsInstance(row[key], kind, key)
        self.assertNotIn(":", row["ImageRepoAddress"].split("/", 1)[1])  # no tag

    def test_detail_by_id_or_image_id(self):
        row = self.images()[0]
        d = self.ok(IMAGE, {"Id": row["Id"]})
        self.assertEqual((d["Id"], d["ImageDigest"], d["ScanStatus"]),
                         (row["Id"], row["ImageDigest"], "NOT_SCAN"))
        self.assertNotIn("CriticalLevelVulCnt", d)
        self.assertEqual(self.ok(IMAGE, {"ImageId": row["ImageId"]})["Id"], row["Id"])
        self.assertError(self.call(IMAGE, {"Id": 1}), "ResourceNotFound")
        self.assertError(self.call(IMAGE, {}), "InvalidParameter.MissingParameter")

    def test_removing_the_registry_removes_its_images(self):
        self.ok(REMOVE, {"RegistryId": self.rid})
        self.assertEqual(self.images(), [])


class Scans(AssetCase):
    def setUp(self):
        super().setUp()
        self.pushed = self.mock.push("team/app", "1.0")
        self.rid = self.add("scan", NeedScan=True, SyncMode=1)
        self.synced(self.rid)
        self.image = self.images()[0]
        self.iid = self.image["Id"]
        self.config(scan_seconds=10)

    def status(self, **params):
        return self.ok(STATUS, params)

    def test_the_state_machine_on_a_fixed_clock(self):
        task = self.ok(SCAN, {"Id": [self.iid], "ScanType": ["CVE"], "Timeout": 600})
        tid = task["TaskID"]
        self.assertIsInstance(tid, int)
        s = self.status(TaskID=tid)
        self.assertEqual((s["Status"], s["ImageTotal"], s["ImageScanCnt"], s["Schedule"],
                          s["ScanRemainTime"]), ("SCANNING", 1, 0, 0, 10))
        self.assertEqual(s["ImageStatus"][0]["ImageRepoAddress"], self.image["ImageRepoAddress"])
        self.clock(self.now + 6)
        s = self.status(Id=[self.iid])
        self.assertEqual((s["Status"], s["ScanRemainTime"]), ("SCANNING", 4))
        self.assertEqual(s["ImageStatus"][0]["CveProgress"], 60)
        d = self.ok(IMAGE, {"Id": self.iid})
        self.assertEqual((d["ScanStatus"], d["CveStatus"], d["ScanVulProgress"]),
                         ("SCANNING", "SCANNING", 60))
        self.assertError(self.call(SCAN, {"Id": [self.iid]}),
                         "FailedOperation.ErrAlreadyScanning")
        self.clock(self.now + 10)
        s = self.status(TaskID=tid)
        self.assertEqual((s["Status"], s["SuccessCount"], s["Schedule"], s["ScanRemainTime"]),
                         ("SCANNED", 1, 100, 0))
        d = self.ok(IMAGE, {"Id": self.iid})
        self.assertEqual((d["ScanStatus"], d["CveStatus"], d["ScanVulError"]),
                         ("SCANNED", "SCANNED", ""))
        self.assertTrue(d["ScanTime"].endswith("+08:00"))
        # Scanned again: a new task.
        again = self.ok(SCAN, {"Id": [self.iid], "ScanType": ["CVE"]})
        self.assertEqual(again["TaskID"], tid + 1)
        self.assertEqual(self.status(TaskID=tid)["Status"], "SCANNED")
        self.assertEqual(self.status(TaskID=tid + 1)["Status"], "SCANNING")

    def test_unauthorized_images_cannot_be_scanned(self):
        self.client.control("POST", "images", {"Id": self.iid, "IsAuthorized": 0})
        self.assertError(self.call(SCAN, {"Id": [self.iid]}),
                         "FailedOperation.ErrAlreadyScanning")
        self.assertEqual(self.status(Id=[self.iid])["Status"], "NOT_SCAN")

    def test_contract(self):
        self.assertError(self.call(SCAN, {"Id": [1]}), "ResourceNotFound")
        self.assertError(self.call(SCAN, {}), "InvalidParameter.MissingParameter")
        self.assertError(self.call(SCAN, {"Id": []}), "InvalidParameter.MissingParameter")
        self.assertError(self.call(SCAN, {"Id": [self.iid], "ScanType": ["SBOM"]}),
                         "InvalidParameterValue", "ScanType")
        self.assertError(self.call(SCAN, {"Id": self.iid}), "InvalidParameter.InvalidFormat")
        self.assertError(self.call(STATUS, {"TaskID": 77}), "ResourceNotFound")
        self.assertError(self.call(STATUS, {}), "InvalidParameter.MissingParameter")
        self.assertError(self.call(STOP, {"TaskID": 77}), "ResourceNotFound")

    def test_scan_by_images_and_all(self):
        info = {"InstanceName": "scan", "Namespace": "team", "ImageName": "app",
                "ImageTag": "1.0", "Force": "true"}
        tid = self.ok(SCAN, {"Images": [info], "ScanType": ["CVE"]})["TaskID"]
        self.assertEqual(self.status(Images=[info])["Status"], "SCANNING")
        self.ok(STOP, {"Images": [info]})
        self.assertEqual(self.status(TaskID=tid)["Status"], "CANCELED")
        self.ok(SCAN, {"All": True})
        self.assertEqual(self.status(All=True)["Status"], "SCANNING")

    def test_stop_cancels(self):
        tid = self.ok(SCAN, {"Id": [self.iid], "ScanType": ["CVE"]})["TaskID"]
        self.clock(self.now + 3)
        self.assertEqual(set(self.ok(STOP, {"TaskID": tid})), {"RequestId"})
        self.assertEqual(self.status(TaskID=tid)["Status"], "CANCELED")
        self.clock(self.now + 20)
        self.assertEqual(self.status(Id=[self.iid])["Status"], "CANCELED")
        self.assertEqual(self.ok(IMAGE, {"Id": self.iid})["CveStatus"], "CANCELED")
        self.ok(STOP, {"Id": [self.iid]})   # nothing running: still fine
        tid = self.ok(SCAN, {"Id": [self.iid]})["TaskID"]
        self.ok(STOP_ONEKEY, {"Id": [self.iid]})
        self.assertEqual(self.status(TaskID=tid)["Status"], "CANCELED")

    def test_scan_timeout(self):
        tid = self.ok(SCAN, {"Id": [self.iid], "ScanType": ["CVE"], "Timeout": 4})["TaskID"]
        self.clock(self.now + 4)
        s = self.status(TaskID=tid)
        self.assertEqual(s["Status"], "SCAN_TIMEOUT")
        self.assertEqual(self.ok(IMAGE, {"Id": self.iid})["ScanStatus"], "SCAN_TIMEOUT")

    def test_scan_err_when_the_registry_is_unreachable_at_scan_time(self):
        tid = self.ok(SCAN, {"Id": [self.iid], "ScanType": ["CVE"]})["TaskID"]
        self.mock.control("config", {"mode": "reset"})
        self.clock(self.now + 10)
        self.assertEqual(self.status(TaskID=tid)["Status"], "SCAN_ERR")
        d = self.ok(IMAGE, {"Id": self.iid})
        self.assertEqual((d["ScanStatus"], d["ScanVulError"]), ("SCAN_ERR", "ConnFailed"))
        self.mock.control("config", {"mode": "ok", "password": "rotated"})
        self.ok(SCAN, {"Id": [self.iid], "ScanType": ["CVE"]})
        self.clock(self.now + 20)
        self.assertEqual(self.ok(IMAGE, {"Id": self.iid})["ScanVulError"], "AuthFailed")
        self.mock.control("reset")   # the image itself is gone
        self.mock.control("config", {"mode": "ok"})
        self.ok(SCAN, {"Id": [self.iid], "ScanType": ["CVE"]})
        self.clock(self.now + 30)
        self.assertEqual(self.ok(IMAGE, {"Id": self.iid})["ScanVulError"], "ImageNotFound")

    def test_switch_scan_result(self):
        for forced in ("SCAN_ERR", "SCAN_TIMEOUT"):
            with self.subTest(forced):
                self.config(scan_result=forced, clock=self.now)
                tid = self.ok(SCAN, {"Id": [self.iid]})["TaskID"]
                self.clock(self.now + 10)
                self.assertEqual(self.status(TaskID=tid)["Status"], forced)

    def test_switch_scan_task_id_omitted(self):
        self.config(scan_task_id="omitted")
        r = self.ok(SCAN, {"Id": [self.iid], "ScanType": ["CVE"]})
        self.assertEqual(set(r), {"RequestId"})
        self.assertEqual(self.status(Id=[self.iid])["Status"], "SCANNING")

    def test_switch_task_id_member_refused(self):
        tid = self.ok(SCAN, {"Id": [self.iid]})["TaskID"]
        self.config(task_id_member="refused")
        self.assertError(self.call(STATUS, {"TaskID": tid}), "UnknownParameter", "TaskID")
        self.assertError(self.call(STOP, {"TaskID": tid}), "UnknownParameter", "TaskID")
        self.assertEqual(self.status(Id=[self.iid])["Status"], "SCANNING")
        self.ok(STOP, {"Id": [self.iid]})
        self.assertEqual(self.status(Id=[self.iid])["Status"], "CANCELED")

    def test_with_real_time(self):
        self.config(clock=None, scan_seconds=0.3)
        tid = self.ok(SCAN, {"Id": [self.iid], "ScanType": ["CVE"]})["TaskID"]
        deadline = time.monotonic() + 10
        while self.status(TaskID=tid)["Status"] == "SCANNING":
            self.assertLess(time.monotonic(), deadline)
            time.sleep(0.05)
        self.assertEqual(self.status(TaskID=tid)["Status"], "SCANNED")


class Vulnerabilities(AssetCase):
    def setUp(self):
        super().setUp()
        self.pushed = self.mock.push("team/app", "1.0")
        self.other = self.mock.push("team/app", "2.0")
        self.rid = self.add("vul", NeedScan=True, SyncMode=1)
        self.synced(self.rid)
        rows = {i["ImageTag"]: i for i in self.images()}
        self.iid, self.iid2 = rows["1.0"]["Id"], rows["2.0"]["Id"]
        self.config(scan_seconds=1)

    def scanned(self, iid):
        self.now += 10
        self.clock(self.now)
        self.ok(SCAN, {"Id": [iid], "ScanType": ["CVE"]})
        self.clock(self.now + 1)
        self.assertEqual(self.ok(IMAGE, {"Id": iid})["ScanStatus"], "SCANNED")

    def vulns(self, **spec):
        status, answer = self.client.control("POST", "vulns", spec)
        self.assertEqual(status, 200, answer)
        return answer

    def all_findings(self, iid):
        out, offset = [], 0
        while True:
            page = self.ok(VULS, {"Id": iid, "Limit": 100, "Offset": offset})
            out += page["List"]
            offset += 100
            if offset >= page["TotalCount"]:
                return out, page["TotalCount"]

    def test_findings_members_and_counts_match_the_row(self):
        self.vulns(key="team/app:1.0", vulns=[
            {"CVEID": "CVE-2023-38545", "Level": "4", "CvssScore": "9.8",
             "Tag": ["CanBeFixed"], "FixedVersions": "8.4.0-r0", "Component": "curl",
             "Version": "8.2.1-r0"}],
            generate={"high": 2, "medium": 3, "low": 4, "unknown": 4, "fixable": 0.5})
        self.assertEqual(self.ok(VULS, {"Id": self.iid})["TotalCount"], 0)  # not scanned yet
        self.scanned(self.iid)
        found, total = self.all_findings(self.iid)
        self.assertEqual(total, 14)
        first = found[0]
        self.assertEqual((first["CVEID"], first["Level"], first["CvssScore"], first["Tag"],
                          first["Component"]),
                         ("CVE-2023-38545", "4", "9.8", ["CanBeFixed"], "curl"))
        for v in found:
            self.assertEqual(set(v) >= {
                "CVEID", "POCID", "Name", "Components", "Category", "CategoryType", "Level",
                "Des", "OfficialSolution", "Reference", "DefenseSolution", "SubmitTime",
                "CvssScore", "CvssVector", "IsSuggest", "FixedVersions", "Tag", "Component",
                "Version", "AttackLevel", "LayerInfos"}, True)
            self.assertIsInstance(v["Level"], str)
            self.assertIsInstance(json.loads(v["Reference"]), list)
        self.assertEqual(sorted({v["Level"] for v in found}),
                         ["", "0", "1", "2", "3", "4", "5", "MIDDLE"])
        row = next(i for i in self.images() if i["Id"] == self.iid)
        self.assertEqual((row["CriticalLevelVulCnt"], row["HighLevelVulCnt"],
                          row["MediumLevelVulCnt"], row["LowLevelVulCnt"], row["VulCnt"]),
                         (1, 2, 3, 4, 14))
        self.assertTrue(row["HasNeedFixVul"])
        fixable = [v for v in found if "CanBeFixed" in v["Tag"]]
        self.assertTrue(all(v["FixedVersions"] for v in fixable))
        # The other tag has no entry: clean.
        self.scanned(self.iid2)
        r = self.ok(VULS, {"Id": self.iid2})
        self.assertEqual((r["List"], r["TotalCount"]), ([], 0))

    def test_keys_by_digest_address_repository_and_star(self):
        host = "127.0.0.1:%d" % self.mock.port
        for key, hits in ((self.pushed["digest"], (1, 0)),
                          ("%s/team/app:1.0" % host, (1, 0)),
                          ("team/app", (1, 1)), ("*", (1, 1))):
            with self.subTest(key):
                self.client.control("POST", "reset")
                self.mock.control("reset")
                self.mock.push("team/app", "1.0")
                self.mock.push("team/app", "2.0")
                self.config(scan_seconds=1)
                self.rid = self.add("vul", NeedScan=True, SyncMode=1)
                self.synced(self.rid)
                rows = {i["ImageTag"]: i["Id"] for i in self.images()}
                self.vulns(key=key, generate={"low": 1})
                self.scanned(rows["1.0"])
                self.scanned(rows["2.0"])
                got = tuple(self.ok(VULS, {"Id": rows[t]})["TotalCount"] for t in ("1.0", "2.0"))
                self.assertEqual(got, hits)

    def test_paging_ten_thousand_and_limit(self):
        self.config(rate_limit=0)   # 100 pages within one fixed second
        self.vulns(key="team/app:1.0", generate={"critical": 2500, "high": 2500,
                                                  "medium": 2500, "low": 2500})
        self.scanned(self.iid)
        found, total = self.all_findings(self.iid)
        self.assertEqual((total, len(found)), (10000, 10000))
        self.assertEqual(len({v["POCID"] for v in found}), 10000)
        self.assertError(self.call(VULS, {"Id": self.iid, "Limit": 101}),
                         "InvalidParameter", "Limit")
        self.assertEqual(len(self.ok(VULS, {"Id": self.iid})["List"]), 10)  # default Limit
        self.assertEqual(self.ok(VULS, {"Id": self.iid, "Offset": 9999})["List"][0]["POCID"],
                         found[-1]["POCID"])

    def test_level_and_name_filters(self):
        self.vulns(key="team/app:1.0", generate={"critical": 3, "high": 2, "low": 1})
        self.scanned(self.iid)
        r = self.ok(VULS, {"Id": self.iid, "Filters": [{"Name": "Level", "Values": ["4", "3"]}]})
        self.assertEqual(r["TotalCount"], 5)
        r = self.ok(VULS, {"Id": self.iid, "Filters": [{"Name": "Level", "Values": ["all"]}]})
        self.assertEqual(r["TotalCount"], 6)

    def test_contract(self):
        self.assertError(self.call(VULS, {}), "InvalidParameter.MissingParameter")
        self.assertError(self.call(VULS, {"Id": 5}), "ResourceNotFound")
        for bad in ({"key": ""}, {"key": "k", "vulns": [1]}, {"key": "k", "other": 1},
                    {"key": "k", "generate": {"huge": 1}},
                    {"key": "k", "generate": {"low": -1}}, {"key": "k", "hostile": "yes"}):
            self.assertEqual(self.client.control("POST", "vulns", bad)[0], 400, bad)
        self.vulns(key="k", generate={"low": 2})
        self.vulns(key="k", generate={"low": 1}, append=True)
        self.assertEqual(self.vulns(key="k", vulns=None), {"keys": {}})

    def test_hostile_strings_and_the_echoed_secret(self):
        self.vulns(key="team/app:1.0", generate={"low": 1}, hostile=True)
        self.scanned(self.iid)
        body = json.dumps({"Id": self.iid, "Limit": 100}).encode()
        _, _, data = self.client.raw("POST", "/", body,
                                     self.client.signed_headers(body, action=VULS))
        with self.assertRaises(UnicodeDecodeError):
            data.decode("utf-8")
        self.assertIn(b"]]>", data)
        self.assertIn(b"\\u001b[31m", data)
        self.assertIn(PASSWORD.encode(), data)
        basic = base64.b64encode(("%s:%s" % (USER, PASSWORD)).encode())
        self.assertIn(basic, data)
        found = json.loads(data.decode("utf-8", "surrogateescape"))["Response"]["List"]
        self.assertGreater(len(found), 5)


class Plumbing(AssetCase):
    """What every action shares with Add: signature, rate limit, faults and
    the request record."""

    def test_new_actions_need_a_valid_signature(self):
        for action in (LIST, IMAGES, SCAN, VULS, ASSET_STATUS):
            with self.subTest(action):
                r = self.client.call({}, action=action, secret_key="wrong")
                self.assertError(r, "AuthFailure.SignatureFailure")

    def test_rate_limit_is_per_action(self):
        self.config(rate_limit=3, clock=self.now)
        for _ in range(3):
            self.ok(LIST, {})
        self.assertError(self.call(LIST, {}), "RequestLimitExceeded")
        self.ok(IMAGES, {})   # another action has its own budget
        self.clock(self.now + 1)
        self.ok(LIST, {})

    def test_faults_and_the_request_record(self):
        self.client.control("POST", "faults", {"mode": "error", "code": "InternalError",
                                               "message": "boom"})
        self.assertError(self.call(IMAGES, {}), "InternalError")
        self.ok(IMAGES, {})
        _, recorded = self.client.control("GET", "requests")
        self.assertEqual([r["headers"]["x-tc-action"] for r in recorded], [IMAGES, IMAGES])
        self.assertEqual([r["outcome"] for r in recorded], ["fault:error", "ok"])

    def test_state_shows_registries_sync_images_and_scans(self):
        self.mock.push("app", "1")
        rid = self.add("st", NeedScan=True, SyncMode=1)
        self.synced(rid)
        iid = self.images()[0]["Id"]
        self.ok(SCAN, {"Id": [iid]})
        _, state = self.client.control("GET", "state")
        self.assertEqual(state["registries"][0]["Sync"]["SyncStatus"], "success")
        self.assertEqual(state["images"][0]["Id"], iid)
        self.assertEqual(state["images"][0]["Scan"]["Status"], "SCANNING")
        self.assertEqual(state["scans"]["1"]["Images"], [iid])
        self.assertEqual(state["switches"]["detail_password"], "masked")

    def test_config_validation(self):
        for bad in ({"sync_seconds": -1}, {"scan_seconds": "2"}, {"image_filters": "loose"},
                    {"time_offset_hours": True}):
            self.assertEqual(self.client.control("POST", "config", bad)[0], 400, bad)


def write_oci_layout(root, tag, text):
    """A one-layer OCI image layout, ready for `skopeo copy oci:root:tag`."""
    blobs = os.path.join(root, "blobs", "sha256")
    os.makedirs(blobs, exist_ok=True)

    def blob(data):
        digest = hashlib.sha256(data).hexdigest()
        with open(os.path.join(blobs, digest), "wb") as f:
            f.write(data)
        return {"digest": "sha256:" + digest, "size": len(data)}
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tar:
        info = tarfile.TarInfo("hello.txt")
        info.size, info.mtime = len(text), 0
        tar.addfile(info, io.BytesIO(text))
    layer = blob(buf.getvalue())
    config = blob(json.dumps({"architecture": "amd64", "os": "linux",
                              "created": "2026-01-02T03:04:05Z",
                              "rootfs": {"type": "layers", "diff_ids": [layer["digest"]]}},
                             sort_keys=True).encode())
    manifest = blob(json.dumps({
        "schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": dict(config, mediaType="application/vnd.oci.image.config.v1+json"),
        "layers": [dict(layer, mediaType="application/vnd.oci.image.layer.v1.tar")]},
        sort_keys=True).encode())
    with open(os.path.join(root, "oci-layout"), "w") as f:
        json.dump({"imageLayoutVersion": "1.0.0"}, f)
    with open(os.path.join(root, "index.json"), "w") as f:
        json.dump({"schemaVersion": 2, "manifests": [dict(
            manifest, mediaType="application/vnd.oci.image.manifest.v1+json",
            annotations={"org.opencontainers.image.ref.name": tag})]}, f)


@unittest.skipUnless(all(shutil.which(t) for t in ("docker-registry", "skopeo", "htpasswd")),
                     "needs docker-registry, skopeo and htpasswd (scripts/deps)")
class RealRegistry(unittest.TestCase):
    """The sync and a scan against Debian's docker-registry (htpasswd auth),
    images pushed with skopeo: the reader is not only right about the mock."""

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="tcss-emu-real-")
        self.password = base64.urlsafe_b64encode(os.urandom(12)).decode()
        subprocess.run(["htpasswd", "-B", "-i", "-c", os.path.join(self.tmp, "htpasswd"),
                        USER], input=self.password.encode(), check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.registry = None
        for _ in range(3):
            port = free_port()
            with open(os.path.join(self.tmp, "registry.yml"), "w") as f:
                f.write("version: 0.1\nlog:\n  level: warn\n  accesslog:\n    disabled: true\n"
                        "storage:\n  filesystem:\n    rootdirectory: %s/data\n"
                        "http:\n  addr: 127.0.0.1:%d\n  secret: %s\n"
                        "auth:\n  htpasswd:\n    realm: tcss-emulator-test\n"
                        "    path: %s/htpasswd\n"
                        % (self.tmp, port, os.urandom(8).hex(), self.tmp))
            log = open(os.path.join(self.tmp, "registry.log"), "a")
            proc = subprocess.Popen(["docker-registry", "serve",
                                     os.path.join(self.tmp, "registry.yml")],
                                    stdout=log, stderr=log, stdin=subprocess.DEVNULL)
            log.close()
            mock = Mock(port)
            for _ in range(100):
                try:
                    if mock.v2("/v2/", user=None)[0] == 401:
                        self.registry, self.port = proc, port
                        break
                except OSError:
                    pass
                if proc.poll() is not None:
                    break
                time.sleep(0.1)   # waiting for start-up, not asserting on time
            if self.registry:
                break
            proc.terminate()
            proc.wait(10)
        self.assertIsNotNone(self.registry, "docker-registry did not start")
        self.emu = support.start_emulator(["--config", self.write("config.json", {
            "sync_seconds": 0, "scan_seconds": 0})])

    def tearDown(self):
        self.emu.cleanup()
        self.registry.terminate()
        self.registry.wait(10)
        shutil.rmtree(self.tmp, ignore_errors=True)

    def write(self, name, obj):
        path = os.path.join(self.tmp, name)
        with open(path, "w") as f:
            json.dump(obj, f)
        os.chmod(path, 0o600)
        return path

    def push(self, repo, tag, text):
        layout = os.path.join(self.tmp, "oci-" + tag)
        write_oci_layout(layout, tag, text)
        auth = base64.b64encode(("%s:%s" % (USER, self.password)).encode()).decode()
        authfile = self.write("auth.json", {"auths": {"127.0.0.1:%d" % self.port:
                                                      {"auth": auth}}})
        digestfile = os.path.join(self.tmp, "digest")
        subprocess.run(["skopeo", "copy", "--quiet", "--dest-tls-verify=false",
                        "--dest-authfile", authfile, "--digestfile", digestfile,
                        "oci:%s:%s" % (layout, tag),
                        "docker://127.0.0.1:%d/%s:%s" % (self.port, repo, tag)],
                       check=True, stdin=subprocess.DEVNULL, timeout=120)
        with open(digestfile) as f:
            return f.read().strip()

    def test_sync_and_scan_read_the_real_registry(self):
        one = self.push("team/app", "1.0", b"one\n")
        two = self.push("team/app", "2.0", b"two\n")
        c = Client(self.emu.port)
        try:
            rid = c.call(registry("real", Url="http://127.0.0.1:%d" % self.port,
                                  Username=USER, Password=self.password,
                                  NeedScan=True, SyncMode=1))
            self.assertEqual(rid["HealthCheckErr"], "")
            c.call({"RegistryIds": [rid["RegistryId"]]}, action=SYNC)
            row = c.call({"Limit": 100}, action=LIST)["List"][0]
            self.assertEqual(row["SyncStatus"], "success", row)
            images = c.call({"Limit": 100}, action=IMAGES)["List"]
            self.assertEqual(sorted((i["ImageRepoAddress"], i["ImageTag"], i["ImageDigest"])
                                    for i in images),
                             [("127.0.0.1:%d/team/app" % self.port, "1.0", one),
                              ("127.0.0.1:%d/team/app" % self.port, "2.0", two)])
            self.assertEqual({i["ImageCreateTime"] for i in images}, {"2026-01-02T03:04:05Z"})
            iid = images[0]["Id"]
            c.call({"Id": [iid], "ScanType": ["CVE"]}, action=SCAN)
            self.assertEqual(c.call({"Id": iid}, action=IMAGE)["ScanStatus"], "SCANNED")
        finally:
            c.close()


class Persistence(unittest.TestCase):
    def test_images_and_scans_survive_a_restart(self):
        reg = support.Process("mock_registry.py", ["--user", USER],
                              env={"MOCK_REGISTRY_PASSWORD": PASSWORD})
        folder = tempfile.mkdtemp(prefix="tcss-emu-test-")
        state = os.path.join(folder, "state.json")
        config = os.path.join(folder, "config.json")
        with open(config, "w") as f:
            json.dump({"sync_seconds": 0, "scan_seconds": 0, "detail_password": "plain"}, f)
        emu = support.start_emulator(["--state", state, "--config", config], folder=folder)
        try:
            Mock(reg.port).push("app", "1")
            c = Client(emu.port)
            rid = c.call(registry("p", Url="http://127.0.0.1:%d" % reg.port, Username=USER,
                                  Password=PASSWORD, NeedScan=True, SyncMode=1))["RegistryId"]
            self.assertEqual(c.call({"RegistryId": rid}, action=DETAIL)["Password"], PASSWORD)
            c.call({"RegistryIds": [rid]}, action=SYNC)
            iid = c.call({}, action=IMAGES)["List"][0]["Id"]
            c.call({"Id": [iid]}, action=SCAN)
            self.assertEqual(c.call({"Id": iid}, action=IMAGE)["ScanStatus"], "SCANNED")
            c.close()
            emu.stop()
            emu = support.start_emulator(["--state", state], folder=folder)
            c = Client(emu.port)
            row = c.call({}, action=IMAGES)["List"][0]
            self.assertEqual((row["Id"], row["ScanStatus"]), (iid, "SCANNED"))
            c.close()
        finally:
            emu.cleanup()
            reg.cleanup()


if __name__ == "__main__":
    unittest.main()
