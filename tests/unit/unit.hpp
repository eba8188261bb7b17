// Shared bits for the CMocka unit tests.
#pragma once

#include "error.hpp"

#include <cstdarg>
#include <cstddef>
#include <csetjmp>
#include <cstdint>
#include <string>

extern "C" {
#include <cmocka.h>
}

// Runs `body`, which must throw tcss::Error with `code`; returns its message.
template <typename F>
std::string expect_error(int code, F &&body) {
    try {
        body();
    } catch (const tcss::Error &e) {
        assert_int_equal(e.code(), code);
        return e.info().message;
    }
    fail_msg("expected an error with code %d, none was thrown", code);
    return {};
}

inline bool contains(const std::string &hay, const std::string &needle) {
    return hay.find(needle) != std::string::npos;
}
