// AddAssetImageRegistryRegistryDetail: register an image registry.
// https://www.tencentcloud.com/document/api/1106/ (TCSS API, 2020-11-01).
//
// Create-once on the service, and no official SDK resends it: where an
// attempt may have been acted on (InternalError, HTTP 5xx, an answer lost
// after sending) the name is looked up before anything is sent again, and a
// registry found then is this call's, with the health check read from its
// connectivity result. What the live service answers for a taken name is not
// documented; every reading is handled here (the emulator's add_name_taken
// switch plays each): NameRepeatErr with the existing RegistryId, with none
// or 0 (the id is then looked up), or an error (a FailedOperation or
// ResourceInUse refusal is checked against a lookup of the name).
#include "actions.hpp"

#include "request_body.hpp"
#include "validate.hpp"

namespace tcss {

const Action kAddRegistry{"AddAssetImageRegistryRegistryDetail", RetryClass::CreateOnce};

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

// A registry's health as its list row tells it: "" when every connectivity
// result is status_connected (or there is none), else what TCSS said.
std::string health_of(const Registry &r) {
    for (const ConnDetect &c : r.conn_detect) {
        if (c.status == "status_connected") continue;
        if (!c.message.empty()) return c.message;
        if (!c.fail_reason.empty()) return c.fail_reason;
        return c.status.empty() ? "connectivity unknown" : c.status;
    }
    return "";
}

// One Add: its input, the lookups it makes, and what they found.
class AddCall {
  public:
    AddCall(Engine &engine, const tcss_registry_spec &spec)
        : engine_(engine), spec_(spec), in_(add_input(engine, spec)) {
        in_.settle = [this]() -> std::optional<Reply> {
            try {
                settled_ = lookup("an attempt may have been acted on without an answer");
            } catch (const Error &e) {
                ErrorInfo info = e.info();
                info.message = "an attempt may have been acted on without an answer, and looking the name up "
                               "failed, so it is not sent again: " +
                               info.message;
                throw Error(std::move(info));
            }
            if (!settled_) {
                looked_free_ = true;
                return std::nullopt;  // not created: sent again
            }
            return Reply{};
        };
    }

    AddResult run() {
        AddResult r;
        try {
            const Reply reply = engine_.call(kAddRegistry, in_, [&](const Reply &rep) { r = read(rep); });
            if (reply.settled) return created_unanswered(*settled_, reply.attempts);
            if (r.already_existed && looked_free_) return taken_after_lost_answer(r);
        } catch (const Error &e) {
            if (!may_mean_name_taken(e.info())) throw;
            return refused_as_taken(e);
        }
        if (r.registry_id <= 0) fill_id(r);
        return r;
    }

  private:
    Engine &engine_;
    const tcss_registry_spec &spec_;
    CallInput in_;
    std::optional<Registry> settled_;  // found by a lookup after a lost answer
    bool looked_free_ = false;         // a lookup after a lost answer found the name free

    const Redactor &redactor() const { return in_.redactor; }

    std::optional<Registry> lookup(const std::string &why) {
        engine_.log()(TCSS_LOG_INFO, redactor(), "looking the registry's name up: " + why);
        return find_registry(engine_, spec_.name, nullptr, in_.deadline);
    }

    AddResult read(const Reply &reply) const {
        const ApiResponse parsed = read_add_response(reply.body, reply.parsed, reply.status);
        AddResult r;
        r.registry_id = parsed.registry_id;
        r.request_id = reply.request_id;
        r.health_check_err = reply.clean(parsed.health_check_err);
        r.name_repeat_err = reply.clean(parsed.name_repeat_err);
        r.already_existed = !parsed.name_repeat_err.empty();
        r.attempts = reply.attempts;
        if (!r.health_check_err.empty())
            engine_.log()(TCSS_LOG_WARN, redactor(),
                          "registry added, but TCSS could not reach it: " + r.health_check_err);
        return r;
    }

    // An earlier attempt created it and its answer was lost: the registry is
    // this call's, its health check read from the list.
    AddResult created_unanswered(const Registry &found, unsigned int attempts) {
        AddResult r;
        r.registry_id = found.id;
        r.health_check_err = health_of(found);
        r.attempts = attempts;
        engine_.log()(TCSS_LOG_INFO, redactor(),
                      "registry " + std::to_string(found.id) +
                          " was created by an earlier attempt of this call whose answer was lost; not sent again");
        if (!r.health_check_err.empty())
            engine_.log()(TCSS_LOG_WARN, redactor(),
                          "registry added, but TCSS could not reach it: " + r.health_check_err);
        if (r.registry_id <= 0) fill_id(r);
        return r;
    }

    // The name was free when looked up after a lost answer, and the resend
    // found it taken: an earlier attempt of this call created it (reported as
    // created, with its health), unless the lookup lagged behind a registry
    // made by someone else, which cannot be told apart.
    AddResult taken_after_lost_answer(const AddResult &answer) {
        std::optional<Registry> found = lookup("the name was taken after an attempt whose answer was lost");
        if (!found) {
            AddResult r = answer;
            if (r.registry_id <= 0)
                bad_response(200, "the name is taken but no registry of that name is listed, so its RegistryId is "
                                  "unknown");
            return r;
        }
        AddResult r = created_unanswered(*found, answer.attempts);
        r.request_id = answer.request_id;
        return r;
    }

    // An error reading of a taken name: the refusal stands unless a registry
    // of this name is there.
    static bool may_mean_name_taken(const ErrorInfo &e) {
        const std::string &code = e.service_code;
        return code.rfind("FailedOperation", 0) == 0 || code.rfind("ResourceInUse", 0) == 0;
    }

    AddResult refused_as_taken(const Error &refusal) {
        std::optional<Registry> found;
        try {
            found = lookup("the service refused the Add with " + refusal.info().service_code);
        } catch (const Error &) {
            throw refusal;  // the refusal is what the user needs to see
        }
        if (!found) throw refusal;
        if (looked_free_) return created_unanswered(*found, refusal.info().attempts);
        AddResult r;
        r.registry_id = found->id;
        r.request_id = refusal.info().request_id;
        r.name_repeat_err = refusal.info().service_message;
        r.already_existed = true;
        r.attempts = refusal.info().attempts;
        return r;
    }

    // The answer had no RegistryId (or 0): the id is the listed one's.
    void fill_id(AddResult &r) {
        std::optional<Registry> found = lookup("the answer carried no RegistryId");
        if (!found || found->id <= 0)
            bad_response(200, "the answer carried no RegistryId and no registry of that name is listed");
        r.registry_id = found->id;
    }
};

}  // namespace

Redactor spec_redactor(const Engine &engine, const tcss_registry_spec &spec) {
    Redactor r = engine.base_redactor();
    r.add_basic_auth(spec.username, spec.password);  // the password, and base64 of user:password
    if (spec.webhook_token != nullptr) r.add(spec.webhook_token);
    return r;
}

AddResult add_registry(Engine &engine, const tcss_registry_spec &spec) { return AddCall(engine, spec).run(); }

std::string preview_add_registry(Engine &engine, const tcss_registry_spec &spec) {
    const CallInput in = add_input(engine, spec);
    return engine.preview(kAddRegistry, in);
}

}  // namespace tcss
