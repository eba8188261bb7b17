// Signing micro-benchmark: the time to build and sign a typical
// AddAssetImageRegistryRegistryDetail request in-process, next to mbedTLS's
// own SHA-256 speed on this machine.
//
//   bench_sign [--quick]
//
// Prints one JSON object on stdout (tests/bench/bench.py reads it). Every figure is
// the median over batches of the time per operation within a batch, so a
// batch that the scheduler interrupted does not move it; `*_ns` figures are
// the thread's CPU time (robust on a shared machine), `*_wall_ns` wall time.
//
// Not a test: it asserts nothing about speed. It does check that what it
// times produced a signature, so a broken build cannot report a fast no-op.
#include "crypto.hpp"
#include "request_body.hpp"
#include "signer.hpp"
#include "validate.hpp"

#include <tcss/tcss.h>

#include <mbedtls/sha256.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

volatile unsigned sink;  // keeps results observable so no loop is optimised away

struct Stats {
    double cpu_ns = 0;   // median per op, this thread's CPU time
    double wall_ns = 0;  // median per op, wall-clock time
};

double thread_cpu_ns() {
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e9 + static_cast<double>(ts.tv_nsec);
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

// Runs `op` iterations times per batch, `batches` times; returns ns per op.
// CPU time is the headline figure: on a shared machine the wall time of a
// batch includes the time other processes held the core, CPU time does not.
template <typename Op>
Stats measure(int batches, int iterations, Op op) {
    std::vector<double> cpu, wall;
    cpu.reserve(static_cast<std::size_t>(batches));
    wall.reserve(static_cast<std::size_t>(batches));
    for (int b = 0; b < batches; ++b) {
        const double cpu_start = thread_cpu_ns();
        const auto start = Clock::now();
        for (int i = 0; i < iterations; ++i) op();
        const auto ns = std::chrono::duration<double, std::nano>(Clock::now() - start).count();
        cpu.push_back((thread_cpu_ns() - cpu_start) / iterations);
        wall.push_back(ns / iterations);
    }
    return Stats{median(cpu), median(wall)};
}

// Bytes that go through SHA-256's compression function for a message of n
// bytes: the message, 0x80, the 8-byte length, padded to 64-byte blocks.
std::size_t sha256_block_bytes(std::size_t n) { return ((n + 8) / 64 + 1) * 64; }

// HMAC-SHA256 with a key of at most 64 bytes: inner hash over
// (key ^ ipad) || message, outer hash over (key ^ opad) || inner digest.
std::size_t hmac_block_bytes(std::size_t message) {
    return sha256_block_bytes(64 + message) + sha256_block_bytes(64 + 32);
}

// A typical CI registration: the fields the README's example sets.
const char kPassword[] = "Harbor-robot-token-0123456789abcdef";

tcss_registry_spec typical_spec() {
    tcss_registry_spec spec = TCSS_REGISTRY_SPEC_INIT;
    spec.name = "harbor-prod-ci";
    spec.username = "robot$ci-pipeline";
    spec.password = kPassword;
    spec.url = "https://harbor.example.com";
    spec.registry_type = "harbor";
    spec.net_type = "public";
    spec.registry_version = "V2";
    spec.registry_region = "default";
    return spec;
}

tcss::SignInput sign_input(std::string_view body, std::int64_t ts, const tcss::Digest *day_key = nullptr) {
    tcss::SignInput in;
    in.signing_key = day_key;
    in.host = "tcss.intl.tencentcloudapi.com";
    in.content_type = "application/json";
    in.payload = body;
    in.service = "tcss";
    in.timestamp = ts;
    in.secret_id = "AKIDLIBTCSSEMULATOR0001";
    in.secret_key = "libtcss-emulator-secret-key-0001";
    return in;
}

}  // namespace

int main(int argc, char **argv) {
    bool quick = false;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--quick") == 0) {
            quick = true;
        } else {
            std::fprintf(stderr, "usage: bench_sign [--quick]\n");
            return 2;
        }
    }
    const int batches = quick ? 3 : 31;
    const int iterations = quick ? 100 : 2000;
    const std::int64_t ts = static_cast<std::int64_t>(std::time(nullptr));

    const tcss_registry_spec spec = typical_spec();
    tcss::validate_spec(&spec);
    const tcss::SecretString body = tcss::build_add_body(spec);
    const tcss::SignStages reference = tcss::tc3_sign(sign_input(body, ts));
    if (reference.signature.size() != 64) {
        std::fprintf(stderr, "bench_sign: the signer produced no signature\n");
        return 1;
    }

    const Stats body_only = measure(batches, iterations, [&] {
        tcss::SecretString b = tcss::build_add_body(spec);
        sink = sink + static_cast<unsigned char>(b[0]);
    });
    // What the client does: the day's kSigning is derived once and cached
    // (src/libtcss/client.cpp), so a signature costs one HMAC plus two hashes.
    const tcss::Digest day_key = tcss::derive_signing_key("libtcss-emulator-secret-key-0001", reference.date, "tcss");
    if (tcss::tc3_sign(sign_input(body, ts, &day_key)).signature != reference.signature) {
        std::fprintf(stderr, "bench_sign: the cached-key signature differs from the derived one\n");
        return 1;
    }
    const Stats sign_only = measure(batches, iterations, [&] {
        tcss::SignStages st = tcss::tc3_sign(sign_input(body, ts, &day_key));
        sink = sink + static_cast<unsigned char>(st.signature[0]);
    });
    const Stats sign_uncached = measure(batches, iterations, [&] {
        tcss::SignStages st = tcss::tc3_sign(sign_input(body, ts));
        sink = sink + static_cast<unsigned char>(st.signature[0]);
    });
    const Stats build_and_sign = measure(batches, iterations, [&] {
        tcss::SecretString b = tcss::build_add_body(spec);
        tcss::SignStages st = tcss::tc3_sign(sign_input(b, ts, &day_key));
        sink = sink + static_cast<unsigned char>(st.signature[0]);
    });

    // The same through the public API: validation, body, signature, headers,
    // masking and redaction, as `tcss --dry-run` does. Nothing is sent.
    tcss_client_options opts = TCSS_CLIENT_OPTIONS_INIT;
    opts.secret_id = "AKIDLIBTCSSEMULATOR0001";
    opts.secret_key = "libtcss-emulator-secret-key-0001";
    opts.endpoint = "http://127.0.0.1:9";
    tcss_client *client = nullptr;
    if (tcss_client_new(&client, &opts) != 0) {
        std::fprintf(stderr, "bench_sign: tcss_client_new: %s\n", tcss_error_message(tcss_error_last()));
        return 1;
    }
    bool preview_failed = false;
    const Stats preview = measure(batches, iterations / 4 > 0 ? iterations / 4 : 1, [&] {
        char *text = nullptr;
        if (tcss_add_registry_preview(&text, client, &spec) != 0 || text == nullptr) {
            preview_failed = true;
            return;
        }
        sink = sink + static_cast<unsigned char>(text[0]);
        tcss_string_free(text);
    });
    tcss_client_free(client);
    if (preview_failed) {
        std::fprintf(stderr, "bench_sign: tcss_add_registry_preview failed: %s\n",
                     tcss_error_message(tcss_error_last()));
        return 1;
    }

    // mbedTLS's raw SHA-256 speed over 1 MiB buffers.
    const std::size_t mib = 1u << 20;
    std::vector<unsigned char> buffer(mib);
    for (std::size_t i = 0; i < mib; ++i) buffer[i] = static_cast<unsigned char>(i * 131u);
    unsigned char digest[32];
    const Stats sha_mib = measure(quick ? 3 : 15, quick ? 1 : 8, [&] {
        mbedtls_sha256_ret(buffer.data(), buffer.size(), digest, 0);
        sink = sink + digest[0];
    });
    const double sha_mb_per_s = static_cast<double>(mib) / sha_mib.cpu_ns * 1e3;

    // What one signature hashes with the day's key cached: the body, the
    // canonical request and one HMAC (the signature).
    const std::size_t hashed = sha256_block_bytes(body.size()) +
                               sha256_block_bytes(reference.canonical_request.size()) +
                               hmac_block_bytes(reference.string_to_sign.size());
    const double sign_mb_per_s = static_cast<double>(hashed) / sign_only.cpu_ns * 1e3;
    const double sha_ns_for_hashed = static_cast<double>(hashed) / sha_mb_per_s * 1e3;

    std::printf("{\"batches\": %d, \"iterations_per_batch\": %d, \"body_bytes\": %zu,\n"
                " \"build_body_ns\": %.1f, \"sign_ns\": %.1f, \"build_and_sign_ns\": %.1f,\n"
                " \"preview_public_api_ns\": %.1f, \"sign_uncached_ns\": %.1f,\n"
                " \"build_and_sign_wall_ns\": %.1f, \"sign_wall_ns\": %.1f,\n"
                " \"sha256_bytes_per_sign\": %zu, \"sign_hashed_mb_per_s\": %.1f,\n"
                " \"sha256_1mib_mb_per_s\": %.1f, \"sha256_1mib_wall_mb_per_s\": %.1f,\n"
                " \"sha256_ns_for_sign_bytes\": %.1f}\n",
                batches, iterations, body.size(), body_only.cpu_ns, sign_only.cpu_ns, build_and_sign.cpu_ns,
                preview.cpu_ns, sign_uncached.cpu_ns, build_and_sign.wall_ns, sign_only.wall_ns, hashed, sign_mb_per_s,
                sha_mb_per_s, static_cast<double>(mib) / sha_mib.wall_ns * 1e3, sha_ns_for_hashed);
    return 0;
}
