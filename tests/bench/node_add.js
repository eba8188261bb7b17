// One AddAssetImageRegistryRegistryDetail through the official Node SDK
// (tencentcloud-sdk-nodejs-intl-en), the way its README shows, for the cold
// process comparison in tests/bench/bench.py.
//
//   node node_add.js NAME URL [--tcss-only]
//
// Environment: TCSS_BENCH_NODE_SDK (the package folder), TCSS_ENDPOINT,
// TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY, TCSS_REGISTRY_PASSWORD.
// --tcss-only loads just the SDK's common + tcss modules instead of the whole
// package (the README's require() loads all 138 products): a best case for
// Node, reported beside the documented one.
//
// As in tests/node/sdk_against_emulator.js: the SDK derives the signing
// service from the endpoint's first label and signs the host name without
// the port, so it is pointed at http://tcss.intl.tencentcloudapi.com and this
// process's HTTP agent connects that name to the emulator. The SDK does all
// of its usual work; nothing outside the process is touched.
"use strict";
const http = require("node:http");
const net = require("node:net");
const path = require("node:path");

const HOST = "tcss.intl.tencentcloudapi.com";
const [name, url, mode] = process.argv.slice(2);
const sdk = process.env.TCSS_BENCH_NODE_SDK;
const emulator = new URL(process.env.TCSS_ENDPOINT);

const agent = new http.Agent({ keepAlive: true });
agent.createConnection = (options, callback) => {
  if (options.host !== HOST) throw new Error("the SDK connected to " + options.host);
  return net.createConnection({ host: emulator.hostname, port: Number(emulator.port) }, callback);
};
http.globalAgent = agent;
delete process.env.http_proxy;

let Client, Models, Credential;
if (mode === "--tcss-only") {
  const tcss = require(path.join(sdk, "tencentcloud/tcss/v20201101"));
  Client = tcss.Client;
  Models = tcss.Models;
  Credential = require(path.join(sdk, "tencentcloud/common/credential"));
} else {
  const tencentcloud = require(sdk);
  Client = tencentcloud.tcss.v20201101.Client;
  Models = tencentcloud.tcss.v20201101.Models;
  Credential = tencentcloud.common.Credential;
}

const client = new Client(
  new Credential(process.env.TENCENTCLOUD_SECRET_ID, process.env.TENCENTCLOUD_SECRET_KEY),
  "ap-singapore",
  { signMethod: "TC3-HMAC-SHA256",
    httpProfile: { protocol: "http://", endpoint: HOST, reqMethod: "POST", reqTimeout: 30 } });

const req = new Models.AddAssetImageRegistryRegistryDetailRequest();
req.deserialize({
  Name: name,
  Username: "bench",
  Password: process.env.TCSS_REGISTRY_PASSWORD,
  Url: url,
  RegistryType: "harbor",
  NetType: "public",
  RegistryVersion: "V2",
});

client.AddAssetImageRegistryRegistryDetail(req, (err, resp) => {
  if (err) {
    process.stderr.write("node_add: " + (err.code || "") + " " + err.message + "\n");
    process.exitCode = 1;
    return;
  }
  process.stdout.write("registry " + resp.RegistryId + "\n");
});
