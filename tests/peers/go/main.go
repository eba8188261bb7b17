// The official Go SDK (TencentCloud/tencentcloud-sdk-go, its common module,
// pinned in go.mod and go.sum) as a second signing oracle for libtcss, beside
// the Python SDK (tests/peers/sdk_oracle.py). Run under
// tests/harness/with-emulator: go_sdk_oracle TCSS_CLI.
//
// For the same inputs (SecretId/SecretKey, a session token, the region, a
// registry spec with non-ASCII text, the emulator's plain-HTTP endpoint with
// its port in Host) our `tcss` CLI sends AddAssetImageRegistryRegistryDetail,
// and then the Go SDK sends it too: its common client with a CommonRequest
// (service tcss, version 2020-11-01) to the same endpoint, signing with our
// request's X-TC-Timestamp (the SDK merges a request's own headers over its
// defaults before it signs, so the timestamp it signs is ours). The emulator
// records both requests as they arrived, and this program compares the
// signed parts byte for byte:
//
//   - method, path, query, the signed header names, and each signed header's
//     value as sent (Content-Type, Host with the port);
//   - the Authorization header's form, the SecretId and the credential scope;
//   - X-TC-Action, X-TC-Version, X-TC-Region, X-TC-Timestamp, X-TC-Token
//     (only with the temporary credential, and then the same);
//   - the canonical request and the string to sign, built here from what was
//     sent (the TC3-HMAC-SHA256 rules of the Tencent Cloud API 3.0 "Signature
//     v3" page, as the SDKs apply them: header values signed as sent);
//   - each side's signature is exactly what TC3 gives for its own bytes.
//
// What legitimately differs, and how it is compared instead:
//
//   - the body's bytes: the SDK encodes its parameter map with sorted member
//     names and escapes <, > and & as \u003c, \u003e, \u0026 (Go's encoder),
//     while ours keeps the API page's member order and those characters raw.
//     The two bodies must be the same JSON value, and the SDK's own encoder
//     run over our body must give the SDK's bytes exactly; so the canonical
//     requests are equal up to their last line (the body's hash) and the
//     strings to sign up to theirs (the canonical request's hash), and each
//     signature is checked against its own bytes;
//   - X-TC-RequestClient (ours libtcss_VERSION, the SDK's SDK_GO_1.3.213),
//     User-Agent, Accept-Encoding, Content-Length (each must be its own
//     body's length) and X-TC-Language (the SDK always sends its profile's
//     language, zh-CN by default; ours sends none unless configured): none is
//     signed, and the emulator's answer does not depend on them.
//
// The SDK is also run once untouched (its own timestamp) and its signature
// checked the same way, and the TC3 built here is shown to change with a
// one-byte change of the body, a header value or the key (else it proves
// nothing). Exit status: 0 passed, 1 a mismatch, 3 usage.
package main

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	stdjson "encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	tchttp "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/http"
	sdkjson "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/json"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/profile"
)

const (
	service = "tcss"
	version = "2020-11-01"
	action  = "AddAssetImageRegistryRegistryDetail"
	region  = "ap-singapore"
)

var failures []string

func check(ok bool, format string, args ...interface{}) {
	what := fmt.Sprintf(format, args...)
	if ok {
		fmt.Println("ok - " + what)
	} else {
		fmt.Println("not ok - " + what)
		failures = append(failures, what)
	}
}

func note(format string, args ...interface{}) {
	fmt.Printf("# "+format+"\n", args...)
}

func env(name string) string {
	v := os.Getenv(name)
	if v == "" {
		fmt.Fprintf(os.Stderr, "go_sdk_oracle: %s is not set; run under tests/harness/with-emulator\n", name)
		os.Exit(3)
	}
	return v
}

// The emulator's control API, never through a proxy.
var direct = &http.Client{Transport: &http.Transport{Proxy: nil}, Timeout: 10 * time.Second}

type record struct {
	Method   string            `json:"method"`
	Path     string            `json:"path"`
	Headers  map[string]string `json:"headers"`
	BodyB64  string            `json:"body_b64"`
	Outcome  *string           `json:"outcome"`
	Listener string            `json:"listener"`
}

func (r record) body() []byte {
	b, err := base64.StdEncoding.DecodeString(r.BodyB64)
	if err != nil {
		panic(err)
	}
	return b
}

func (r record) outcome() string {
	if r.Outcome == nil {
		return "(none)"
	}
	return *r.Outcome
}

func control(path string, body interface{}, out interface{}) {
	url := env("TCSS_EMULATOR") + "/__emulator/" + path
	var resp *http.Response
	var err error
	if body == nil {
		resp, err = direct.Get(url)
	} else {
		data, _ := stdjson.Marshal(body)
		resp, err = direct.Post(url, "application/json", bytes.NewReader(data))
	}
	if err != nil {
		panic(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != 200 {
		panic(fmt.Sprintf("emulator control %s: HTTP %d %v", path, resp.StatusCode, err))
	}
	if out != nil {
		if err := stdjson.Unmarshal(data, out); err != nil {
			panic(err)
		}
	}
}

// apiRecords: the API requests the emulator recorded so far.
func apiRecords() []record {
	var all []record
	control("requests", nil, &all)
	var api []record
	for _, r := range all {
		if r.Listener == "" || r.Listener == "api" {
			api = append(api, r)
		}
	}
	return api
}

// ---- TC3-HMAC-SHA256, from the API 3.0 "Signature v3" page --------------

func sha256hex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func hmacSHA256(key []byte, msg string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(msg))
	return m.Sum(nil)
}

type authorization struct {
	SecretID, Date, Service, Terminator, SignedHeaders, Signature string
}

var authRE = regexp.MustCompile(`^TC3-HMAC-SHA256 Credential=([^/, ]+)/([0-9]{4}-[0-9]{2}-[0-9]{2})/([^/, ]+)/([^/, ]+), SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$`)

// parseAuthorization accepts only the exact form both SDKs write.
func parseAuthorization(v string) (authorization, bool) {
	m := authRE.FindStringSubmatch(v)
	if m == nil {
		return authorization{}, false
	}
	return authorization{m[1], m[2], m[3], m[4], m[5], m[6]}, true
}

func splitTarget(target string) (path, query string) {
	if i := strings.IndexByte(target, '?'); i >= 0 {
		return target[:i], target[i+1:]
	}
	return target, ""
}

// canonicalRequest: method, path, query, "name:value\n" for each signed
// header (names lower-case, values as sent, trimmed), the signed names, and
// the body's hash, joined by newlines.
func canonicalRequest(r record, signedHeaders string, body []byte) string {
	path, query := splitTarget(r.Path)
	var canon strings.Builder
	for _, name := range strings.Split(signedHeaders, ";") {
		canon.WriteString(name + ":" + strings.TrimSpace(r.Headers[name]) + "\n")
	}
	return strings.Join([]string{r.Method, path, query, canon.String(), signedHeaders, sha256hex(body)}, "\n")
}

func utcDate(timestamp string) string {
	ts, err := strconv.ParseInt(timestamp, 10, 64)
	if err != nil {
		return "(not a timestamp: " + timestamp + ")"
	}
	return time.Unix(ts, 0).UTC().Format("2006-01-02")
}

func stringToSign(timestamp, scope, canonical string) string {
	return strings.Join([]string{"TC3-HMAC-SHA256", timestamp, scope, sha256hex([]byte(canonical))}, "\n")
}

func signature(secretKey, date, svc, toSign string) string {
	k := hmacSHA256([]byte("TC3"+secretKey), date)
	k = hmacSHA256(k, svc)
	k = hmacSHA256(k, "tc3_request")
	return hex.EncodeToString(hmacSHA256(k, toSign))
}

// signed: the stages for one recorded request, with the given body bytes,
// timestamp and key (the test varies each to show the oracle notices).
type signed struct {
	canonical, scope, toSign, signature string
}

func tc3(r record, a authorization, body []byte, timestamp, secretKey string) signed {
	var s signed
	s.canonical = canonicalRequest(r, a.SignedHeaders, body)
	date := utcDate(timestamp)
	s.scope = date + "/" + a.Service + "/tc3_request"
	s.toSign = stringToSign(timestamp, s.scope, s.canonical)
	s.signature = signature(secretKey, date, a.Service, s.toSign)
	return s
}

func lines(s string) []string { return strings.Split(s, "\n") }

// ---- the two senders --------------------------------------------------

type credential struct{ id, key, token string }

type inputs struct {
	what   string
	cred   credential
	args   []string // our CLI's flags for the spec
	params string   // the same spec as the API's JSON, for the SDK
	// TCSS_WEBHOOK_TOKEN for our CLI ("": unset); the SDK's is in params.
	webhookToken string
}

func runOurs(bin string, in inputs) {
	cmd := exec.Command(bin, append([]string{"add-registry", "--region", region}, in.args...)...)
	environ := []string{}
	for _, kv := range os.Environ() {
		name := kv[:strings.IndexByte(kv, '=')]
		switch name {
		case "TENCENTCLOUD_SECRET_ID", "TENCENTCLOUD_SECRET_KEY", "TENCENTCLOUD_SESSION_TOKEN",
			"TCSS_REGISTRY_PASSWORD", "TCSS_WEBHOOK_TOKEN",
			"http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY":
			continue
		}
		environ = append(environ, kv)
	}
	environ = append(environ, "TENCENTCLOUD_SECRET_ID="+in.cred.id, "TENCENTCLOUD_SECRET_KEY="+in.cred.key,
		"TCSS_REGISTRY_PASSWORD="+env("TCSS_MOCK_REGISTRY_PASSWORD"))
	if in.webhookToken != "" {
		environ = append(environ, "TCSS_WEBHOOK_TOKEN="+in.webhookToken)
	}
	if in.cred.token != "" {
		environ = append(environ, "TENCENTCLOUD_SESSION_TOKEN="+in.cred.token)
	}
	cmd.Env = environ
	cmd.Stdout = io.Discard
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		check(false, "%s: our tcss add-registry ran (%v)", in.what, err)
	}
}

// runSDK sends the spec with the Go SDK's common client; timestamp "" lets
// the SDK take its own.
func runSDK(in inputs, timestamp string) (*tchttp.CommonResponse, error) {
	host := strings.TrimSuffix(strings.SplitN(env("TCSS_ENDPOINT"), "://", 2)[1], "/")
	cpf := profile.NewClientProfile()
	cpf.SignMethod = "TC3-HMAC-SHA256"
	cpf.HttpProfile.Scheme = "http"
	cpf.HttpProfile.Endpoint = host
	cpf.HttpProfile.ReqMethod = "POST"
	cpf.HttpProfile.ReqTimeout = 30
	var cred common.CredentialIface = common.NewCredential(in.cred.id, in.cred.key)
	if in.cred.token != "" {
		cred = common.NewTokenCredential(in.cred.id, in.cred.key, in.cred.token)
	}
	client := common.NewCommonClient(cred, region, cpf).WithHttpTransport(&http.Transport{Proxy: nil})
	req := tchttp.NewCommonRequest(service, version, action)
	if err := req.SetActionParameters(in.params); err != nil {
		return nil, err
	}
	if timestamp != "" {
		req.SetHeader(map[string]string{"X-TC-Timestamp": timestamp})
	}
	resp := tchttp.NewCommonResponse()
	return resp, client.Send(req, resp)
}

// ---- comparing --------------------------------------------------------

func jsonValue(b []byte) (interface{}, error) {
	d := stdjson.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v interface{}
	err := d.Decode(&v)
	return v, err
}

// differingMembers names (never shows: the bodies hold the password and
// the webhook token) the top-level members whose values differ.
func differingMembers(a, b interface{}) string {
	am, _ := a.(map[string]interface{})
	bm, _ := b.(map[string]interface{})
	var names []string
	for k, v := range am {
		if w, ok := bm[k]; !ok || !reflect.DeepEqual(v, w) {
			names = append(names, k)
		}
	}
	for k := range bm {
		if _, ok := am[k]; !ok {
			names = append(names, k)
		}
	}
	if len(names) == 0 {
		return ""
	}
	sort.Strings(names)
	return " (they differ in " + strings.Join(names, ", ") + ")"
}

func xtcNames(h map[string]string) []string {
	var names []string
	for n := range h {
		if strings.HasPrefix(n, "x-tc-") {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	return names
}

func compare(in inputs, ours, theirs record) {
	w := in.what
	ob, tb := ours.body(), theirs.body()
	check(ours.outcome() == "ok", "%s: the emulator accepted our request (%s)", w, ours.outcome())
	check(theirs.outcome() == "ok", "%s: the emulator accepted the SDK's request (%s)", w, theirs.outcome())
	check(ours.Method == "POST" && ours.Method == theirs.Method, "%s: method %s, the SDK's %s", w, ours.Method, theirs.Method)
	op, oq := splitTarget(ours.Path)
	tp, tq := splitTarget(theirs.Path)
	check(op == "/" && op == tp, "%s: path %q, the SDK's %q", w, op, tp)
	check(oq == "" && oq == tq, "%s: query %q, the SDK's %q", w, oq, tq)

	oa, okO := parseAuthorization(ours.Headers["authorization"])
	ta, okT := parseAuthorization(theirs.Headers["authorization"])
	check(okO, "%s: our Authorization is in the SDK's form (TC3-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...)", w)
	check(okT, "%s: the SDK's Authorization parses", w)
	if !okO || !okT {
		return
	}
	check(oa.SecretID == in.cred.id && oa.SecretID == ta.SecretID, "%s: the same SecretId", w)
	check(oa.Date == ta.Date && oa.Service == service && oa.Service == ta.Service &&
		oa.Terminator == "tc3_request" && oa.Terminator == ta.Terminator,
		"%s: credential scope %s/%s/%s, the SDK's %s/%s/%s", w, oa.Date, oa.Service, oa.Terminator,
		ta.Date, ta.Service, ta.Terminator)
	check(oa.SignedHeaders == ta.SignedHeaders, "%s: SignedHeaders %s, the SDK's %s", w, oa.SignedHeaders, ta.SignedHeaders)
	for _, name := range strings.Split(ta.SignedHeaders, ";") {
		check(ours.Headers[name] == theirs.Headers[name], "%s: signed header %s as sent: %q, the SDK's %q",
			w, name, ours.Headers[name], theirs.Headers[name])
	}
	check(ours.Headers["host"] == strings.TrimSuffix(strings.SplitN(env("TCSS_ENDPOINT"), "://", 2)[1], "/"),
		"%s: Host %q carries the endpoint's port", w, ours.Headers["host"])
	for _, name := range []string{"content-type", "x-tc-action", "x-tc-version", "x-tc-region", "x-tc-timestamp"} {
		check(ours.Headers[name] != "" && ours.Headers[name] == theirs.Headers[name], "%s: %s %q, the SDK's %q",
			w, name, ours.Headers[name], theirs.Headers[name])
	}
	check(ours.Headers["x-tc-action"] == action && ours.Headers["x-tc-version"] == version &&
		ours.Headers["x-tc-region"] == region, "%s: X-TC-Action/Version/Region are %s/%s/%s", w, action, version, region)
	_, ourToken := ours.Headers["x-tc-token"]
	_, theirToken := theirs.Headers["x-tc-token"]
	if in.cred.token != "" {
		check(ourToken && theirToken && ours.Headers["x-tc-token"] == in.cred.token &&
			theirs.Headers["x-tc-token"] == in.cred.token, "%s: X-TC-Token is the session token in both", w)
	} else {
		check(!ourToken && !theirToken, "%s: no X-TC-Token without a session token, in both", w)
	}
	// Every X-TC-* header is one the SDK sends too, but for the two that
	// legitimately differ.
	var on, tn []string
	for _, n := range xtcNames(ours.Headers) {
		if n != "x-tc-requestclient" && n != "x-tc-language" {
			on = append(on, n)
		}
	}
	for _, n := range xtcNames(theirs.Headers) {
		if n != "x-tc-requestclient" && n != "x-tc-language" {
			tn = append(tn, n)
		}
	}
	check(reflect.DeepEqual(on, tn), "%s: the same X-TC-* headers (%s; the SDK's %s)", w,
		strings.Join(on, ","), strings.Join(tn, ","))
	check(ours.Headers["content-length"] == strconv.Itoa(len(ob)) && theirs.Headers["content-length"] == strconv.Itoa(len(tb)),
		"%s: each Content-Length is its own body's length (%d, the SDK's %d)", w, len(ob), len(tb))
	note("%s: not signed, legitimately different: X-TC-RequestClient %q vs the SDK's %q; User-Agent %q vs %q; X-TC-Language %q vs %q",
		w, ours.Headers["x-tc-requestclient"], theirs.Headers["x-tc-requestclient"], ours.Headers["user-agent"],
		theirs.Headers["user-agent"], ours.Headers["x-tc-language"], theirs.Headers["x-tc-language"])

	// The bodies: the same JSON value; the SDK's encoder over ours gives its bytes.
	ov, errO := jsonValue(ob)
	tv, errT := jsonValue(tb)
	check(errO == nil && errT == nil && reflect.DeepEqual(ov, tv), "%s: the two bodies are the same JSON value%s", w,
		differingMembers(ov, tv))
	var m map[string]interface{}
	reencoded := []byte(nil)
	if err := sdkjson.Unmarshal(ob, &m); err == nil {
		reencoded, _ = sdkjson.Marshal(m)
	}
	check(bytes.Equal(reencoded, tb), "%s: the SDK's JSON encoder turns our body into the SDK's bytes exactly", w)
	if bytes.Equal(ob, tb) {
		note("%s: the bodies are equal byte for byte", w)
	} else {
		note("%s: the bodies differ in bytes only by member order and escaping (ours %d bytes, the SDK's %d)", w, len(ob), len(tb))
	}

	// Canonical request, string to sign and signature, with the same timestamp.
	key := in.cred.key
	ts := ours.Headers["x-tc-timestamp"]
	os_ := tc3(ours, oa, ob, ts, key)
	ts_ := tc3(theirs, ta, tb, theirs.Headers["x-tc-timestamp"], key)
	oc, tc := lines(os_.canonical), lines(ts_.canonical)
	check(len(oc) == len(tc) && strings.Join(oc[:len(oc)-1], "\n") == strings.Join(tc[:len(tc)-1], "\n"),
		"%s: canonical requests equal byte for byte but for the body's hash:\n%s", w,
		indent(strings.Join(oc[:len(oc)-1], "\n")))
	check(oc[len(oc)-1] == sha256hex(ob) && tc[len(tc)-1] == sha256hex(tb), "%s: each canonical request ends in its own body's SHA-256", w)
	if bytes.Equal(ob, tb) {
		check(os_.canonical == ts_.canonical, "%s: the canonical requests are equal byte for byte", w)
	}
	check(os_.scope == ts_.scope && os_.scope == oa.Date+"/"+service+"/tc3_request" && oa.Date == utcDate(ts),
		"%s: credential scope %s, the UTC date of X-TC-Timestamp %s", w, os_.scope, ts)
	osl, tsl := lines(os_.toSign), lines(ts_.toSign)
	check(strings.Join(osl[:3], "\n") == strings.Join(tsl[:3], "\n"),
		"%s: strings to sign equal byte for byte but for the canonical request's hash (%q)", w, strings.Join(osl[:3], `\n`))
	check(os_.signature == oa.Signature, "%s: our signature is TC3's for our bytes", w)
	check(ts_.signature == ta.Signature, "%s: the SDK's signature is TC3's for its bytes", w)
	check(ours.Headers["authorization"] == strings.TrimSuffix(theirs.Headers["authorization"], ta.Signature)+oa.Signature,
		"%s: our Authorization is the SDK's, byte for byte, but for the signature over the body", w)
	if bytes.Equal(ob, tb) {
		check(oa.Signature == ta.Signature, "%s: the signatures are equal", w)
	}
	// The oracle itself notices one changed byte of the body, of a signed
	// header's value, of the timestamp or of the key.
	flipped := append([]byte(nil), ob...)
	flipped[len(flipped)/2] ^= 1
	changedHost := ours
	changedHost.Headers = map[string]string{}
	for k, v := range ours.Headers {
		changedHost.Headers[k] = v
	}
	changedHost.Headers["host"] = strings.Replace(ours.Headers["host"], "127", "128", 1)
	base := os_.signature
	check(tc3(ours, oa, flipped, ts, key).signature != base &&
		tc3(changedHost, oa, ob, ts, key).signature != base &&
		tc3(ours, oa, ob, strconv.Itoa(atoi(ts)+1), key).signature != base &&
		tc3(ours, oa, ob, ts, key+"x").signature != base,
		"%s: the oracle catches a changed body byte, Host, timestamp or key", w)
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

func indent(s string) string {
	return "    " + strings.ReplaceAll(s, "\n", "\n    ")
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: go_sdk_oracle TCSS_CLI (under tests/harness/with-emulator)")
		os.Exit(3)
	}
	bin := os.Args[1]
	permanent := credential{env("TENCENTCLOUD_SECRET_ID"), env("TENCENTCLOUD_SECRET_KEY"), ""}
	temporary := credential{env("TCSS_EMULATOR_TEMP_SECRET_ID"), env("TCSS_EMULATOR_TEMP_SECRET_KEY"),
		env("TCSS_EMULATOR_TEMP_TOKEN")}
	url, user := env("TCSS_MOCK_REGISTRY"), env("TCSS_MOCK_REGISTRY_USER")
	password := env("TCSS_MOCK_REGISTRY_PASSWORD")
	quote := func(s string) string { b, _ := stdjson.Marshal(s); return string(b) }
	webhook := "https://hooks.example.com/x?a=1&b=<2>"
	cases := []inputs{
		{
			what: "every field, non-ASCII name",
			cred: permanent,
			args: []string{"--name", "名前 レジストリ ünïcödé & <go>", "--url", url, "--username", user,
				"--registry-type", "quay", "--net-type", "public", "--registry-version", "V2",
				"--registry-region", region, "--speed-limit", "1024", "--insecure=true",
				"--conn-detect", "q-1:u-1", "--conn-detect", ":u-2", "--need-scan=false",
				"--sync-mode", "incremental", "--webhook-url", webhook, "--instance-id", "tcr-abc"},
			params: `{"Name":"名前 レジストリ ünïcödé & <go>","Username":` + quote(user) + `,"Password":` + quote(password) +
				`,"Url":` + quote(url) + `,"RegistryType":"quay","NetType":"public","RegistryVersion":"V2",` +
				`"RegistryRegion":"` + region + `","SpeedLimit":1024,"Insecure":1,` +
				`"ConnDetectConfig":[{"Quuid":"q-1","Uuid":"u-1"},{"Uuid":"u-2"}],"NeedScan":false,"SyncMode":1,` +
				`"WebhookUrl":` + quote(webhook) + `,"WebhookToken":"webhook-token-for-the-go-oracle","InstanceId":"tcr-abc"}`,
			webhookToken: "webhook-token-for-the-go-oracle",
		},
		{
			what: "temporary credential, X-TC-Token",
			cred: temporary,
			args: []string{"--name", "temporäre Anmeldedaten", "--url", url, "--username", user,
				"--registry-type", "harbor", "--net-type", "public"},
			params: `{"Name":"temporäre Anmeldedaten","Username":` + quote(user) + `,"Password":` + quote(password) +
				`,"Url":` + quote(url) + `,"RegistryType":"harbor","NetType":"public"}`,
		},
	}

	control("reset", map[string]interface{}{}, nil)
	for _, in := range cases {
		before := len(apiRecords())
		runOurs(bin, in)
		after := apiRecords()
		check(len(after) == before+1, "%s: our CLI sent one request (%d)", in.what, len(after)-before)
		if len(after) != before+1 {
			continue
		}
		ours := after[before]
		resp, err := runSDK(in, ours.Headers["x-tc-timestamp"])
		check(err == nil, "%s: the Go SDK's request succeeded (%v)", in.what, err)
		if err == nil {
			var r struct {
				Response struct{ NameRepeatErr string }
			}
			_ = stdjson.Unmarshal(resp.GetBody(), &r)
			check(r.Response.NameRepeatErr != "", "%s: the SDK's request found the registry ours created", in.what)
		}
		last := apiRecords()
		check(len(last) == before+2, "%s: the SDK sent one request (%d)", in.what, len(last)-before-1)
		if len(last) == before+2 {
			compare(in, ours, last[before+1])
		}
	}

	// The SDK untouched: its own timestamp, its signature is TC3's too.
	before := len(apiRecords())
	_, err := runSDK(cases[0], "")
	check(err == nil, "the SDK with its own timestamp: the request succeeded (%v)", err)
	last := apiRecords()
	if len(last) == before+1 {
		r := last[before]
		a, ok := parseAuthorization(r.Headers["authorization"])
		ts := r.Headers["x-tc-timestamp"]
		check(ok && r.outcome() == "ok" && tc3(r, a, r.body(), ts, cases[0].cred.key).signature == a.Signature &&
			a.Date == utcDate(ts) && a.SignedHeaders == "content-type;host",
			"the SDK with its own timestamp %s: signed content-type;host, the signature is TC3's for its bytes", ts)
	} else {
		check(false, "the SDK with its own timestamp sent one request (%d)", len(last)-before)
	}

	if len(failures) > 0 {
		fmt.Printf("go_sdk_oracle: %d check(s) failed\n", len(failures))
		os.Exit(1)
	}
	fmt.Println("go_sdk_oracle: all checks passed")
}
