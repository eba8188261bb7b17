// The credential sources against the ecosystem's conventions (issue 22) and
// the keyless hardening (issue 21), without a network: STS always gets a
// region and a RequestClient the SDKs accept; the session token under
// tccli's and Terraform's names; Terraform's JSON token file; the credentials
// file the Go SDK names and tccli's JSON profiles; a configured role before
// static keys; a dry run that names the source without using it; absurd
// expiries refused; STS errors classed (refusal, rate limit, bad response)
// and the web identity token masked piecewise.
// The standard headers first: cmocka defines fail(), which <regex> and
// <fstream> use as a member name.
#include <cstdio>
#include <ctime>
#include <fstream>
#include <map>
#include <regex>
#include <string>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

#include "credentials.hpp"
#include "keyless.hpp"
#include "transport.hpp"
#include "unit.hpp"

using tcss::GetEnv;

namespace {

// header.payload.signature, each segment recognisable.
const std::string kHeader = "eyJhbGciOiJSUzI1NiIsImtpZCI6InVuaXQifQ";
const std::string kPayload = "eyJzdWIiOiJyZXBvOmFjbWUvYXBwOnJlZjpyZWZzL2hlYWRzL21haW4ifQ";
const std::string kSignature = "U0lHTkFUVVJFLXVuaXQtdGVzdC1zZWdtZW50LTMtYWJjZGVm";
const std::string kJwt = kHeader + "." + kPayload + "." + kSignature;

struct Env {
    std::map<std::string, std::string> vars;
    GetEnv get() const {
        return [this](const char *name) -> const char * {
            auto it = vars.find(name);
            return it == vars.end() ? nullptr : it->second.c_str();
        };
    }
};

// A scratch HOME, removed at the end of the test.
struct Scratch {
    std::string dir;
    Scratch() {
        char tmpl[] = "/tmp/tcss-unit-creds-XXXXXX";
        dir = mkdtemp(tmpl);
    }
    ~Scratch() {
        const std::string cmd = "rm -rf '" + dir + "'";
        if (std::system(cmd.c_str()) != 0) std::fprintf(stderr, "could not remove %s\n", dir.c_str());
    }
    std::string write(const std::string &rel, const std::string &text) const {
        const std::string path = dir + "/" + rel;
        const std::size_t slash = path.rfind('/');
        mkdir(path.substr(0, slash).c_str(), 0700);
        std::ofstream(path) << text;
        return path;
    }
};

tcss::Fetched fetch_one(tcss::ProviderPtr p) {
    tcss::Looked looked;
    std::optional<tcss::Fetched> f = p->fetch(looked, tcss::Deadline::max());
    assert_true(f.has_value());
    return *f;
}

void test_sts_request_client_follows_the_sdk_rule(void **) {
    // tencentcloud-sdk-go and -python accept only ^[0-9a-zA-Z-_ ,;.]+$.
    const std::regex rule("^[0-9a-zA-Z\\-_ ,;.]+$");
    assert_true(std::regex_match(tcss::kStsRequestClient, rule));
    assert_true(std::string(tcss::kStsRequestClient).find('/') == std::string::npos);
    assert_true(contains(tcss::kStsRequestClient, TCSS_VERSION_STRING));
}

void test_sts_region_is_always_set(void **) {
    Env e;
    e.vars["TENCENTCLOUD_ASSUME_ROLE_ARN"] = "qcs::cam::uin/1:roleName/ci";
    e.vars["TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN"] = kJwt;
    const tcss::KeylessSettings none;
    // No region anywhere: the Go SDK's and Terraform's ap-guangzhou.
    assert_string_equal(tcss::web_identity_config(none, e.get(), "").region.c_str(), "ap-guangzhou");
    assert_string_equal(tcss::web_identity_config(none, e.get(), "ap-shanghai").region.c_str(), "ap-shanghai");
    e.vars["TKE_REGION"] = "ap-beijing";
    assert_string_equal(tcss::web_identity_config(none, e.get(), "").region.c_str(), "ap-beijing");
}

void test_session_token_under_every_name(void **) {
    const tcss::CredentialSettings settings;
    for (const char *name : {"TENCENTCLOUD_SESSION_TOKEN", "TENCENTCLOUD_TOKEN", "TENCENTCLOUD_SECURITY_TOKEN"}) {
        Env e;
        e.vars["TENCENTCLOUD_SECRET_ID"] = "AKIDTEMP0001";
        e.vars["TENCENTCLOUD_SECRET_KEY"] = "temp-key";
        e.vars[name] = "session-token-value-1";
        const tcss::ProviderContext ctx(settings, e.get());
        const tcss::Fetched f = fetch_one(tcss::environment_provider(ctx));
        assert_string_equal(f.creds.token.c_str(), "session-token-value-1");
        assert_true(contains(f.used, name));  // the log says which one was used
        assert_false(contains(f.used, "session-token-value-1"));
    }
    // The same value twice is fine; two different values are refused,
    // naming both variables and neither value.
    Env e;
    e.vars["TENCENTCLOUD_SECRET_ID"] = "AKIDTEMP0001";
    e.vars["TENCENTCLOUD_SECRET_KEY"] = "temp-key";
    e.vars["TENCENTCLOUD_SESSION_TOKEN"] = "session-token-value-1";
    e.vars["TENCENTCLOUD_SECURITY_TOKEN"] = "session-token-value-1";
    const tcss::ProviderContext same(settings, e.get());
    assert_string_equal(fetch_one(tcss::environment_provider(same)).creds.token.c_str(), "session-token-value-1");
    e.vars["TENCENTCLOUD_TOKEN"] = "session-token-value-2";
    const tcss::ProviderContext differ(settings, e.get());
    const std::string m = expect_error(TCSS_ECREDENTIALS, [&] { fetch_one(tcss::environment_provider(differ)); });
    assert_true(contains(m, "TENCENTCLOUD_SESSION_TOKEN") && contains(m, "TENCENTCLOUD_TOKEN"));
    assert_false(contains(m, "session-token-value"));
    // A CR/LF in any of them is refused naming that variable.
    Env crlf;
    crlf.vars["TENCENTCLOUD_SECRET_ID"] = "AKIDTEMP0001";
    crlf.vars["TENCENTCLOUD_SECRET_KEY"] = "temp-key";
    crlf.vars["TENCENTCLOUD_TOKEN"] = "tok\r\nX-Evil: 1";
    const tcss::ProviderContext bad(settings, crlf.get());
    const std::string m2 = expect_error(TCSS_ECREDENTIALS, [&] { fetch_one(tcss::environment_provider(bad)); });
    assert_true(contains(m2, "TENCENTCLOUD_TOKEN"));
}

void test_terraform_token_file_forms(void **) {
    assert_string_equal(tcss::token_of_file(kJwt + "\n", "f").c_str(), kJwt.c_str());
    const std::string compact = "{\"web_identity_token\":\"" + kJwt + "\"}";
    assert_string_equal(tcss::token_of_file(compact, "f").c_str(), kJwt.c_str());
    const std::string pretty = "{\n  \"web_identity_token\": \"" + kJwt + "\"\n}\n";
    assert_string_equal(tcss::token_of_file(pretty, "f").c_str(), kJwt.c_str());
    assert_string_equal(tcss::token_of_file("\n " + pretty, "f").c_str(), kJwt.c_str());
    const std::string wrong = "{\"token\": \"" + kJwt + "\"}";
    const std::string m = expect_error(TCSS_ECREDENTIALS, [&] { tcss::token_of_file(wrong, "the file"); });
    assert_true(contains(m, "web_identity_token") && contains(m, "the file"));
    assert_false(contains(m, kPayload));
    expect_error(TCSS_ECREDENTIALS, [&] { tcss::token_of_file("{\"web_identity_token\": 5}", "f"); });
    expect_error(TCSS_ECREDENTIALS, [&] { tcss::token_of_file("{\"web_identity_token\": \"a b\"}", "f"); });
}

void test_credentials_file_variable(void **) {
    Scratch s;
    s.write(".tencentcloud/credentials", "[default]\nsecret_id = AKIDHOME0001\nsecret_key = home-key\n");
    const std::string named =
        s.write("other/creds.ini", "[default]\nsecret_id = AKIDNAMED001\nsecret_key = named-key\n");
    Env e;
    e.vars["HOME"] = s.dir;
    const tcss::CredentialSettings settings;
    const tcss::ProviderContext home_ctx(settings, e.get());
    assert_string_equal(fetch_one(tcss::profile_provider(home_ctx)).creds.secret_id.c_str(), "AKIDHOME0001");
    e.vars["TENCENTCLOUD_CREDENTIALS_FILE"] = named;
    const tcss::ProviderContext ctx(settings, e.get());
    const tcss::Fetched f = fetch_one(tcss::profile_provider(ctx));
    assert_string_equal(f.creds.secret_id.c_str(), "AKIDNAMED001");
    assert_true(contains(f.used, named));
    // Named but absent: an error naming it, not another account's keys.
    e.vars["TENCENTCLOUD_CREDENTIALS_FILE"] = s.dir + "/missing.ini";
    const tcss::ProviderContext missing(settings, e.get());
    const std::string m = expect_error(TCSS_ECREDENTIALS, [&] { fetch_one(tcss::profile_provider(missing)); });
    assert_true(contains(m, "TENCENTCLOUD_CREDENTIALS_FILE") && contains(m, "missing.ini"));
}

void test_tccli_profiles(void **) {
    Scratch s;
    s.write(".tencentcloud/credentials", "[prod]\nsecret_id = AKIDINI00001\nsecret_key = ini-key\n");
    const std::string tccli =
        s.write(".tccli/prod.credential", "{\n    \"secretId\": \"AKIDTCCLI001\",\n    \"secretKey\": \"tccli-key\",\n"
                                          "    \"token\": \"tccli-token-1\"\n}\n");
    Env e;
    e.vars["HOME"] = s.dir;
    e.vars["TENCENTCLOUD_PROFILE"] = "prod";
    const tcss::CredentialSettings settings;
    const tcss::ProviderContext ctx(settings, e.get());
    const tcss::Fetched f = fetch_one(tcss::profile_provider(ctx));
    assert_string_equal(f.creds.secret_id.c_str(), "AKIDTCCLI001");
    assert_string_equal(f.creds.token.c_str(), "tccli-token-1");
    assert_true(contains(f.used, tccli));
    // Another profile name: no tccli file of that name, the INI file is read.
    e.vars["TENCENTCLOUD_PROFILE"] = "staging";
    s.write(".tencentcloud/credentials", "[staging]\nsecret_id = AKIDINI00002\nsecret_key = ini-key\n");
    const tcss::ProviderContext ctx2(settings, e.get());
    assert_string_equal(fetch_one(tcss::profile_provider(ctx2)).creds.secret_id.c_str(), "AKIDINI00002");
    // A broken tccli file is an error naming it, never quoting it.
    s.write(".tccli/broken.credential", "{\"secretId\": \"AKIDTCCLI002\"}");
    e.vars["TENCENTCLOUD_PROFILE"] = "broken";
    const tcss::ProviderContext ctx3(settings, e.get());
    const std::string m = expect_error(TCSS_ECREDENTIALS, [&] { fetch_one(tcss::profile_provider(ctx3)); });
    assert_true(contains(m, "broken.credential"));
    // A profile name that is not a file name is not looked up in ~/.tccli.
    e.vars["TENCENTCLOUD_PROFILE"] = "../prod";
    const tcss::ProviderContext ctx4(settings, e.get());
    expect_error(TCSS_ECREDENTIALS, [&] { fetch_one(tcss::profile_provider(ctx4)); });
}

// The default chain as the client builds it, with transports that lead
// nowhere: a dry run must not need them.
struct Chain {
    tcss::Transport sts{tcss::TransportConfig{}}, metadata{tcss::TransportConfig{}};
    tcss::CredentialSettings settings;
    Env env;
    tcss::ProviderContext ctx() {
        tcss::ProviderContext c(settings, env.get());
        c.transport = &sts;
        c.metadata_transport = &metadata;
        c.connect_timeout = std::chrono::milliseconds(200);
        c.timeout = std::chrono::milliseconds(200);
        return c;
    }
};

void test_a_configured_role_comes_before_static_keys(void **) {
    Chain c;
    c.env.vars["HOME"] = "/nonexistent-home-for-test";
    c.env.vars["TCSS_STS_ENDPOINT"] = "http://127.0.0.1:9";
    c.env.vars["TENCENTCLOUD_SECRET_ID"] = "AKIDBASE0001";
    c.env.vars["TENCENTCLOUD_SECRET_KEY"] = "base-key";
    assert_true(contains(tcss::dry_run_source(c.ctx()), "environment"));
    // Terraform's assume_role block: the role, the base keys sign AssumeRole.
    c.env.vars["TENCENTCLOUD_ASSUME_ROLE_ARN"] = "qcs::cam::uin/1:roleName/deploy";
    c.env.vars["TENCENTCLOUD_ASSUME_ROLE_SESSION_NAME"] = "tf-session";
    const std::string u = tcss::dry_run_source(c.ctx());
    assert_true(contains(u, "AssumeRole: role qcs::cam::uin/1:roleName/deploy"));
    assert_true(contains(u, "signed with environment"));
    // With a web identity token too, the unsigned exchange is used.
    c.env.vars["TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN"] = kJwt;
    const std::string w = tcss::dry_run_source(c.ctx());
    assert_true(contains(w, "AssumeRoleWithWebIdentity"));
    assert_false(contains(w, kPayload));
    // A role with nothing to sign AssumeRole: an error that says so.
    c.env.vars.erase("TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN");
    c.env.vars.erase("TENCENTCLOUD_SECRET_ID");
    c.env.vars.erase("TENCENTCLOUD_SECRET_KEY");
    c.env.vars["TCSS_NO_METADATA"] = "1";
    const std::string m = expect_error(TCSS_ECREDENTIALS, [&] { tcss::dry_run_source(c.ctx()); });
    assert_true(contains(m, "no credentials to sign AssumeRole"));
}

void test_dry_run_names_the_source_without_using_it(void **) {
    Chain c;
    c.env.vars["HOME"] = "/nonexistent-home-for-test";
    // STS and the metadata service on a port where nothing listens: an
    // exchange would fail; the dry run answers.
    c.env.vars["TCSS_STS_ENDPOINT"] = "http://127.0.0.1:9";
    c.env.vars["TCSS_METADATA_ENDPOINT"] = "http://127.0.0.1:9";
    const auto start = std::chrono::steady_clock::now();
    std::string u = tcss::dry_run_source(c.ctx());
    assert_true(contains(u, "CVM instance role") && contains(u, "not contacted"));
    c.env.vars["TENCENTCLOUD_ASSUME_ROLE_ARN"] = "qcs::cam::uin/1:roleName/ci";
    c.env.vars["TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN"] = kJwt;
    u = tcss::dry_run_source(c.ctx());
    assert_true(contains(u, "web identity") && contains(u, "not sent"));
    assert_false(contains(u, kHeader) || contains(u, kPayload) || contains(u, kSignature));
    c.env.vars.erase("TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN");
    c.env.vars["ACTIONS_ID_TOKEN_REQUEST_URL"] = "http://127.0.0.1:9/_apis/token?api-version=2.0";
    c.env.vars["ACTIONS_ID_TOKEN_REQUEST_TOKEN"] = "gh-request-token-secret";
    u = tcss::dry_run_source(c.ctx());
    assert_true(contains(u, "GitHub Actions") && contains(u, "not fetched"));
    assert_true(contains(u, "audience sts.tencentcloudapi.com"));
    assert_false(contains(u, "gh-request-token-secret"));
    assert_true(std::chrono::steady_clock::now() - start < std::chrono::seconds(1));
    // Nothing at all: the chain's own error.
    Chain none;
    none.env.vars["HOME"] = "/nonexistent-home-for-test";
    none.env.vars["TCSS_NO_METADATA"] = "1";
    const std::string m = expect_error(TCSS_ECREDENTIALS, [&] { tcss::dry_run_source(none.ctx()); });
    assert_true(contains(m, "no credentials found; looked at: ") && contains(m, "GitHub Actions ("));
}

void test_github_actions_settings(void **) {
    Chain c;
    c.env.vars["HOME"] = "/nonexistent-home-for-test";
    c.env.vars["TCSS_NO_METADATA"] = "1";
    c.env.vars["ACTIONS_ID_TOKEN_REQUEST_URL"] = "http://token.example.com/x";
    c.env.vars["ACTIONS_ID_TOKEN_REQUEST_TOKEN"] = "gh-request-token-secret";
    // No role: skipped, saying why.
    std::string m = expect_error(TCSS_ECREDENTIALS, [&] { tcss::dry_run_source(c.ctx()); });
    assert_true(contains(m, "GitHub Actions (no role ARN"));
    c.env.vars["TENCENTCLOUD_ASSUME_ROLE_ARN"] = "qcs::cam::uin/1:roleName/ci";
    // Plain http to anything but loopback is refused before anything is sent.
    m = expect_error(TCSS_EINVAL, [&] { tcss::dry_run_source(c.ctx()); });
    assert_true(contains(m, "ACTIONS_ID_TOKEN_REQUEST_URL"));
    c.env.vars["ACTIONS_ID_TOKEN_REQUEST_URL"] = "https://token.example.com/x?api-version=2.0";
    c.env.vars["TCSS_OIDC_AUDIENCE"] = "my-audience";
    assert_true(contains(tcss::dry_run_source(c.ctx()), "audience my-audience"));
}

std::string with_expiry(const std::string &exp) {
    return "{\"Response\":{\"Credentials\":{\"TmpSecretId\":\"AKIDTMP00001\",\"TmpSecretKey\":\"tmp-key\","
           "\"Token\":\"tmp-token\"},\"ExpiredTime\":" +
           exp + ",\"RequestId\":\"r\"}}";
}

tcss::WebIdentityConfig sts_config() {
    tcss::WebIdentityConfig c;
    c.role_arn = "qcs::cam::uin/1:roleName/ci";
    c.token = kJwt.c_str();
    c.token_source = "TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN";
    c.sts.url = "https://sts.tencentcloudapi.com/";
    return c;
}

void test_absurd_expiry_is_a_bad_response(void **) {
    const long long now = static_cast<long long>(std::time(nullptr));
    const tcss::Fetched ok = tcss::parse_sts_response(with_expiry(std::to_string(now + 3600)), 200, sts_config());
    assert_int_equal(ok.expired_time, now + 3600);
    // In the past, or beyond any plausible lifetime; 2^63 and more must not
    // reach an int64 cast (UBSan would report it).
    for (const std::string &bad : {std::string("1"), std::to_string(now - 100), std::to_string(now),
                                   std::string("1e300"), std::string("9.3e18"), std::string("9223372036854775808"),
                                   std::string("1e999"), std::string("-1e999"), std::to_string(now + 30 * 86400)}) {
        try {
            tcss::parse_sts_response(with_expiry(bad), 200, sts_config());
            fail_msg("ExpiredTime %s was accepted", bad.c_str());
        } catch (const tcss::Error &e) {
            assert_true(e.code() == TCSS_EBADRESPONSE || e.code() == TCSS_ECREDENTIALS);
            assert_true(contains(e.info().message, "ExpiredTime"));
        }
    }
    // The metadata service's answer gets the same rule.
    const std::string cvm = "{\"TmpSecretId\":\"AKIDCVM00001\",\"TmpSecretKey\":\"k\",\"Token\":\"t\","
                            "\"Code\":\"Success\",\"ExpiredTime\":1e300}";
    expect_error(TCSS_EBADRESPONSE, [&] { tcss::parse_metadata_credentials(cvm, "role"); });
}

void test_sts_errors_have_the_class_of_what_happened(void **) {
    auto refusal = [](const std::string &code, long status) {
        const std::string body =
            "{\"Response\":{\"Error\":{\"Code\":\"" + code + "\",\"Message\":\"m\"},\"RequestId\":\"r\"}}";
        try {
            tcss::parse_sts_response(body, status, sts_config());
        } catch (const tcss::Error &e) {
            return e.info();
        }
        fail_msg("no error for %s", code.c_str());
        return tcss::ErrorInfo{};
    };
    tcss::ErrorInfo e = refusal("InvalidParameter.WebIdentityTokenError", 200);
    assert_int_equal(e.code, TCSS_ECREDENTIALS);
    assert_false(tcss::keyless::sts_transient(e));
    assert_true(contains(e.message, "STS refused the web identity"));
    e = refusal("RequestLimitExceeded", 200);
    assert_int_equal(e.code, TCSS_ERATELIMIT);
    assert_true(tcss::keyless::sts_transient(e));
    assert_false(contains(e.message, "refused"));
    e = refusal("InternalError", 503);
    assert_int_equal(e.code, TCSS_EBADRESPONSE);
    assert_true(tcss::keyless::sts_transient(e));
    e = refusal("InternalError.SystemError", 200);
    assert_true(tcss::keyless::sts_transient(e));
    try {
        tcss::parse_sts_response("<html>502 Bad Gateway</html>", 502, sts_config());
        fail_msg("no error");
    } catch (const tcss::Error &err) {
        assert_int_equal(err.code(), TCSS_EBADRESPONSE);
        assert_true(tcss::keyless::sts_transient(err.info()));
    }
    try {
        tcss::parse_sts_response("not json", 200, sts_config());
        fail_msg("no error");
    } catch (const tcss::Error &err) {
        assert_int_equal(err.code(), TCSS_EBADRESPONSE);
        assert_false(tcss::keyless::sts_transient(err.info()));  // a 200 that is garbage is not retried
    }
}

void test_token_masked_piecewise(void **) {
    // An STS error quoting the payload and the signature apart, and a
    // 12-byte piece out of the middle of the header.
    const std::string piece = kHeader.substr(7, 12);
    const std::string message =
        "token payload " + kPayload + " and signature " + kSignature + " near " + piece + " and the whole " + kJwt;
    const std::string body = "{\"Response\":{\"Error\":{\"Code\":\"InvalidParameter.WebIdentityTokenError\","
                             "\"Message\":\"" +
                             message + "\"},\"RequestId\":\"" + kPayload + "\"}}";
    try {
        tcss::parse_sts_response(body, 200, sts_config());
        fail_msg("no error");
    } catch (const tcss::Error &e) {
        for (const std::string &text : {e.info().message, e.info().service_message, e.info().request_id}) {
            assert_false(contains(text, kPayload));
            assert_false(contains(text, kSignature));
            assert_false(contains(text, piece));
            for (std::size_t i = 0; i + 12 <= kJwt.size(); ++i) assert_false(contains(text, kJwt.substr(i, 12)));
        }
        assert_true(contains(e.info().service_message, "token payload ********"));
    }
    // mask_pieces keeps what is not the token.
    assert_string_equal(tcss::keyless::mask_pieces("nothing secret here", kJwt).c_str(), "nothing secret here");
    assert_string_equal(tcss::keyless::mask_pieces("x" + kJwt.substr(3, 20) + "y", kJwt).c_str(), "x********y");
    // 11 bytes of it is no piece (ordinary words would be masked otherwise).
    assert_string_equal(tcss::keyless::mask_pieces(kSignature.substr(0, 11), "zz." + kSignature + "X.q").c_str(),
                        kSignature.substr(0, 11).c_str());
}

// Temporary credentials due for a refresh at once, whose refresh is slow.
class SlowRefresh final : public tcss::CredentialsProvider {
  public:
    std::optional<tcss::Fetched> fetch(tcss::Looked &, tcss::Deadline) override { return due(); }
    tcss::Fetched refresh(tcss::Deadline) override {
        std::this_thread::sleep_for(std::chrono::milliseconds(700));
        return due();
    }
    std::optional<std::string> would_use(tcss::Looked &) override { return std::string("slow"); }

  private:
    static tcss::Fetched due() {
        tcss::Fetched f;
        f.creds.secret_id = "AKIDSLOW0001";
        f.creds.secret_key = "slow-key";
        f.creds.token = "slow-token";
        f.expired_time = static_cast<std::int64_t>(std::time(nullptr)) + 3600;
        f.refresh_at = 1;  // due now
        return f;
    }
};

void test_waiting_for_a_refresh_ends_at_the_deadline(void **) {
    std::vector<tcss::ProviderPtr> sources;
    sources.push_back(std::make_unique<SlowRefresh>());
    tcss::CachingProvider cache(std::make_unique<tcss::ChainProvider>(std::move(sources)));
    cache.resolve(tcss::Deadline::max());
    std::thread refresher([&cache] { cache.get(tcss::Deadline::max()); });
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
    const auto start = std::chrono::steady_clock::now();
    const std::string m = expect_error(TCSS_ETIMEOUT, [&] { cache.get(start + std::chrono::milliseconds(100)); });
    const auto waited = std::chrono::steady_clock::now() - start;
    refresher.join();
    assert_true(contains(m, "waiting for credentials"));
    assert_false(contains(m, "rate limiter"));
    assert_true(waited < std::chrono::milliseconds(450));
}

void test_sts_retries_stay_within_the_deadline(void **) {
    // Nothing listens at port 9: a connection failure, retryable; ten
    // attempts allowed but only 700 ms.
    tcss::Transport transport{tcss::TransportConfig{}};
    const tcss::Logger log;
    const auto start = std::chrono::steady_clock::now();
    const tcss::ExchangeContext x{transport,
                                  std::chrono::milliseconds(200),
                                  std::chrono::milliseconds(200),
                                  start + std::chrono::milliseconds(700),
                                  log,
                                  10};
    int asked = 0;
    try {
        tcss::keyless::sts_call(
            x, "http://127.0.0.1:9/", "STS test",
            [&asked] {
                ++asked;
                return std::vector<tcss::SecretString>{};
            },
            tcss::SecretString("{}"),
            [](const tcss::HttpResponse &) -> tcss::Fetched {
                fail_msg("answered");
                return {};
            });
        fail_msg("no error");
    } catch (const tcss::Error &e) {
        assert_int_equal(e.code(), TCSS_ENETWORK);
        assert_true(contains(e.info().message, "STS test failed"));
        assert_true(e.info().attempts >= 2);
        assert_int_equal(static_cast<int>(e.info().attempts), asked);
    }
    assert_true(asked >= 2 && asked < 10);
    assert_true(std::chrono::steady_clock::now() - start < std::chrono::milliseconds(900));
}

}  // namespace

int main() {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sts_request_client_follows_the_sdk_rule),
        cmocka_unit_test(test_sts_region_is_always_set),
        cmocka_unit_test(test_session_token_under_every_name),
        cmocka_unit_test(test_terraform_token_file_forms),
        cmocka_unit_test(test_credentials_file_variable),
        cmocka_unit_test(test_tccli_profiles),
        cmocka_unit_test(test_a_configured_role_comes_before_static_keys),
        cmocka_unit_test(test_dry_run_names_the_source_without_using_it),
        cmocka_unit_test(test_github_actions_settings),
        cmocka_unit_test(test_absurd_expiry_is_a_bad_response),
        cmocka_unit_test(test_sts_errors_have_the_class_of_what_happened),
        cmocka_unit_test(test_token_masked_piecewise),
        cmocka_unit_test(test_waiting_for_a_refresh_ends_at_the_deadline),
        cmocka_unit_test(test_sts_retries_stay_within_the_deadline),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
