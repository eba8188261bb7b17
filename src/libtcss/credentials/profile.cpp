// Source: the profile files. The file TENCENTCLOUD_CREDENTIALS_FILE names,
// alone, when set (the Go SDK's variable); else tccli's JSON profile
// ~/.tccli/<profile>.credential ({"secretId", "secretKey", "token"?}, which
// the Terraform provider reads too) when one of that name exists, then
// ~/.tencentcloud/credentials and /etc/tencentcloud/credentials, INI
// sections with secret_id, secret_key and token, as the official SDKs read
// them. A profile named explicitly (the profile option or
// TENCENTCLOUD_PROFILE) and found nowhere ends the chain: that is what the
// caller wants, with no fallback to later sources.
#include "credentials.hpp"

#include "ascii.hpp"
#include "json.hpp"

#include <algorithm>

namespace tcss {
namespace {

constexpr const char *kSystemFile = "/etc/tencentcloud/credentials";
constexpr const char *kEnvProfile = "TENCENTCLOUD_PROFILE";
constexpr const char *kEnvFile = "TENCENTCLOUD_CREDENTIALS_FILE";

// One matching pair of quotes around a value is the INI way of keeping
// spaces; they are not part of the value.
std::string_view unquote(std::string_view v) {
    if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front())
        return v.substr(1, v.size() - 2);
    return v;
}

}  // namespace

namespace {

// The three keys of one profile as the file spells them (views into it).
struct ProfileKeys {
    std::string_view id, key, token;
};

// One "name = value" line inside the wanted section. Later keys win; an
// empty value un-sets the key; unknown keys are ignored.
void read_key_line(std::string_view line, ProfileKeys &keys, const std::string &where, std::size_t line_no) {
    const std::size_t eq = line.find('=');
    if (eq == std::string_view::npos)
        credentials_error(where + ": line " + std::to_string(line_no) + " is not 'key = value'");
    const std::string_view name = ascii::trim_blanks(line.substr(0, eq));
    const std::string_view value = unquote(ascii::trim_blanks(line.substr(eq + 1)));
    if (ascii::iequals(name, "secret_id"))
        keys.id = value;
    else if (ascii::iequals(name, "secret_key"))
        keys.key = value;
    else if (ascii::iequals(name, "token"))
        keys.token = value;
}

// The section's keys as credentials; nothing when it holds none.
std::optional<Credentials> profile_credentials(const ProfileKeys &k, const std::string &where,
                                               std::string_view origin) {
    if (!k.id.empty() && k.key.empty()) credentials_error(where + " has secret_id but no secret_key");
    if (k.id.empty() && !k.key.empty()) credentials_error(where + " has secret_key but no secret_id");
    if (k.id.empty()) {
        if (!k.token.empty()) credentials_error(where + " has a token but no secret_id and secret_key");
        return std::nullopt;
    }
    return make_credentials(k.id, k.key, k.token, std::string(origin), where + ": secret_id");
}

}  // namespace

std::optional<Credentials> parse_profile(std::string_view text, std::string_view profile, std::string_view origin) {
    const std::string where = std::string(origin) + ", profile [" + std::string(profile) + "]";
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    bool found = false, in_section = false;
    ProfileKeys keys;
    for (std::size_t line_no = 1; !text.empty(); ++line_no) {
        const std::size_t nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        line = ascii::trim_blanks(line);
        if (line.empty() || line.front() == '#' || line.front() == ';') continue;
        if (line.front() != '[') {
            if (in_section)  // other profiles are none of our business
                read_key_line(line, keys, where, line_no);
            continue;
        }
        if (line.back() != ']') {
            if (in_section)
                credentials_error(std::string(origin) + ": line " + std::to_string(line_no) +
                                  " opens a section but does not close it");
            continue;
        }
        // A repeated section continues the earlier one, as in Python's and
        // Go's INI readers.
        in_section = ascii::trim_blanks(line.substr(1, line.size() - 2)) == profile;
        found = found || in_section;
    }
    if (!found) return std::nullopt;
    return profile_credentials(keys, where, origin);
}

namespace {

// A tccli profile: {"secretId": ..., "secretKey": ..., "token": ...}.
std::optional<Credentials> parse_tccli(std::string_view text, const std::string &path) {
    SecretJson j(cJSON_ParseWithLength(text.data(), text.size()));
    if (!cJSON_IsObject(j.get())) credentials_error(path + ": not a JSON object (a tccli profile)");
    const std::string id = json_string(j.get(), "secretId");
    const SecretString key = json_secret(j.get(), "secretKey"), token = json_secret(j.get(), "token");
    if (id.empty() && key.empty()) return std::nullopt;  // e.g. a profile of settings only
    if (id.empty() || key.empty()) credentials_error(path + " has only one of secretId and secretKey");
    return make_credentials(id, key, token, path, path + ": secretId");
}

// tccli names the file after the profile; a name that is not a plain file
// name (a '/', a leading '.') is not looked up there.
bool plain_file_name(const std::string &s) {
    return !s.empty() && s.size() <= 64 && s.front() != '.' && std::all_of(s.begin(), s.end(), [](char c) {
        return ascii::is_alnum(c) || c == '_' || c == '-' || c == '.';
    });
}

std::string joined(const Looked &looked) {
    std::string out;
    for (std::size_t i = 0; i < looked.size(); ++i) out += (i ? "; " : "") + looked[i];
    return out;
}

class ProfileProvider final : public CredentialsProvider {
  public:
    ProfileProvider(std::optional<std::string> profile, GetEnv env)
        : profile_option_(std::move(profile)), env_(std::move(env)) {}

    std::optional<Fetched> fetch(Looked &looked, Deadline) override {
        const char *named_by = nullptr;
        std::string profile = "default";
        if (is_set(profile_option_)) {
            profile = *profile_option_;
            named_by = "options.profile";
        } else if (const char *p = env_(kEnvProfile); is_set(p)) {
            profile = p;
            named_by = kEnvProfile;
        }
        const char *named_file = env_(kEnvFile);
        if (!is_set(named_file)) {
            if (const char *home = env_("HOME"); is_set(home) && plain_file_name(profile)) {
                const std::string path = std::string(home) + "/.tccli/" + profile + ".credential";
                SecretString text;
                if (!read_credentials_file(path, text))
                    looked.push_back(path + " (no such file)");
                else if (auto c = parse_tccli(text, path))
                    return used(Fetched{std::move(*c)}, path, profile);
                else
                    looked.push_back(path + " (no secretId/secretKey)");
            }
        }
        for (const auto &path : files(looked)) {
            SecretString text;
            if (!read_credentials_file(path, text)) {
                if (is_set(named_file)) credentials_error(std::string(kEnvFile) + ": no such file " + path);
                looked.push_back(path + " (no such file)");
                continue;
            }
            if (auto c = parse_profile(text, profile, path)) return used(Fetched{std::move(*c)}, path, profile);
            looked.push_back(path + " (no credentials in profile [" + profile + "])");
        }
        if (named_by != nullptr)
            credentials_error("profile [" + profile + "] was asked for (" + named_by +
                              ") but no credentials were found; looked at: " + joined(looked));
        return std::nullopt;
    }

  private:
    static Fetched used(Fetched f, const std::string &path, const std::string &profile) {
        f.used = "profile [" + profile + "] of " + path;
        return f;
    }

    std::vector<std::string> files(Looked &looked) const {
        std::vector<std::string> out;
        if (const char *named = env_(kEnvFile); is_set(named)) {
            out.push_back(named);
            return out;
        }
        if (const char *home = env_("HOME"); is_set(home))
            out.push_back(std::string(home) + "/.tencentcloud/credentials");
        else
            looked.push_back("$HOME/.tencentcloud/credentials ($HOME not set)");
        out.push_back(kSystemFile);
        return out;
    }

    std::optional<std::string> profile_option_;
    GetEnv env_;
};

}  // namespace

ProviderPtr profile_provider(const ProviderContext &ctx) {
    return std::make_unique<ProfileProvider>(ctx.settings.profile, ctx.env);
}

}  // namespace tcss
