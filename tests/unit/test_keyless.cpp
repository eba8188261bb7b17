// Keyless credential settings and answers, without a network: where the web
// identity and metadata settings come from (options, the Terraform
// provider's variables, TKE's), their checks, STS's and the metadata
// service's answers (keys read, refusals carrying the code and RequestId,
// the token never in a message), the refresh margin, and the chain's order
// with the "no credentials" message naming every source.
#include "client.hpp"
#include "credentials.hpp"
#include "keyless.hpp"
#include "unit.hpp"

#include <atomic>
#include <chrono>
#include <ctime>
#include <map>
#include <string>
#include <thread>
#include <vector>

using tcss::Credentials;
using tcss::GetEnv;
using tcss::TempCredentials;
using tcss::WebIdentityConfig;

namespace {

const char *const kToken = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1bml0LXRlc3QifQ.c2lnbmF0dXJlLXVuaXQtdGVzdA";

struct Env {
    std::map<std::string, std::string> vars;
    GetEnv get() const {
        return [this](const char *name) -> const char * {
            auto it = vars.find(name);
            return it == vars.end() ? nullptr : it->second.c_str();
        };
    }
};

tcss_client_options options() {
    tcss_client_options o = TCSS_CLIENT_OPTIONS_INIT;
    return o;
}

// The keyless part of the options, as the client hands it to the sources.
tcss::KeylessSettings keyless(const tcss_client_options &o) { return tcss::credential_settings(o).keyless; }

void test_not_configured_is_skipped(void **) {
    Env e;
    const WebIdentityConfig c = tcss::web_identity_config(keyless(options()), e.get(), "");
    assert_false(c.configured);
    assert_true(contains(c.skipped, "TENCENTCLOUD_ASSUME_ROLE_ARN"));
    // A role ARN alone (the Terraform provider's plain AssumeRole) is skipped too.
    e.vars["TENCENTCLOUD_ASSUME_ROLE_ARN"] = "qcs::cam::uin/1:roleName/r";
    const WebIdentityConfig d = tcss::web_identity_config(keyless(options()), e.get(), "");
    assert_false(d.configured);
    assert_true(contains(d.skipped, "no web identity token"));
}

void test_terraform_variables(void **) {
    Env e;
    e.vars["TENCENTCLOUD_ASSUME_ROLE_ARN"] = "qcs::cam::uin/1:roleName/ci";
    e.vars["TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN"] = std::string(kToken) + "\n";
    e.vars["TENCENTCLOUD_ASSUME_ROLE_SESSION_NAME"] = "job-42";
    e.vars["TENCENTCLOUD_ASSUME_ROLE_SESSION_DURATION"] = "900";
    e.vars["TCSS_STS_ENDPOINT"] = "http://127.0.0.1:9";
    const WebIdentityConfig c = tcss::web_identity_config(keyless(options()), e.get(), "ap-guangzhou");
    assert_true(c.configured);
    assert_string_equal(c.role_arn.c_str(), "qcs::cam::uin/1:roleName/ci");
    assert_string_equal(c.provider_id.c_str(), "OIDC");  // the default
    assert_string_equal(c.token.c_str(), kToken);        // the newline is not part of it
    assert_string_equal(c.session_name.c_str(), "job-42");
    assert_int_equal(c.duration, 900);
    assert_string_equal(c.region.c_str(), "ap-guangzhou");
    assert_string_equal(c.sts.url.c_str(), "http://127.0.0.1:9/");
}

void test_tke_variables_and_defaults(void **) {
    Env e;
    e.vars["TKE_ROLE_ARN"] = "qcs::cam::uin/1:roleName/tke";
    e.vars["TKE_PROVIDER_ID"] = "tke-oidc";
    e.vars["TKE_WEB_IDENTITY_TOKEN_FILE"] = "/var/run/secrets/token";
    e.vars["TKE_REGION"] = "ap-shanghai";
    e.vars["CI_JOB_ID"] = "1234";
    const WebIdentityConfig c = tcss::web_identity_config(keyless(options()), e.get(), "");
    assert_true(c.configured);
    assert_string_equal(c.provider_id.c_str(), "tke-oidc");
    assert_string_equal(c.token_file.c_str(), "/var/run/secrets/token");
    assert_string_equal(c.token_source.c_str(), "TKE_WEB_IDENTITY_TOKEN_FILE");
    assert_string_equal(c.region.c_str(), "ap-shanghai");
    assert_string_equal(c.session_name.c_str(), "tcss-1234");
    assert_int_equal(c.duration, tcss::kDefaultSessionDuration);
    assert_string_equal(c.sts.url.c_str(), "https://sts.intl.tencentcloudapi.com/");
    // The STS site follows the API endpoint's.
    const auto sts_for = [&](const char *api_host) {
        return tcss::web_identity_config(keyless(options()), e.get(), "", api_host).sts.url;
    };
    assert_string_equal(sts_for("tcss.tencentcloudapi.com").c_str(), "https://sts.tencentcloudapi.com/");
    assert_string_equal(sts_for("tcss.ap-guangzhou.tencentcloudapi.com").c_str(), "https://sts.tencentcloudapi.com/");
    assert_string_equal(sts_for("tcss.intl.tencentcloudapi.com").c_str(), "https://sts.intl.tencentcloudapi.com/");
    assert_string_equal(sts_for("127.0.0.1").c_str(), "https://sts.intl.tencentcloudapi.com/");
}

void test_options_win(void **) {
    Env e;
    e.vars["TENCENTCLOUD_ASSUME_ROLE_ARN"] = "qcs::cam::uin/1:roleName/env";
    e.vars["TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN"] = "env-token-not-used";
    tcss_client_options o = options();
    o.role_arn = "qcs::cam::uin/1:roleName/opt";
    o.web_identity_token_file = "/tmp/token-file";
    o.provider_id = "GitLab";
    o.role_session_name = "opt-session";
    o.session_duration = 3600;
    o.sts_endpoint = "http://localhost:8081";
    const WebIdentityConfig c = tcss::web_identity_config(keyless(o), e.get(), "");
    assert_string_equal(c.role_arn.c_str(), "qcs::cam::uin/1:roleName/opt");
    assert_true(c.token.empty());
    assert_string_equal(c.token_file.c_str(), "/tmp/token-file");
    assert_string_equal(c.provider_id.c_str(), "GitLab");
    assert_int_equal(c.duration, 3600);
    assert_string_equal(c.sts.url.c_str(), "http://localhost:8081/");
}

void test_bad_settings(void **) {
    Env e;
    e.vars["TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN"] = kToken;
    std::string m =
        expect_error(TCSS_ECREDENTIALS, [&] { tcss::web_identity_config(keyless(options()), e.get(), ""); });
    assert_true(contains(m, "no role ARN"));
    assert_false(contains(m, kToken));
    e.vars["TENCENTCLOUD_ASSUME_ROLE_ARN"] = "qcs::cam::uin/1:roleName/ci";
    for (const char *bad : {"0", "43201", "12x", "-5"}) {
        e.vars["TENCENTCLOUD_ASSUME_ROLE_SESSION_DURATION"] = bad;
        m = expect_error(TCSS_EINVAL, [&] { tcss::web_identity_config(keyless(options()), e.get(), ""); });
        assert_true(contains(m, "TENCENTCLOUD_ASSUME_ROLE_SESSION_DURATION"));
    }
    e.vars.erase("TENCENTCLOUD_ASSUME_ROLE_SESSION_DURATION");
    e.vars["TENCENTCLOUD_ASSUME_ROLE_SESSION_NAME"] = "has space";
    expect_error(TCSS_EINVAL, [&] { tcss::web_identity_config(keyless(options()), e.get(), ""); });
    e.vars.erase("TENCENTCLOUD_ASSUME_ROLE_SESSION_NAME");
    // The same rule as the API endpoint: plain http only for loopback.
    e.vars["TCSS_STS_ENDPOINT"] = "http://sts.example.com";
    m = expect_error(TCSS_EINVAL, [&] { tcss::web_identity_config(keyless(options()), e.get(), ""); });
    assert_true(contains(m, "TCSS_STS_ENDPOINT"));
    e.vars.erase("TCSS_STS_ENDPOINT");
    e.vars["TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN"] = "two words";
    m = expect_error(TCSS_ECREDENTIALS, [&] { tcss::web_identity_config(keyless(options()), e.get(), ""); });
    assert_false(contains(m, "two words"));
    // The role_arn option without a token is no longer an error here: it is
    // the AssumeRole source's (signed with the base keys).
    tcss_client_options o = options();
    o.role_arn = "qcs::cam::uin/1:roleName/ci";
    e.vars.erase("TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN");
    const WebIdentityConfig c = tcss::web_identity_config(keyless(o), e.get(), "");
    assert_false(c.configured);
    assert_true(contains(c.skipped, "role_arn is set but no web identity token is"));
}

void test_session_name_from_ci(void **) {
    Env e;
    e.vars["BUILD_TAG"] = "jenkins-folder/job name-7";
    const std::string n = tcss::default_session_name(e.get());
    assert_string_equal(n.c_str(), "tcss-jenkins-folder-job-name-7");
    Env none;
    assert_true(tcss::default_session_name(none.get()).rfind("tcss-", 0) == 0);
}

void test_metadata_settings(void **) {
    Env e;
    tcss::MetadataConfig m = tcss::metadata_config(keyless(options()), e.get());
    assert_true(m.enabled);
    assert_string_equal(m.base.c_str(), "http://metadata.tencentyun.com");
    e.vars["TCSS_METADATA_ENDPOINT"] = "http://127.0.0.1:8099/";
    e.vars["TENCENTCLOUD_CAM_ROLE_NAME"] = "cvm-role";
    m = tcss::metadata_config(keyless(options()), e.get());
    assert_string_equal(m.base.c_str(), "http://127.0.0.1:8099");
    assert_string_equal(m.role.c_str(), "cvm-role");
    e.vars["TCSS_NO_METADATA"] = "1";
    m = tcss::metadata_config(keyless(options()), e.get());
    assert_false(m.enabled);
    assert_true(contains(m.skipped, "TCSS_NO_METADATA"));
    e.vars["TCSS_NO_METADATA"] = "0";
    tcss_client_options o = options();
    o.no_metadata = 1;
    m = tcss::metadata_config(keyless(o), e.get());
    assert_false(m.enabled);
    assert_true(contains(m.skipped, "no_metadata"));
    e.vars["TCSS_METADATA_ENDPOINT"] = "http://127.0.0.1:8099/latest/meta-data";
    expect_error(TCSS_EINVAL, [&] { tcss::metadata_config(keyless(options()), e.get()); });
}

WebIdentityConfig sts_config() {
    Env e;
    e.vars["TENCENTCLOUD_ASSUME_ROLE_ARN"] = "qcs::cam::uin/1:roleName/ci";
    e.vars["TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN"] = kToken;
    e.vars["TENCENTCLOUD_ASSUME_ROLE_SESSION_DURATION"] = "3600";
    return tcss::web_identity_config(keyless(options()), e.get(), "");
}

void test_sts_success(void **) {
    const long long exp = static_cast<long long>(std::time(nullptr)) + 3600;
    const std::string body = "{\"Response\":{\"Credentials\":{\"Token\":\"tmp-token-1234\",\"TmpSecretId\":"
                             "\"AKIDTMPUNIT0001\",\"TmpSecretKey\":\"tmp-key-5678\"},\"ExpiredTime\":" +
                             std::to_string(exp) + ",\"RequestId\":\"r-1\"}}";
    const TempCredentials t = tcss::parse_sts_response(body, 200, sts_config());
    assert_string_equal(t.creds.secret_id.c_str(), "AKIDTMPUNIT0001");
    assert_string_equal(t.creds.secret_key.c_str(), "tmp-key-5678");
    assert_string_equal(t.creds.token.c_str(), "tmp-token-1234");
    assert_int_equal(t.expired_time, exp);
    assert_int_equal(t.refresh_at, exp - 360);  // a tenth of DurationSeconds, as the Go SDK
}

void test_short_lifetime_refreshes_at_half(void **) {
    const long long exp = static_cast<long long>(std::time(nullptr)) + 10;
    const std::string body = "{\"Response\":{\"Credentials\":{\"Token\":\"tmp-token-1234\",\"TmpSecretId\":"
                             "\"AKIDTMPUNIT0001\",\"TmpSecretKey\":\"tmp-key-5678\"},\"ExpiredTime\":" +
                             std::to_string(exp) + ",\"RequestId\":\"r-1\"}}";
    const TempCredentials t = tcss::parse_sts_response(body, 200, sts_config());
    assert_true(t.refresh_at >= exp - 5 && t.refresh_at < exp);
}

void test_sts_refusal(void **) {
    const std::string body =
        std::string("{\"Response\":{\"Error\":{\"Code\":\"InvalidParameter.WebIdentityTokenError\","
                    "\"Message\":\"bad token ") +
        kToken + "\\n\"},\"RequestId\":\"req-9\"}}";
    try {
        tcss::parse_sts_response(body, 200, sts_config());
        fail_msg("no error");
    } catch (const tcss::Error &e) {
        assert_int_equal(e.code(), TCSS_ECREDENTIALS);
        assert_string_equal(e.info().service_code.c_str(), "InvalidParameter.WebIdentityTokenError");
        assert_string_equal(e.info().request_id.c_str(), "req-9");
        assert_false(contains(e.info().message, kToken));
        assert_false(contains(e.info().service_message, kToken));
        assert_false(contains(e.info().service_message, "\n"));
        assert_true(contains(e.info().message, "RequestId req-9"));
    }
    // A token read from a file is masked too.
    WebIdentityConfig from_file = sts_config();
    from_file.token.wipe();
    const std::string m =
        expect_error(TCSS_ECREDENTIALS, [&] { tcss::parse_sts_response(body, 200, from_file, kToken); });
    assert_false(contains(m, kToken));
    assert_true(contains(m, "********"));
    // Not an STS answer (a proxy's 502 page): a bad response, not a refusal.
    expect_error(TCSS_EBADRESPONSE, [] { tcss::parse_sts_response("<html>", 502, sts_config()); });
    expect_error(TCSS_ECREDENTIALS, [] {
        tcss::parse_sts_response("{\"Response\":{\"Credentials\":{},\"ExpiredTime\":1}}", 200, sts_config());
    });
}

void test_metadata_answers(void **) {
    const long long exp = static_cast<long long>(std::time(nullptr)) + 7200;
    const std::string ok = "{\"TmpSecretId\":\"AKIDCVMUNIT0001\",\"TmpSecretKey\":\"cvm-key-1234\",\"ExpiredTime\":" +
                           std::to_string(exp) + ",\"Token\":\"cvm-token-5678\",\"Code\":\"Success\"}";
    const TempCredentials t = tcss::parse_metadata_credentials(ok, "role");
    assert_string_equal(t.creds.secret_id.c_str(), "AKIDCVMUNIT0001");
    assert_int_equal(t.refresh_at, exp - 300);  // the Go SDK's ExpiredTimeout
    try {
        tcss::parse_metadata_credentials("{\"Code\":\"Forbidden\"}", "role");
        fail_msg("no error");
    } catch (const tcss::Error &e) {
        assert_int_equal(e.code(), TCSS_ECREDENTIALS);
        assert_string_equal(e.info().service_code.c_str(), "Forbidden");
    }
    expect_error(TCSS_ECREDENTIALS, [] { tcss::parse_metadata_credentials("not json", "role"); });
}

// A source that records that it was asked, and answers or is skipped.
class FakeSource final : public tcss::CredentialsProvider {
  public:
    FakeSource(std::string &order, char tag, const char *answer) : order_(order), tag_(tag), answer_(answer) {}
    std::optional<tcss::Fetched> fetch(tcss::Looked &looked, tcss::Deadline) override {
        order_ += tag_;
        if (answer_ == nullptr) {
            looked.push_back(std::string(1, tag_) == "w" ? "web identity (WI-REASON)"
                                                         : "CVM instance role (CVM-REASON)");
            return std::nullopt;
        }
        tcss::Fetched f;
        f.creds.secret_id = "AKIDFAKE0001";
        f.creds.secret_key = "fake-key";
        f.creds.source = answer_;
        return f;
    }
    std::optional<std::string> would_use(tcss::Looked &looked) override {
        if (answer_ != nullptr) return std::string(answer_);
        looked.push_back(std::string(1, tag_) + " (skipped)");
        return std::nullopt;
    }

  private:
    std::string &order_;
    char tag_;
    const char *answer_;
};

// The default chain's order with the two keyless sources faked.
Credentials resolve_with(const tcss::CredentialSettings &settings, const Env &e, std::string &order,
                         const char *web_answer) {
    const tcss::ProviderContext ctx(settings, e.get());
    std::vector<tcss::ProviderPtr> sources;
    sources.push_back(tcss::options_provider(ctx));
    sources.push_back(tcss::environment_provider(ctx));
    sources.push_back(std::make_unique<FakeSource>(order, 'w', web_answer));
    sources.push_back(tcss::profile_provider(ctx));
    sources.push_back(std::make_unique<FakeSource>(order, 'c', nullptr));
    tcss::CachingProvider cache(std::make_unique<tcss::ChainProvider>(std::move(sources)));
    cache.resolve(tcss::Deadline::max());
    return cache.get(tcss::Deadline::max());
}

void test_chain_order_and_message(void **) {
    Env e;
    e.vars["HOME"] = "/nonexistent-home-for-test";
    std::string order;
    const tcss::CredentialSettings none;
    const std::string m = expect_error(TCSS_ECREDENTIALS, [&] { resolve_with(none, e, order, nullptr); });
    assert_string_equal(order.c_str(), "wc");
    const auto wi = m.find("web identity (WI-REASON)"), files = m.find("/etc/tencentcloud/credentials"),
               cvm = m.find("CVM instance role (CVM-REASON)"), env = m.find("environment (");
    assert_true(env < wi && wi < files && files < cvm && cvm != std::string::npos);
    // Environment keys come before web identity; web identity before the files.
    e.vars["TENCENTCLOUD_SECRET_ID"] = "AKIDENV0001";
    e.vars["TENCENTCLOUD_SECRET_KEY"] = "env-key";
    order.clear();
    assert_string_equal(resolve_with(none, e, order, nullptr).source.c_str(), "environment");
    assert_string_equal(order.c_str(), "");
    e.vars.erase("TENCENTCLOUD_SECRET_ID");
    e.vars.erase("TENCENTCLOUD_SECRET_KEY");
    assert_string_equal(resolve_with(none, e, order, "web").source.c_str(), "web");
    // A profile asked for by name gets no CVM fallback.
    order.clear();
    tcss::CredentialSettings req;
    req.profile = "prod";
    expect_error(TCSS_ECREDENTIALS, [&] { resolve_with(req, e, order, nullptr); });
    assert_string_equal(order.c_str(), "w");
}

// A source that talks to a service (as STS and the metadata service do):
// slow, and counts what it is asked.
class SlowService final : public tcss::CredentialsProvider {
  public:
    explicit SlowService(bool answers) : answers_(answers) {}
    std::optional<tcss::Fetched> fetch(tcss::Looked &, tcss::Deadline deadline) override {
        ++fetches;
        deadline_seen = deadline;
        std::this_thread::sleep_for(std::chrono::milliseconds(600));
        tcss::Fetched f;
        f.creds.secret_id = "AKIDSERVICE0001";
        f.creds.secret_key = "service-key";
        f.creds.token = "service-token";
        return f;
    }
    std::optional<std::string> would_use(tcss::Looked &looked) override {
        ++asked;
        if (answers_) return std::string("the service");
        looked.push_back("the service (not configured)");
        return std::nullopt;
    }
    bool talks_to_a_service() const override { return true; }
    std::atomic<int> fetches{0}, asked{0};
    tcss::Deadline deadline_seen{};

  private:
    bool answers_;
};

// Issue 21 item 2: making the client (prepare) asks a service's source only
// whether it would answer; the first get fetches, with that call's deadline,
// once for all the threads calling; one whose deadline passes while waiting
// says it waited for credentials.
void test_service_source_is_fetched_by_the_first_call_once(void **) {
    auto owned = std::make_unique<SlowService>(true);
    SlowService &service = *owned;
    std::vector<tcss::ProviderPtr> sources;
    sources.push_back(std::move(owned));
    tcss::CachingProvider cache(std::make_unique<tcss::ChainProvider>(std::move(sources)));
    assert_false(cache.prepare().has_value());
    assert_int_equal(service.asked.load(), 1);
    assert_int_equal(service.fetches.load(), 0);

    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    std::vector<std::thread> callers;
    std::atomic<int> got{0};
    for (int i = 0; i < 4; ++i)
        callers.emplace_back([&] {
            if (cache.get(deadline).secret_id == "AKIDSERVICE0001") ++got;
        });
    while (service.fetches.load() == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));  // one is fetching
    const auto start = std::chrono::steady_clock::now();
    const std::string m = expect_error(TCSS_ETIMEOUT, [&] { cache.get(start + std::chrono::milliseconds(50)); });
    const auto waited = std::chrono::steady_clock::now() - start;
    for (auto &t : callers) t.join();
    assert_int_equal(got.load(), 4);
    assert_int_equal(service.fetches.load(), 1);
    assert_true(service.deadline_seen == deadline);
    assert_true(contains(m, "waiting for credentials"));
    assert_false(contains(m, "rate limiter"));
    assert_true(waited < std::chrono::milliseconds(250));
    cache.get(deadline);
    assert_int_equal(service.fetches.load(), 1);
}

// prepare reads a local source at once (after a service's source that would
// not answer), and refuses when nothing would answer, without fetching.
void test_prepare_reads_local_sources_and_refuses_none(void **) {
    Env e;
    e.vars["HOME"] = "/nonexistent-home-for-test";
    e.vars["TENCENTCLOUD_SECRET_ID"] = "AKIDENV0001";
    e.vars["TENCENTCLOUD_SECRET_KEY"] = "env-key";
    const tcss::CredentialSettings none;
    const tcss::ProviderContext ctx(none, e.get());
    // The service's source (it would not answer), then the environment.
    const auto chain = [&](SlowService *&service) {
        auto owned = std::make_unique<SlowService>(false);
        service = owned.get();
        std::vector<tcss::ProviderPtr> sources;
        sources.push_back(std::move(owned));
        sources.push_back(tcss::environment_provider(ctx));
        return std::make_unique<tcss::CachingProvider>(std::make_unique<tcss::ChainProvider>(std::move(sources)));
    };
    SlowService *service = nullptr;
    {
        auto cache = chain(service);
        const std::optional<Credentials> c = cache->prepare();
        assert_true(c.has_value());
        assert_string_equal(c->source.c_str(), "environment");
        assert_int_equal(service->fetches.load(), 0);
    }
    e.vars.clear();
    e.vars["HOME"] = "/nonexistent-home-for-test";
    auto cache = chain(service);
    const std::string m = expect_error(TCSS_ECREDENTIALS, [&] { cache->prepare(); });
    assert_true(contains(m, "no credentials found; looked at: the service (not configured); environment ("));
    assert_int_equal(service->fetches.load(), 0);
}

}  // namespace

int main() {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_not_configured_is_skipped),
        cmocka_unit_test(test_terraform_variables),
        cmocka_unit_test(test_tke_variables_and_defaults),
        cmocka_unit_test(test_options_win),
        cmocka_unit_test(test_bad_settings),
        cmocka_unit_test(test_session_name_from_ci),
        cmocka_unit_test(test_metadata_settings),
        cmocka_unit_test(test_sts_success),
        cmocka_unit_test(test_short_lifetime_refreshes_at_half),
        cmocka_unit_test(test_sts_refusal),
        cmocka_unit_test(test_metadata_answers),
        cmocka_unit_test(test_chain_order_and_message),
        cmocka_unit_test(test_service_source_is_fetched_by_the_first_call_once),
        cmocka_unit_test(test_prepare_reads_local_sources_and_refuses_none),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
