#!/usr/bin/env node
// Signature conformance against the official Node SDK's own signer.
//
// Fetches $TCSS_EMULATOR/__emulator/requests and, for every API request the
// emulator recorded, re-signs the exact body bytes, X-TC-Timestamp, Host and
// Content-Type with the SDK's tencentcloud/common/sign.js sign3() and the
// SecretKey from the environment. The result must be identical, byte for
// byte, to the Authorization header that was sent.
//
// Exit status: 0 every request conforms; 1 a mismatch; 2 nothing recorded
// (or fewer than `--min-requests N`); 3 usage (not under with-emulator,
// emulator unreachable).
//
// One shim, documented because it is the only thing not the SDK's own:
// sign3() signs `new URL(url).hostname`, which drops the port, while the
// rule (and the emulator) is "sign the Host header you send". Behind port
// 443 the two agree; against the emulator the Host carries a port. So sign3
// is loaded with a URL class whose hostname is the recorded Host header,
// verbatim. Everything else (canonical request, hashing, key derivation,
// header format) is sign3's code, untouched.
"use strict";

const url = require("node:url");

let verbatimHost = null;
const RealURL = url.URL;
class HostAsSentURL extends RealURL {
  get hostname() {
    return verbatimHost === null ? super.hostname : verbatimHost;
  }
}
url.URL = HostAsSentURL;
const Sign = require("tencentcloud-sdk-nodejs-intl-en/tencentcloud/common/sign.js");
url.URL = RealURL;

const SERVICE = "tcss";

function usage(msg) {
  console.error(`conformance: ${msg}`);
  process.exit(3);
}

function keysFromEnv() {
  const keys = new Map();
  const pairs = [["TENCENTCLOUD_SECRET_ID", "TENCENTCLOUD_SECRET_KEY"],
                 ["TCSS_EMULATOR_TEMP_SECRET_ID", "TCSS_EMULATOR_TEMP_SECRET_KEY"]];
  for (const [id, key] of pairs) {
    if (process.env[id] && process.env[key]) keys.set(process.env[id], process.env[key]);
  }
  if (!keys.size) usage("no SecretId/SecretKey in the environment; run under tests/harness/with-emulator");
  return keys;
}

function credentialOf(authorization) {
  const m = /^TC3-HMAC-SHA256 Credential=([^/]+)\/([^/]+)\/([^/]+)\/tc3_request, SignedHeaders=([^,]+), Signature=/
    .exec(authorization || "");
  return m && { secretId: m[1], date: m[2], service: m[3], signedHeaders: m[4] };
}

// Returns null when the request conforms, else a description of the mismatch.
function check(rec, keys) {
  const h = rec.headers;
  const sent = h.authorization;
  const cred = credentialOf(sent);
  if (!cred) return `Authorization is not in the SDK's format: ${JSON.stringify(sent)}`;
  if (cred.signedHeaders !== "content-type;host") {
    return `SignedHeaders=${cred.signedHeaders}; sign3 (like every official SDK) signs content-type;host`;
  }
  const secretKey = keys.get(cred.secretId);
  if (secretKey === undefined) return `SecretId ${cred.secretId} is not one in the environment`;
  verbatimHost = h.host;
  let expected;
  try {
    expected = Sign.sign3({
      method: rec.method,
      url: `http://${h.host}/`,
      payload: Buffer.from(rec.body_b64, "base64"),
      timestamp: Number(h["x-tc-timestamp"]),
      service: SERVICE,
      secretId: cred.secretId,
      secretKey,
      multipart: false,
      headers: { "Content-Type": h["content-type"] },
    });
  } finally {
    verbatimHost = null;
  }
  if (expected !== sent) return `sent     ${sent}\n    sign3 says ${expected}`;
  return null;
}

function minRequests() {
  const args = process.argv.slice(2);
  if (!args.length) return 1;
  if (args.length === 2 && args[0] === "--min-requests" && /^[1-9][0-9]*$/.test(args[1])) {
    return Number(args[1]);
  }
  usage("usage: node conformance.js [--min-requests N]");
}

async function main() {
  const min = minRequests();
  const base = process.env.TCSS_EMULATOR;
  if (!base) usage("TCSS_EMULATOR is not set; run under tests/harness/with-emulator");
  const keys = keysFromEnv();
  let recorded;
  try {
    const res = await fetch(new URL("/__emulator/requests", base));
    recorded = await res.json();
  } catch (e) {
    usage(`cannot read ${base}/__emulator/requests: ${e.message}`);
  }
  const requests = recorded.filter((r) => r.path === "/" || r.path.startsWith("/?"));
  if (requests.length < min) {
    console.error(`not ok - the emulator recorded ${requests.length} API request(s), ` +
                  `expected at least ${min}: not enough was checked`);
    process.exit(2);
  }
  let failures = 0;
  requests.forEach((rec, i) => {
    const action = rec.headers["x-tc-action"] || "?";
    const problem = check(rec, keys);
    if (problem) {
      failures++;
      console.log(`not ok ${i + 1} - ${action} (${rec.outcome})\n    ${problem}`);
    } else {
      console.log(`ok ${i + 1} - ${action} (${rec.outcome}): Authorization identical to sign3's`);
    }
  });
  console.log(`${requests.length - failures}/${requests.length} requests conform`);
  process.exit(failures ? 1 : 0);
}

main();
