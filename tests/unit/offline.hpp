// Options for a client that is created but never sends (unit tests).
#pragma once

#include <tcss/tcss.h>

inline tcss_client_options offline_options() {
    tcss_client_options o = TCSS_CLIENT_OPTIONS_INIT;
    o.secret_id = "AKIDUNITTEST0001";
    o.secret_key = "unit-test-secret-key-0001";
    o.endpoint = "http://127.0.0.1:9";
    return o;
}
