// AddAssetImageRegistryRegistryDetail: register an image registry.
// https://www.tencentcloud.com/document/api/1106/ (TCSS API, 2020-11-01).
// Create-once on the service, but a repeat of the same name is answered with
// the registry that exists (NameRepeatErr, RegistryId), so resending after a
// lost answer is safe and this call is idempotent.
#include "actions.hpp"

#include "request_body.hpp"
#include "validate.hpp"

namespace tcss {

const Action kAddRegistry{"AddAssetImageRegistryRegistryDetail", RetryClass::CreateOnce, true};

namespace {

CallInput add_input(const Engine &engine, const tcss_registry_spec &spec) {
    validate_spec(&spec);
    CallInput in;
    in.redactor = spec_redactor(engine, spec);
    in.body = build_add_body(spec);
    const SecretString masked = build_add_body(spec, Secrets::Mask);
    in.masked_body.assign(masked.begin(), masked.end());
    in.deadline = std::chrono::steady_clock::now() + engine.config().timeout;
    return in;
}

AddResult read_result(const Engine &engine, const Reply &reply) {
    const ApiResponse parsed = read_add_response(reply.body, reply.parsed, reply.status);
    AddResult r;
    r.registry_id = parsed.registry_id;
    r.request_id = reply.request_id;
    r.health_check_err = reply.clean(parsed.health_check_err);
    r.name_repeat_err = reply.clean(parsed.name_repeat_err);
    r.already_existed = !parsed.name_repeat_err.empty();
    r.attempts = reply.attempts;
    const Redactor &red = *reply.redactor;
    if (r.already_existed && reply.maybe_reached && reply.attempts > 1)
        engine.log()(TCSS_LOG_INFO, red,
                     "an earlier attempt may have reached the service; registry " + std::to_string(r.registry_id) +
                         " is reported as already existing, not created twice");
    if (!r.health_check_err.empty())
        engine.log()(TCSS_LOG_WARN, red, "registry added, but TCSS could not reach it: " + r.health_check_err);
    return r;
}

}  // namespace

Redactor spec_redactor(const Engine &engine, const tcss_registry_spec &spec) {
    Redactor r = engine.base_redactor();
    r.add_basic_auth(spec.username, spec.password);  // the password, and base64 of user:password
    if (spec.webhook_token != nullptr) r.add(spec.webhook_token);
    return r;
}

AddResult add_registry(Engine &engine, const tcss_registry_spec &spec) {
    CallInput in = add_input(engine, spec);
    AddResult result;
    engine.call(kAddRegistry, in, [&](const Reply &reply) { result = read_result(engine, reply); });
    return result;
}

std::string preview_add_registry(Engine &engine, const tcss_registry_spec &spec) {
    const CallInput in = add_input(engine, spec);
    return engine.preview(kAddRegistry, in);
}

}  // namespace tcss
