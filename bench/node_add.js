// One AddAssetImageRegistryRegistryDetail through the official Node SDK
// (tencentcloud-sdk-nodejs-intl-en), the way its README shows, for the cold
// process comparison in bench/bench.py.
//
//   node node_add.js NAME URL [--tcss-only]
//
// Environment: TCSS_BENCH_NODE_SDK (the package folder), TCSS_ENDPOINT,
// TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY, TCSS_REGISTRY_PASSWORD.
// --tcss-only loads just the SDK's common + tcss modules instead of the whole
// package (the README's require() loads all 138 products): a best case for
// Node, reported beside the documented one.
//
// Two adjustments let the SDK talk to an emulator on 127.0.0.1:PORT; neither
// skips any of the SDK's work:
//  - it derives the signing service from the endpoint's first label ("127"
//    here, see ANCHORS.md §1), where the Go SDK fixes it to the product name:
//    we override that one argument of HttpConnection.doRequestWithSign3;
//  - it signs `host:<hostname>` without the port but sends `Host:
//    <hostname>:<port>` (the same thing on the real service's port 443): we
//    send the Host header it signed, through a wrapper around its fetch.
"use strict";
const path = require("path");

const [name, url, mode] = process.argv.slice(2);
const sdk = process.env.TCSS_BENCH_NODE_SDK;
const endpoint = new URL(process.env.TCSS_ENDPOINT);

// Before anything of the SDK loads, so its http_connection picks the wrapper.
const fetchPath = require.resolve(path.join(sdk, "tencentcloud/common/http/fetch"));
const sdkFetch = require(fetchPath);
require.cache[fetchPath].exports = (target, options) => {
  options.headers.Host = new URL(target).hostname;
  return sdkFetch(target, options);
};

let Client, Models, Credential, ClientProfile, HttpProfile;
if (mode === "--tcss-only") {
  const tcss = require(path.join(sdk, "tencentcloud/tcss/v20201101"));
  Client = tcss.Client;
  Models = tcss.Models;
  const common = require(path.join(sdk, "tencentcloud/common"));
  Credential = common.Credential;
  ClientProfile = require(path.join(sdk, "tencentcloud/common/profile/client_profile"));
  HttpProfile = require(path.join(sdk, "tencentcloud/common/profile/http_profile"));
} else {
  const tencentcloud = require(sdk);
  Client = tencentcloud.tcss.v20201101.Client;
  Models = tencentcloud.tcss.v20201101.Models;
  Credential = tencentcloud.common.Credential;
  ClientProfile = require(path.join(sdk, "tencentcloud/common/profile/client_profile"));
  HttpProfile = require(path.join(sdk, "tencentcloud/common/profile/http_profile"));
}

const HttpConnection = require(path.join(sdk, "tencentcloud/common/http/http_connection"));
const signed = HttpConnection.doRequestWithSign3;
HttpConnection.doRequestWithSign3 = function (opts) {
  return signed.call(this, Object.assign({}, opts, { service: "tcss" }));
};

const httpProfile = new HttpProfile();
httpProfile.protocol = endpoint.protocol + "//";
httpProfile.endpoint = endpoint.host;
httpProfile.reqMethod = "POST";
const profile = new ClientProfile("TC3-HMAC-SHA256", httpProfile);
const cred = new Credential(process.env.TENCENTCLOUD_SECRET_ID, process.env.TENCENTCLOUD_SECRET_KEY);
const client = new Client(cred, "", profile);

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
