#!/usr/bin/env node
// The official Node SDK (tencentcloud-sdk-nodejs-intl-en, tcss.v20201101)
// against the emulator: a cross-check that the emulator accepts what the
// real SDK sends and refuses it with the real error codes.
//
// Run under tests/harness/with-emulator. `node sdk_against_emulator.js
// wrong-key` sends only the wrongly signed request (for conformance.js's
// negative test).
//
// The SDK derives the signing service from the endpoint's first label and
// signs the host name without the port, while sending Host with the port.
// So the SDK talks to http://tcss.intl.tencentcloudapi.com (port 80, no port
// in Host) and this process's HTTP agent connects that name to the emulator;
// nothing outside the process (/etc/hosts, DNS) is touched.
"use strict";

const assert = require("node:assert/strict");
const http = require("node:http");
const net = require("node:net");
const tencentcloud = require("tencentcloud-sdk-nodejs-intl-en");

const TcssClient = tencentcloud.tcss.v20201101.Client;
const HOST = "tcss.intl.tencentcloudapi.com";
const emulator = new URL(mustEnv("TCSS_EMULATOR"));

function mustEnv(name) {
  const v = process.env[name];
  if (!v) {
    console.error(`sdk_against_emulator: ${name} is not set; run under tests/harness/with-emulator`);
    process.exit(3);
  }
  return v;
}

// Every connection this process opens to HOST goes to the emulator instead.
const agent = new http.Agent({ keepAlive: true });
agent.createConnection = (options, callback) => {
  assert.equal(options.host, HOST, "the SDK connected somewhere unexpected");
  return net.createConnection({ host: emulator.hostname, port: Number(emulator.port) }, callback);
};
http.globalAgent = agent;
delete process.env.http_proxy; // the SDK would otherwise tunnel through it

function client({ secretId, secretKey, token }) {
  return new TcssClient(new tencentcloud.common.Credential(secretId, secretKey, token),
    "ap-singapore",
    { signMethod: "TC3-HMAC-SHA256",
      httpProfile: { protocol: "http://", endpoint: HOST, reqMethod: "POST", reqTimeout: 30 } });
}

function add(c, req) {
  return new Promise((resolve, reject) =>
    c.AddAssetImageRegistryRegistryDetail(req, (err, resp) => (err ? reject(err) : resolve(resp))));
}

async function control(method, path) {
  const res = await fetch(new URL(`/__emulator/${path}`, emulator), { method });
  assert.equal(res.status, 200);
  return res.json();
}

const permanent = {
  secretId: mustEnv("TENCENTCLOUD_SECRET_ID"),
  secretKey: mustEnv("TENCENTCLOUD_SECRET_KEY"),
};

async function wrongKey() {
  const err = await add(client({ ...permanent, secretKey: "not-the-secret-key" }),
    { Name: "wrong-key", Username: "u", Password: "p", Url: "http://127.0.0.1:9",
      RegistryType: "harbor", NetType: "public" })
    .then(() => assert.fail("a wrong SecretKey was accepted"), (e) => e);
  assert.equal(err.code, "AuthFailure.SignatureFailure", String(err));
  assert.ok(err.requestId, "the error carries the RequestId");
  console.log("ok - wrong SecretKey: AuthFailure.SignatureFailure");
}

async function main() {
  await wrongKey();
  if (process.argv[2] === "wrong-key") return;
  // Forget the wrongly signed request, so conformance.js can check the rest.
  await control("POST", "reset");

  const req = {
    Name: "sdk-registry 名前 \"quoted\"",
    Username: mustEnv("TCSS_MOCK_REGISTRY_USER"),
    Password: mustEnv("TCSS_MOCK_REGISTRY_PASSWORD"),
    Url: mustEnv("TCSS_MOCK_REGISTRY"),
    RegistryType: "harbor",
    NetType: "public",
    RegistryVersion: "V2",
    RegistryRegion: "default",
    SpeedLimit: 100,
    Insecure: 0,
    ConnDetectConfig: [{ Quuid: "q-1", Uuid: "u-1" }],
    NeedScan: true,
    SyncMode: 1,
    WebhookUrl: "https://hooks.example.com/tcss",
    WebhookToken: "webhook-token-for-test",
    InstanceId: "tcr-123",
  };
  const first = await add(client(permanent), req);
  assert.ok(Number.isInteger(first.RegistryId) && first.RegistryId > 0, JSON.stringify(first));
  assert.equal(first.HealthCheckErr, "");
  assert.equal(first.NameRepeatErr, "");
  assert.ok(first.RequestId);
  console.log(`ok - added, RegistryId ${first.RegistryId}, healthy`);

  const again = await add(client(permanent), req);
  assert.equal(again.RegistryId, first.RegistryId);
  assert.equal(again.NameRepeatErr, "name repeat err");
  console.log("ok - same name again: same RegistryId, NameRepeatErr");

  const temp = await add(client({
    secretId: mustEnv("TCSS_EMULATOR_TEMP_SECRET_ID"),
    secretKey: mustEnv("TCSS_EMULATOR_TEMP_SECRET_KEY"),
    token: mustEnv("TCSS_EMULATOR_TEMP_TOKEN"),
  }), { ...req, Name: "sdk-temporary", Password: "wrong-password" });
  assert.equal(temp.HealthCheckErr, "authentication failed: HTTP 401");
  assert.ok(temp.RegistryId > first.RegistryId);
  console.log("ok - temporary credential with its token; failed health check reported");

  const state = await control("GET", "state");
  // Every field the SDK sent, stored as sent (the emulator adds its own
  // members beside them, such as the connectivity probe's ConnDetectDetail).
  const stored = state.registries[0];
  assert.equal(stored.RegistryId, first.RegistryId);
  for (const [key, value] of Object.entries(req)) assert.deepEqual(stored[key], value, key);
  assert.equal(state.registries.length, 2);
  console.log("ok - the emulator stored every field the SDK sent");
}

main().then(() => agent.destroy(), (err) => {
  console.error("not ok -", err && err.stack ? err.stack : err);
  agent.destroy();
  process.exitCode = 1;
});
