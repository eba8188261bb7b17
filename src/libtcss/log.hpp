// The host's log callback, with the rule that every line passes through a
// Redactor first: secrets masked, service text cleaned, at most 64 KiB.
#pragma once

#include "redact.hpp"

#include <tcss/tcss.h>

#include <string>

namespace tcss {

class Logger {
  public:
    Logger() = default;
    Logger(tcss_log_fn fn, void *userdata, int level) : fn_(fn), userdata_(userdata), level_(level) {}

    // Log lines carry whole response bodies at TCSS_LOG_DEBUG.
    static constexpr std::size_t kMaxLine = 64 * 1024;

    bool enabled(int level) const noexcept { return fn_ != nullptr && level <= level_; }
    void operator()(int level, const Redactor &redactor, const std::string &line) const {
        if (!enabled(level)) return;
        const std::string clean = redactor.clean(line, kMaxLine);
        fn_(level, clean.c_str(), userdata_);
    }
    // A line that carries no secret of a call (the credential sources').
    void operator()(int level, const std::string &line) const { (*this)(level, Redactor(), line); }

  private:
    tcss_log_fn fn_ = nullptr;
    void *userdata_ = nullptr;
    int level_ = 0;
};

}  // namespace tcss
