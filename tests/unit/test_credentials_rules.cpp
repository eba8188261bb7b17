// The one SecretId rule (check_secret_id) at every place a SecretId comes
// from (options, environment, profile file) and where it is used (the
// signer): same rule, same error class (TCSS_ECREDENTIALS), a message that
// names the source and states the rule, never the value. And a FIFO at the
// profile path is refused at once instead of blocking the caller forever.
//
// The environment is injected and HOME is a fresh mkdtemp() folder.
#include <fstream>  // before cmocka, whose fail() macro breaks <ios>

#include "ascii.hpp"
#include "credentials.hpp"
#include "signer.hpp"
#include "unit.hpp"

#include <tcss/tcss.h>

#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <map>
#include <string>

namespace {

namespace ascii = tcss::ascii;

const char *const kRule = "the SecretId must be non-empty visible ASCII without spaces, control characters, ',' or '/'";
const char *const kGood = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE";
const char *const kBad[] = {
    "AKID SPACE",      "AKIDNEWLINE\n", "\tAKIDTAB", "AKID,Signature=forged",
    "AKID/2023-01-01", "AKID\x7f",      "AKID\x01",  "AKID\xc3\xa9",
};

struct Home {
    std::string dir;
    std::map<std::string, std::string> env;
    Home() {
        char tmpl[] = "/tmp/tcss-cred-rules-XXXXXX";
        assert_non_null(mkdtemp(tmpl));
        dir = tmpl;
        env["HOME"] = dir;
        assert_int_equal(::mkdir((dir + "/.tencentcloud").c_str(), 0700), 0);
    }
    ~Home() {
        ::unlink(file().c_str());
        ::rmdir(file().c_str());
        ::rmdir((dir + "/.tencentcloud").c_str());
        ::rmdir(dir.c_str());
    }
    std::string file() const { return dir + "/.tencentcloud/credentials"; }
    tcss::Credentials resolve(const tcss::CredentialSettings &req = {}) const {
        return tcss::resolve_credentials(req, [this](const char *name) -> const char * {
            auto it = env.find(name);
            return it == env.end() ? nullptr : it->second.c_str();
        });
    }
};

void assert_has(const std::string &hay, const std::string &needle) {
    if (!contains(hay, needle)) fail_msg("expected \"%s\" in: %s", needle.c_str(), hay.c_str());
}

// The message names `source`, states the rule and does not repeat the value.
void assert_rule_message(const std::string &msg, const std::string &source, const std::string &value) {
    assert_has(msg, source + ": " + kRule);
    if (!value.empty() && contains(msg, value)) fail_msg("message repeats the SecretId: %s", msg.c_str());
}

static_assert(ascii::iequals("Secret_ID", "secret_id") && !ascii::iequals("secret_i", "secret_id"));
static_assert(ascii::trim_blanks(" \t a b\t ") == "a b" && ascii::trim_blanks(" \n") == "\n");
static_assert(ascii::is_visible('!') && !ascii::is_visible(' ') && !ascii::is_visible('\x7f'));

void test_rule_itself(void **) {
    tcss::check_secret_id(kGood, "test");
    tcss::check_secret_id("AKID;x=\"", "test");  // visible ASCII: allowed
    for (const char *bad : kBad) {
        const std::string msg = expect_error(TCSS_ECREDENTIALS, [&] { tcss::check_secret_id(bad, "test"); });
        assert_rule_message(msg, "test", bad);
    }
    assert_rule_message(expect_error(TCSS_ECREDENTIALS, [] { tcss::check_secret_id("", "test"); }), "test", "");
}

void test_options_and_environment(void **) {
    Home h;
    for (const char *bad : kBad) {
        tcss::CredentialSettings req;
        req.secret_id = bad;
        req.secret_key = "OptKey-9f8e7d6c5b4a";
        std::string msg = expect_error(TCSS_ECREDENTIALS, [&] { h.resolve(req); });
        assert_rule_message(msg, "options: secret_id", bad);
        h.env["TENCENTCLOUD_SECRET_ID"] = bad;
        h.env["TENCENTCLOUD_SECRET_KEY"] = "EnvKey-1122334455";
        msg = expect_error(TCSS_ECREDENTIALS, [&] { h.resolve(); });
        assert_rule_message(msg, "environment: TENCENTCLOUD_SECRET_ID", bad);
        assert_false(contains(msg, "EnvKey-1122334455"));
    }
    h.env["TENCENTCLOUD_SECRET_ID"] = kGood;
    assert_string_equal(h.resolve().secret_id.c_str(), kGood);
}

void test_profile_file(void **) {
    Home h;
    {
        std::ofstream out(h.file(), std::ios::binary);
        out << "[default]\nsecret_id = AKID/forged\nsecret_key = FileKey-aabbccddeeff\n";
    }
    const std::string msg = expect_error(TCSS_ECREDENTIALS, [&] { h.resolve(); });
    assert_rule_message(msg, h.file() + ", profile [default]: secret_id", "AKID/forged");
    assert_false(contains(msg, "FileKey"));
    // parse_profile on its own applies it too.
    expect_error(TCSS_ECREDENTIALS,
                 [] { tcss::parse_profile("[p]\nsecret_id = \"AKID X\"\nsecret_key = k\n", "p", "x.ini"); });
}

void test_signer_same_rule(void **) {
    const std::string key = "SignerKey-0123456789";
    tcss::SignInput in;
    in.host = "tcss.tencentcloudapi.com";
    in.content_type = "application/json";
    in.service = "tcss";
    in.timestamp = 1700000000;
    in.secret_key = key;
    in.secret_id = kGood;
    tcss::tc3_sign(in);
    for (const char *bad : kBad) {
        in.secret_id = bad;
        assert_rule_message(expect_error(TCSS_ECREDENTIALS, [&] { tcss::tc3_sign(in); }), "signer", bad);
    }
    in.secret_id = "";
    assert_rule_message(expect_error(TCSS_ECREDENTIALS, [&] { tcss::tc3_sign(in); }), "signer", "");
}

// Without O_NONBLOCK, open() of a FIFO waits for a writer forever; the
// alarm turns that hang into a failed test instead of a stuck one.
void test_fifo_is_refused_at_once(void **) {
    Home h;
    assert_int_equal(::mkfifo(h.file().c_str(), 0600), 0);
    const auto start = std::chrono::steady_clock::now();
    ::alarm(10);
    const std::string msg = expect_error(TCSS_ECREDENTIALS, [&] { h.resolve(); });
    ::alarm(0);
    const auto took = std::chrono::steady_clock::now() - start;
    assert_true(took < std::chrono::seconds(2));
    assert_has(msg, "credentials file " + h.file() + " is not a regular file but a FIFO");
    assert_has(msg, "a credentials file must be a regular file");
}

void test_folder_is_named(void **) {
    Home h;
    assert_int_equal(::mkdir(h.file().c_str(), 0700), 0);
    assert_has(expect_error(TCSS_ECREDENTIALS, [&] { h.resolve(); }), "is not a regular file but a folder");
}

}  // namespace

int main() {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rule_itself),
        cmocka_unit_test(test_options_and_environment),
        cmocka_unit_test(test_profile_file),
        cmocka_unit_test(test_signer_same_rule),
        cmocka_unit_test(test_fifo_is_refused_at_once),
        cmocka_unit_test(test_folder_is_named),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
