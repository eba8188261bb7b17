// The credential chain: precedence (options > environment > profile files),
// profile selection, half-set pairs at every step, "nothing found" messages,
// the INI reader's edge cases, and that no message ever carries a secret.
//
// The environment is injected (a map behind a GetEnv) and HOME is a fresh
// mkdtemp() folder per test, so nothing here reads or changes the real
// environment or the real home folder. /etc/tencentcloud/credentials cannot
// be redirected; tests whose outcome depends on it being absent are skipped
// on a machine that has one.
#include "credentials.hpp"
#include "error.hpp"

#include <tcss/tcss.h>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdarg>
#include <cstddef>
#include <csetjmp>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <string>
#include <vector>

extern "C" {
#include <cmocka.h>
}

namespace {

using tcss::Credentials;
using tcss::CredentialSettings;

// Secret values used throughout; no error message may contain any of them.
const char *const kSecrets[] = {
    "OptKey-9f8e7d6c5b4a",  "OptToken-0a1b2c3d",  "EnvKey-1122334455", "EnvToken-66778899",
    "FileKey-aabbccddeeff", "FileToken-ffeeddcc", "OtherKey-13579bdf",
};
const char *const kOptKey = kSecrets[0];
const char *const kOptToken = kSecrets[1];
const char *const kEnvKey = kSecrets[2];
const char *const kEnvToken = kSecrets[3];
const char *const kFileKey = kSecrets[4];
const char *const kFileToken = kSecrets[5];
const char *const kOtherKey = kSecrets[6];

const char *const kSystemFile = "/etc/tencentcloud/credentials";

bool system_file_exists() {
    struct stat sb {};
    return ::stat(kSystemFile, &sb) == 0;
}

// A scratch HOME with an optional ~/.tencentcloud/credentials, removed after.
struct Fixture {
    std::string home;
    std::map<std::string, std::string> env;

    Fixture() {
        char tmpl[] = "/tmp/tcss-cred-test-XXXXXX";
        assert_non_null(mkdtemp(tmpl));
        home = tmpl;
        env["HOME"] = home;
    }
    ~Fixture() {
        ::unlink(file().c_str());
        ::rmdir(file().c_str());  // when a test made it a directory
        ::rmdir((home + "/.tencentcloud").c_str());
        ::rmdir(home.c_str());
    }
    std::string file() const { return home + "/.tencentcloud/credentials"; }
    void write(const std::string &text) const {
        ::mkdir((home + "/.tencentcloud").c_str(), 0700);
        std::ofstream out(file(), std::ios::binary | std::ios::trunc);
        out << text;
        assert_true(static_cast<bool>(out));
    }
    tcss::GetEnv getenv() const {
        return [this](const char *name) -> const char * {
            auto it = env.find(name);
            return it == env.end() ? nullptr : it->second.c_str();
        };
    }
    Credentials resolve(const CredentialSettings &req) const { return tcss::resolve_credentials(req, getenv()); }
};

std::string file_with(const char *section, const char *id, const char *key, const char *token = nullptr) {
    std::string s = std::string("[") + section + "]\nsecret_id = " + id + "\nsecret_key = " + key + "\n";
    if (token) s += std::string("token = ") + token + "\n";
    return s;
}

void assert_no_secret(const std::string &msg) {
    for (const char *s : kSecrets)
        if (msg.find(s) != std::string::npos) fail_msg("error message leaks a secret: %s", msg.c_str());
}

void assert_contains(const std::string &haystack, const std::string &needle) {
    if (haystack.find(needle) == std::string::npos)
        fail_msg("expected \"%s\" in: %s", needle.c_str(), haystack.c_str());
}

// Runs f, asserts it throws Error(TCSS_ECREDENTIALS) whose message holds no
// secret, and returns the message.
template <typename F>
std::string expect_cred_error(F &&f) {
    try {
        f();
    } catch (const tcss::Error &e) {
        assert_int_equal(e.code(), TCSS_ECREDENTIALS);
        assert_no_secret(e.what());
        return e.what();
    }
    fail_msg("expected Error(TCSS_ECREDENTIALS), nothing was thrown");
    return {};
}

void assert_creds(const Credentials &c, const char *id, const char *key, const char *token, const std::string &source) {
    assert_string_equal(c.secret_id.c_str(), id);
    assert_string_equal(c.secret_key.c_str(), key);
    assert_string_equal(c.token.c_str(), token);
    assert_string_equal(c.source.c_str(), source.c_str());
}

/* ---- precedence ------------------------------------------------------- */

void test_options_beat_environment_and_file(void **) {
    Fixture f;
    f.env["TENCENTCLOUD_SECRET_ID"] = "AKIDENV";
    f.env["TENCENTCLOUD_SECRET_KEY"] = kEnvKey;
    f.env["TENCENTCLOUD_SESSION_TOKEN"] = kEnvToken;
    f.write(file_with("default", "AKIDFILE", kFileKey, kFileToken));
    CredentialSettings req;
    req.secret_id = "AKIDOPT";
    req.secret_key = kOptKey;
    // The environment's token belongs to the environment's key, never to ours.
    assert_creds(f.resolve(req), "AKIDOPT", kOptKey, "", "options");
    req.session_token = kOptToken;
    assert_creds(f.resolve(req), "AKIDOPT", kOptKey, kOptToken, "options");
}

void test_environment_beats_file(void **) {
    Fixture f;
    f.env["TENCENTCLOUD_SECRET_ID"] = "AKIDENV";
    f.env["TENCENTCLOUD_SECRET_KEY"] = kEnvKey;
    f.write(file_with("default", "AKIDFILE", kFileKey, kFileToken));
    assert_creds(f.resolve({}), "AKIDENV", kEnvKey, "", "environment");
    f.env["TENCENTCLOUD_SESSION_TOKEN"] = kEnvToken;
    assert_creds(f.resolve({}), "AKIDENV", kEnvKey, kEnvToken, "environment");
}

void test_file_when_nothing_else(void **) {
    Fixture f;
    f.write(file_with("default", "AKIDFILE", kFileKey, kFileToken));
    assert_creds(f.resolve({}), "AKIDFILE", kFileKey, kFileToken, f.file());
    // The file's token stays with the file's key; a stray environment token
    // without its pair is not mixed in.
    f.write(file_with("default", "AKIDFILE", kFileKey));
    f.env["TENCENTCLOUD_SESSION_TOKEN"] = kEnvToken;
    assert_creds(f.resolve({}), "AKIDFILE", kFileKey, "", f.file());
}

void test_empty_values_are_unset(void **) {
    Fixture f;
    f.env["TENCENTCLOUD_SECRET_ID"] = "";
    f.env["TENCENTCLOUD_SECRET_KEY"] = "";
    f.env["TENCENTCLOUD_PROFILE"] = "";
    f.write(file_with("default", "AKIDFILE", kFileKey));
    CredentialSettings req;
    req.secret_id = "";
    req.secret_key = "";
    req.session_token = "";
    req.profile = "";
    assert_creds(f.resolve(req), "AKIDFILE", kFileKey, "", f.file());
}

/* ---- profiles --------------------------------------------------------- */

const char *const kTwoProfiles = "[default]\nsecret_id = AKIDDEF\nsecret_key = FileKey-aabbccddeeff\n"
                                 "[ci]\nsecret_id = AKIDCI\nsecret_key = OtherKey-13579bdf\n";

void test_profile_from_environment(void **) {
    Fixture f;
    f.write(kTwoProfiles);
    assert_creds(f.resolve({}), "AKIDDEF", kFileKey, "", f.file());
    f.env["TENCENTCLOUD_PROFILE"] = "ci";
    assert_creds(f.resolve({}), "AKIDCI", kOtherKey, "", f.file());
}

void test_explicit_profile_beats_environment_profile(void **) {
    Fixture f;
    f.write(kTwoProfiles);
    f.env["TENCENTCLOUD_PROFILE"] = "default";
    CredentialSettings req;
    req.profile = "ci";
    assert_creds(f.resolve(req), "AKIDCI", kOtherKey, "", f.file());
}

void test_named_profile_missing_is_an_error(void **) {
    if (system_file_exists()) skip();
    Fixture f;
    f.write(kTwoProfiles);
    CredentialSettings req;
    req.profile = "prod";
    std::string msg = expect_cred_error([&] { f.resolve(req); });
    assert_contains(msg, "[prod]");
    assert_contains(msg, "options.profile");
    assert_contains(msg, f.file());
    assert_contains(msg, kSystemFile);

    f.env["TENCENTCLOUD_PROFILE"] = "staging";
    msg = expect_cred_error([&] { f.resolve({}); });
    assert_contains(msg, "[staging]");
    assert_contains(msg, "TENCENTCLOUD_PROFILE");
}

/* ---- half-set pairs, at each step ------------------------------------- */

void test_half_set_options(void **) {
    Fixture f;
    f.env["TENCENTCLOUD_SECRET_ID"] = "AKIDENV";
    f.env["TENCENTCLOUD_SECRET_KEY"] = kEnvKey;
    CredentialSettings req;
    req.secret_id = "AKIDOPT";
    std::string msg = expect_cred_error([&] { f.resolve(req); });
    assert_contains(msg, "options");
    assert_contains(msg, "secret_key is not");

    req = {};
    req.secret_key = kOptKey;
    msg = expect_cred_error([&] { f.resolve(req); });
    assert_contains(msg, "options");
    assert_contains(msg, "secret_id is not");

    req = {};
    req.session_token = kOptToken;
    msg = expect_cred_error([&] { f.resolve(req); });
    assert_contains(msg, "session_token");
}

void test_half_set_environment(void **) {
    Fixture f;
    f.write(file_with("default", "AKIDFILE", kFileKey));  // must not paper over the mistake
    f.env["TENCENTCLOUD_SECRET_ID"] = "AKIDENV";
    std::string msg = expect_cred_error([&] { f.resolve({}); });
    assert_contains(msg, "environment");
    assert_contains(msg, "TENCENTCLOUD_SECRET_KEY is not set");

    f.env.erase("TENCENTCLOUD_SECRET_ID");
    f.env["TENCENTCLOUD_SECRET_KEY"] = kEnvKey;
    msg = expect_cred_error([&] { f.resolve({}); });
    assert_contains(msg, "TENCENTCLOUD_SECRET_ID is not set");

    // Explicit options come first, so a broken environment does not matter.
    CredentialSettings req;
    req.secret_id = "AKIDOPT";
    req.secret_key = kOptKey;
    assert_creds(f.resolve(req), "AKIDOPT", kOptKey, "", "options");
}

void test_half_set_file(void **) {
    Fixture f;
    f.write("[default]\nsecret_id = AKIDFILE\n");
    std::string msg = expect_cred_error([&] { f.resolve({}); });
    assert_contains(msg, f.file());
    assert_contains(msg, "[default]");
    assert_contains(msg, "no secret_key");

    f.write(std::string("[default]\nsecret_key = ") + kFileKey + "\ntoken = " + kFileToken + "\n");
    msg = expect_cred_error([&] { f.resolve({}); });
    assert_contains(msg, "no secret_id");

    f.write(std::string("[default]\ntoken = ") + kFileToken + "\n");
    msg = expect_cred_error([&] { f.resolve({}); });
    assert_contains(msg, "token");
}

/* ---- nothing anywhere ------------------------------------------------- */

void test_nothing_found_lists_every_place(void **) {
    if (system_file_exists()) skip();
    Fixture f;
    std::string msg = expect_cred_error([&] { f.resolve({}); });
    assert_contains(msg, "no credentials found");
    assert_contains(msg, "options");
    assert_contains(msg, "TENCENTCLOUD_SECRET_ID");
    assert_contains(msg, f.file() + " (no such file)");
    assert_contains(msg, std::string(kSystemFile) + " (no such file)");

    // A file without the default profile is looked at and said so.
    f.write(file_with("other", "AKIDFILE", kFileKey));
    msg = expect_cred_error([&] { f.resolve({}); });
    assert_contains(msg, f.file() + " (no credentials in profile [default])");

    f.env.erase("HOME");
    msg = expect_cred_error([&] { f.resolve({}); });
    assert_contains(msg, "$HOME not set");
    assert_contains(msg, kSystemFile);

    // A null GetEnv is "an empty environment".
    msg = expect_cred_error([&] { tcss::resolve_credentials({}, tcss::GetEnv{}); });
    assert_contains(msg, "$HOME not set");
}

void test_unreadable_files_are_errors(void **) {
    Fixture f;
    // Larger than the 64 KiB cap: refused, not read.
    f.write(file_with("default", "AKIDFILE", kFileKey) + std::string(64 * 1024, '#'));
    std::string msg = expect_cred_error([&] { f.resolve({}); });
    assert_contains(msg, f.file());
    assert_contains(msg, "64 KiB");

    // Exactly at the cap is still fine.
    std::string text = file_with("default", "AKIDFILE", kFileKey);
    text += "#" + std::string(64 * 1024 - text.size() - 2, 'x') + "\n";
    assert_int_equal(text.size(), 64 * 1024);
    f.write(text);
    assert_creds(f.resolve({}), "AKIDFILE", kFileKey, "", f.file());

    // A folder where the file should be.
    ::unlink(f.file().c_str());
    assert_int_equal(::mkdir(f.file().c_str(), 0700), 0);
    msg = expect_cred_error([&] { f.resolve({}); });
    assert_contains(msg, "not a regular file");
}

/* ---- INI reader ------------------------------------------------------- */

Credentials parse_ok(const std::string &text, const char *profile = "default") {
    auto c = tcss::parse_profile(text, profile, "test.ini");
    if (!c) fail_msg("profile [%s] not found in:\n%s", profile, text.c_str());
    return std::move(*c);
}

void test_ini_comments_spaces_and_blank_lines(void **) {
    const std::string text = "# a comment\n; another\n\n   [default]   \n  # secret_id = AKIDCOMMENTED\n"
                             "\tsecret_id\t=\tAKIDINI  \n; secret_key = nope\nsecret_key=" +
                             std::string(kFileKey) + "\n\n";
    assert_creds(parse_ok(text), "AKIDINI", kFileKey, "", "test.ini");
}

void test_ini_crlf_and_bom(void **) {
    const std::string text = "\xEF\xBB\xBF[default]\r\nsecret_id = AKIDCRLF\r\nsecret_key = " + std::string(kFileKey) +
                             "\r\ntoken = " + kFileToken + "\r\n";
    assert_creds(parse_ok(text), "AKIDCRLF", kFileKey, kFileToken, "test.ini");
    // Without a final line end too.
    assert_creds(parse_ok("[default]\r\nsecret_id=A\r\nsecret_key=B"), "A", "B", "", "test.ini");
}

void test_ini_section_not_found(void **) {
    assert_false(tcss::parse_profile("", "default", "x").has_value());
    assert_false(tcss::parse_profile(file_with("Default", "A", "B"), "default", "x").has_value());
    assert_false(tcss::parse_profile(file_with("default-2", "A", "B"), "default", "x").has_value());
    // Keys before any section belong to no profile.
    assert_false(tcss::parse_profile("secret_id = A\nsecret_key = B\n", "default", "x").has_value());
    // A section that is there but names no key pair counts as absent.
    assert_false(tcss::parse_profile("[default]\nregion = ap-guangzhou\n", "default", "x").has_value());
}

void test_ini_duplicates_last_wins(void **) {
    const std::string text = "[default]\nsecret_id = AKIDOLD\nsecret_key = " + std::string(kOtherKey) +
                             "\n[other]\nsecret_id = AKIDOTHER\n[default]\nsecret_id = AKIDNEW\n"
                             "secret_key = " +
                             kFileKey + "\n";
    assert_creds(parse_ok(text), "AKIDNEW", kFileKey, "", "test.ini");
    assert_creds(parse_ok("[default]\nsecret_id=A\nsecret_key=B\nsecret_id=C\n"), "C", "B", "", "test.ini");
}

void test_ini_empty_value_unsets(void **) {
    // A later empty value un-sets an earlier one, leaving a half pair.
    const std::string msg = expect_cred_error([] {
        tcss::parse_profile("[default]\nsecret_id = A\nsecret_key = " + std::string(kFileKey) + "\nsecret_key =\n",
                            "default", "test.ini");
    });
    assert_contains(msg, "no secret_key");
    assert_contains(msg, "test.ini");
    // Both empty: nothing here.
    assert_false(tcss::parse_profile("[default]\nsecret_id =\nsecret_key = \ntoken=\n", "default", "x").has_value());
    // An empty token means permanent credentials.
    assert_creds(parse_ok("[default]\nsecret_id=A\nsecret_key=B\ntoken=\n"), "A", "B", "", "test.ini");
}

void test_ini_names_quotes_and_values(void **) {
    // Section names are trimmed and case-sensitive; key names are not.
    assert_creds(parse_ok("[ ci ]\nSECRET_ID = A\nSecret_Key = B\n", "ci"), "A", "B", "", "test.ini");
    // One pair of matching quotes is stripped; '=' inside a value is kept.
    assert_creds(parse_ok("[default]\nsecret_id = \"A\"\nsecret_key = 'k=v=='\ntoken = \"t'\n"), "A", "k=v==", "\"t'",
                 "test.ini");
    // Unknown keys are ignored.
    assert_creds(parse_ok("[default]\nregion = x\nsecret_id = A\nsecret_key = B\n"), "A", "B", "", "test.ini");
}

void test_ini_malformed_lines(void **) {
    // In the wanted section: an error naming the line, never its content.
    std::string msg = expect_cred_error(
        [] { tcss::parse_profile("[default]\nsecret_id = A\n" + std::string(kFileKey) + "\n", "default", "f.ini"); });
    assert_contains(msg, "f.ini");
    assert_contains(msg, "line 3");
    msg = expect_cred_error([] { tcss::parse_profile("[default]\n[broken\n", "default", "f.ini"); });
    assert_contains(msg, "line 2");
    // Elsewhere: none of our business.
    assert_creds(parse_ok("[other]\njunk line\n[broken\n[default]\nsecret_id=A\nsecret_key=B\n"), "A", "B", "",
                 "test.ini");
}

}  // namespace

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_options_beat_environment_and_file),
        cmocka_unit_test(test_environment_beats_file),
        cmocka_unit_test(test_file_when_nothing_else),
        cmocka_unit_test(test_empty_values_are_unset),
        cmocka_unit_test(test_profile_from_environment),
        cmocka_unit_test(test_explicit_profile_beats_environment_profile),
        cmocka_unit_test(test_named_profile_missing_is_an_error),
        cmocka_unit_test(test_half_set_options),
        cmocka_unit_test(test_half_set_environment),
        cmocka_unit_test(test_half_set_file),
        cmocka_unit_test(test_nothing_found_lists_every_place),
        cmocka_unit_test(test_unreadable_files_are_errors),
        cmocka_unit_test(test_ini_comments_spaces_and_blank_lines),
        cmocka_unit_test(test_ini_crlf_and_bom),
        cmocka_unit_test(test_ini_section_not_found),
        cmocka_unit_test(test_ini_duplicates_last_wins),
        cmocka_unit_test(test_ini_empty_value_unsets),
        cmocka_unit_test(test_ini_names_quotes_and_values),
        cmocka_unit_test(test_ini_malformed_lines),
    };
    return cmocka_run_group_tests_name("credentials", tests, nullptr, nullptr);
}
