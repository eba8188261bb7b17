// Images and their scans (TCSS 2020-11-01, member names from tccli's
// api.json): DescribeAssetImageRegistryList (rows with the Id the scan
// actions take), CreateAssetImageRegistryScanTask (TaskID optional in the
// answer), DescribeAssetImageRegistryScanStatusOneKey (by TaskID or Id),
// ModifyAssetImageRegistryScanStop, DescribeAssetImageRegistryVulList.
#include "actions.hpp"

#include "error.hpp"

namespace tcss {

const Action kListImages{"DescribeAssetImageRegistryList"};
// Create-once: when an earlier attempt may have started the scan, a status
// read settles it (a running scan is joined, never started twice).
const Action kCreateScan{"CreateAssetImageRegistryScanTask", RetryClass::CreateOnce};
const Action kScanStatus{"DescribeAssetImageRegistryScanStatusOneKey"};
const Action kStopScan{"ModifyAssetImageRegistryScanStop"};
const Action kListVulns{"DescribeAssetImageRegistryVulList"};

namespace {

void add_number(cJSON *o, const char *key, long long v) {
    cJSON_AddItemToObject(o, key, checked(cJSON_CreateNumber(static_cast<double>(v))));
}

void add_id_list(cJSON *o, long long id) {
    cJSON *ids = checked(cJSON_CreateArray());
    cJSON_AddItemToArray(ids, checked(cJSON_CreateNumber(static_cast<double>(id))));
    cJSON_AddItemToObject(o, "Id", ids);
}

cJSON *filter(const std::string &name, const std::string &value) {
    cJSON *f = checked(cJSON_CreateObject());
    cJSON_AddItemToObject(f, "Name", checked(cJSON_CreateString(name.c_str())));
    cJSON *values = checked(cJSON_CreateArray());
    cJSON_AddItemToArray(values, checked(cJSON_CreateString(value.c_str())));
    cJSON_AddItemToObject(f, "Values", values);
    cJSON_AddItemToObject(f, "ExactMatch", checked(cJSON_CreateBool(1)));
    return f;
}

}  // namespace

ImageRowInfo image_from_row(const Row &row) {
    ImageRowInfo r;
    r.id = row.num("Id", 0);
    r.repo_address = row.str("ImageRepoAddress");
    r.tag = row.str("ImageTag");
    r.digest = row.str("ImageDigest");
    r.is_latest = row.flag("IsLatestImage") == 1;
    r.is_authorized = static_cast<int>(row.num("IsAuthorized", -1));
    r.scan_status = row.str("ScanStatus");
    return r;
}

namespace {

bool names_member(const Error &e, const char *member) {
    const ErrorInfo &i = e.info();
    return i.code == TCSS_ESERVICE &&
           (i.service_code.rfind("UnknownParameter", 0) == 0 || i.service_code.rfind("InvalidParameter", 0) == 0) &&
           i.service_message.find(member) != std::string::npos;
}

}  // namespace

std::vector<ImageRowInfo> list_images_page(Engine &engine,
                                           const std::vector<std::pair<std::string, std::string>> &filters,
                                           unsigned int offset, unsigned int limit, long long &total) {
    Json body(checked(cJSON_CreateObject()));
    add_number(body.get(), "Limit", limit);
    add_number(body.get(), "Offset", offset);
    cJSON_AddItemToObject(body.get(), "OnlyShowLatest", checked(cJSON_CreateBool(0)));
    if (!filters.empty()) {
        cJSON *arr = checked(cJSON_CreateArray());
        cJSON_AddItemToObject(body.get(), "Filters", arr);
        for (const auto &[name, value] : filters) cJSON_AddItemToArray(arr, filter(name, value));
    }
    CallInput in = plain_input(engine, body.get());
    std::vector<ImageRowInfo> rows;
    engine.call(kListImages, in, [&](const Reply &reply) {
        const Row top{reply, reply.response()};
        total = top.num("TotalCount", 0);
        const cJSON *item = nullptr;
        cJSON_ArrayForEach(item, top.get("List")) {
            if (cJSON_IsObject(item)) rows.push_back(image_from_row(Row{reply, item}));
        }
    });
    return rows;
}

ScanStart create_scan(Engine &engine, long long image_id, long long timeout_s) {
    Json body(checked(cJSON_CreateObject()));
    add_id_list(body.get(), image_id);
    cJSON *types = checked(cJSON_CreateArray());
    cJSON_AddItemToArray(types, checked(cJSON_CreateString("CVE")));
    cJSON_AddItemToObject(body.get(), "ScanType", types);
    add_number(body.get(), "Timeout", timeout_s);
    CallInput in = plain_input(engine, body.get());
    in.settle = [&engine, image_id]() -> std::optional<Reply> {
        bool by_task = false;
        if (scan_status(engine, 0, image_id, by_task).status != "SCANNING") return std::nullopt;
        Reply r;  // the earlier attempt started it: join that scan
        return r;
    };
    ScanStart s;
    try {
        const Reply reply = engine.call(kCreateScan, in, [&](const Reply &rep) {
            s.task_id = Row{rep, rep.response()}.num("TaskID", 0);
        });
        s.joined = reply.settled;
        s.attempts = reply.attempts;
    } catch (const Error &e) {
        if (e.info().service_code != "FailedOperation.ErrAlreadyScanning") throw;
        bool by_task = false;
        if (scan_status(engine, 0, image_id, by_task).status != "SCANNING") throw;
        s.joined = true;  // already scanning: wait for that scan
    }
    return s;
}

namespace {

Reply status_call(Engine &engine, long long task_id, long long image_id, ScanState &out) {
    Json body(checked(cJSON_CreateObject()));
    if (task_id != 0)
        add_number(body.get(), "TaskID", task_id);
    else
        add_id_list(body.get(), image_id);
    CallInput in = plain_input(engine, body.get());
    return engine.call(kScanStatus, in, [&](const Reply &reply) {
        const Row top{reply, reply.response()};
        out.status = top.str("Status");
        const cJSON *item = nullptr;
        cJSON_ArrayForEach(item, top.get("ImageStatus")) {
            const Row r{reply, item};
            if (out.status.empty()) out.status = r.str("ScanStatus");
            for (const char *key : {"ScanVulError", "ScanErr", "Error"})
                if (out.error.empty()) out.error = r.str(key);
        }
    });
}

}  // namespace

ScanState scan_status(Engine &engine, long long task_id, long long image_id, bool &by_task) {
    ScanState st;
    if (task_id != 0 && by_task) {
        try {
            status_call(engine, task_id, 0, st);
            return st;
        } catch (const Error &e) {
            if (!names_member(e, "TaskID")) throw;
            engine.log()(TCSS_LOG_WARN, "the scan status refused the TaskID member; asking by the image's Id");
            by_task = false;
        }
    }
    status_call(engine, 0, image_id, st);
    return st;
}

void stop_scan(Engine &engine, long long task_id, long long image_id, bool by_task) {
    Json body(checked(cJSON_CreateObject()));
    if (task_id != 0 && by_task)
        add_number(body.get(), "TaskID", task_id);
    else
        add_id_list(body.get(), image_id);
    CallInput in = plain_input(engine, body.get());
    engine.call(kStopScan, in);
}

}  // namespace tcss
