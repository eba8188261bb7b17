// The last line of defence for logs and error messages: every known secret
// value is replaced by "********" wherever it appears, however the text was
// built. Structured masking (request_body's Secrets::Mask, the masked
// Authorization signature) comes first; this catches whatever slips past.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tcss {

class Redactor {
  public:
    static constexpr std::size_t kMinLength = 4;
    void add(std::string_view secret);  // values shorter than kMinLength are ignored
    std::string apply(std::string_view text) const;

    // Registers the forms a Basic-auth credential takes on the wire
    // (base64 of "user:password"), so an echoed Authorization header is
    // masked too.
    void add_basic_auth(std::string_view user, std::string_view password);

    // Text that came from the network (service messages, error codes,
    // RequestIds, health-check text), made safe to show anywhere: every
    // known secret masked, control characters escaped, valid UTF-8. Every
    // such string passes through here before it reaches a result, an error,
    // a log line or any adapter's output.
    // The result is at most `max` bytes.
    std::string clean(std::string_view untrusted, std::size_t max = 4096) const;

  private:
    std::vector<std::string_view> secrets_;  // borrowed: owners outlive us
};

// "TC3-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=********"
std::string mask_signature(std::string_view authorization);

} // namespace tcss
