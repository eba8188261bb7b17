/*
 * Hostile input, table-driven (issue 3 §3), through the C API: every case
 * either fails validation (TCSS_EINVAL naming the field, and nothing reaches
 * the emulator) or arrives at the emulator exactly as given (the decoded
 * request body holds the same bytes, once).
 *
 * The table is data: tests/data/hostile/<name>.jsonl, one case a line (format in
 * tests/data/README.md): every text field x every hostile string class, then
 * URL shapes, enumerations and out-of-range numbers. tests/cli/run_cases.py
 * runs the same lines through the tcss CLI (hostile.cli). The run asserts at
 * least 100 cases and records them for RELIABILITY.md.
 */
#define _GNU_SOURCE 1
#include "reltest.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <tcss/tcss.h>

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum expect { REJECT, ACCEPT };

enum field {
    F_NAME,
    F_USERNAME,
    F_PASSWORD,
    F_URL,
    F_REGISTRY_TYPE,
    F_NET_TYPE,
    F_REGISTRY_VERSION,
    F_REGISTRY_REGION,
    F_WEBHOOK_URL,
    F_WEBHOOK_TOKEN,
    F_INSTANCE_ID,
    F_QUUID,
    F_UUID,
    /* numbers and structure */
    F_SPEED_LIMIT,
    F_INSECURE,
    F_NEED_SCAN,
    F_SYNC_MODE,
    F_CONN_COUNT,
    F_SPEC_VERSION
};

struct field_def {
    const char *key; /* JSON key, the name in error messages and in tests/data/hostile */
    int secret;
};

static const struct field_def fields[] = {
    [F_NAME] = {"Name", 0},
    [F_USERNAME] = {"Username", 0},
    [F_PASSWORD] = {"Password", 1},
    [F_URL] = {"Url", 0},
    [F_REGISTRY_TYPE] = {"RegistryType", 0},
    [F_NET_TYPE] = {"NetType", 0},
    [F_REGISTRY_VERSION] = {"RegistryVersion", 0},
    [F_REGISTRY_REGION] = {"RegistryRegion", 0},
    [F_WEBHOOK_URL] = {"WebhookUrl", 0},
    [F_WEBHOOK_TOKEN] = {"WebhookToken", 1},
    [F_INSTANCE_ID] = {"InstanceId", 0},
    [F_QUUID] = {"ConnDetectConfig[0].Quuid", 0},
    [F_UUID] = {"ConnDetectConfig[0].Uuid", 0},
    [F_SPEED_LIMIT] = {"SpeedLimit", 0},
    [F_INSECURE] = {"Insecure", 0},
    [F_NEED_SCAN] = {"NeedScan", 0},
    [F_SYNC_MODE] = {"SyncMode", 0},
    [F_CONN_COUNT] = {"ConnDetectConfig", 0},
    [F_SPEC_VERSION] = {"spec.version", 0},
};

struct hcase {
    enum field field;
    char label[96]; /* the input class, for the report */
    char *value;    /* owned; NULL for number cases */
    long long number;
    enum expect expect;
};

static struct hcase *cases;
static size_t n_cases, cap_cases;

static void add_case(enum field f, const char *label, char *value, long long number, enum expect e) {
    struct hcase *c;
    if (n_cases == cap_cases) {
        cap_cases = cap_cases ? cap_cases * 2 : 64;
        cases = realloc(cases, cap_cases * sizeof *cases);
        assert_non_null(cases);
    }
    c = &cases[n_cases++];
    memset(c, 0, sizeof *c);
    c->field = f;
    snprintf(c->label, sizeof c->label, "%s", label);
    c->value = value;
    c->number = number;
    c->expect = e;
}

/* ---- the table: tests/data/hostile/<name>.jsonl -------------------------- */

static const char *where_file;
static int where_line;

static const char *str_member(const cJSON *obj, const char *key, int required) {
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (item == NULL && !required) return NULL;
    if (!cJSON_IsString(item)) fail_msg("%s:%d: \"%s\" missing or not a string", where_file, where_line, key);
    return item->valuestring;
}

static int hexval(int ch) {
    if (ch >= '0' && ch <= '9') return ch - '0';
    if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
    return -1;
}

/* The case's bytes: "value" (UTF-8) or "value_hex" (any bytes), then "pad"
 * repeated up to "pad_to" bytes. NULL when the case is a "number". */
static char *case_value(const cJSON *row) {
    const char *text = str_member(row, "value", 0), *hex = str_member(row, "value_hex", 0);
    const cJSON *pad_to = cJSON_GetObjectItemCaseSensitive(row, "pad_to");
    size_t len, total, i;
    char *v;
    if (text == NULL && hex == NULL) return NULL;
    len = text != NULL ? strlen(text) : strlen(hex) / 2;
    total = cJSON_IsNumber(pad_to) ? (size_t)pad_to->valuedouble : len;
    if (total < len) fail_msg("%s:%d: pad_to is shorter than the value", where_file, where_line);
    v = malloc(total + 1);
    assert_non_null(v);
    if (text != NULL) {
        memcpy(v, text, len);
    } else {
        for (i = 0; i < len; i++) {
            int hi = hexval((unsigned char)hex[2 * i]), lo = hexval((unsigned char)hex[2 * i + 1]);
            if (hi < 0 || lo < 0) fail_msg("%s:%d: value_hex is not hex", where_file, where_line);
            v[i] = (char)(hi * 16 + lo);
        }
    }
    if (total > len) {
        const char *pad = str_member(row, "pad", 1);
        if (strlen(pad) != 1) fail_msg("%s:%d: pad must be one character", where_file, where_line);
        memset(v + len, pad[0], total - len);
    }
    v[total] = '\0';
    return v;
}

static void add_row(const cJSON *row) {
    const char *key = str_member(row, "field", 1), *label = str_member(row, "input", 1);
    const char *expect = str_member(row, "expect", 1), *number = str_member(row, "number", 0);
    char *value = case_value(row), *end = NULL;
    long long n = 0;
    size_t f;
    for (f = 0; f < sizeof fields / sizeof fields[0]; f++)
        if (strcmp(fields[f].key, key) == 0) break;
    if (f == sizeof fields / sizeof fields[0]) fail_msg("%s:%d: unknown field %s", where_file, where_line, key);
    if (strcmp(expect, "ok") != 0 && strcmp(expect, "invalid_argument") != 0)
        fail_msg("%s:%d: expect must be ok or invalid_argument, not %s", where_file, where_line, expect);
    if ((value == NULL) == (number == NULL))
        fail_msg("%s:%d: give either a value (value/value_hex) or a number", where_file, where_line);
    if (number != NULL) {
        errno = 0;
        n = strtoll(number, &end, 10);
        if (errno != 0 || end == number || *end != '\0')
            fail_msg("%s:%d: number %s is not a 64-bit integer", where_file, where_line, number);
    }
    add_case((enum field)f, label, value, n, strcmp(expect, "ok") == 0 ? ACCEPT : REJECT);
}

static int by_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void load_file(const char *path) {
    size_t len;
    char *text = rt_read_file(path, &len), *line, *next;
    if (text == NULL) fail_msg("cannot read %s", path);
    where_file = path;
    where_line = 0;
    for (line = text; line != NULL && *line != '\0'; line = next) {
        cJSON *row;
        next = strchr(line, '\n');
        if (next != NULL) *next++ = '\0';
        where_line++;
        if (line[strspn(line, " \t\r")] == '\0') continue;
        row = cJSON_Parse(line);
        if (!cJSON_IsObject(row)) fail_msg("%s:%d: not a JSON object", path, where_line);
        add_row(row);
        cJSON_Delete(row);
    }
    free(text);
}

/* Every .jsonl file in tests/data/hostile, in file-name order. */
static void load_table(void) {
    char dir_path[1024], path[2048], *names[64];
    size_t n = 0, i;
    struct dirent *e;
    DIR *d;
    snprintf(dir_path, sizeof dir_path, "%s/hostile", TCSS_TEST_DATA_DIR);
    d = opendir(dir_path);
    if (d == NULL) fail_msg("cannot read %s", dir_path);
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len > 6 && strcmp(e->d_name + len - 6, ".jsonl") == 0) {
            if (n == sizeof names / sizeof names[0]) fail_msg("more than %zu files in %s", n, dir_path);
            names[n] = strdup(e->d_name);
            assert_non_null(names[n]);
            n++;
        }
    }
    closedir(d);
    qsort(names, n, sizeof names[0], by_name);
    for (i = 0; i < n; i++) {
        snprintf(path, sizeof path, "%s/%s", dir_path, names[i]);
        load_file(path);
        free(names[i]);
    }
    print_message("%zu hostile-input files, %zu cases, in %s\n", n, n_cases, dir_path);
    if (n_cases == 0) fail_msg("no hostile-input case found in %s", dir_path);
}

/* ---- running one case ------------------------------------------------ */

static tcss_client *client;
static tcss_conn_detect many[101];

static void base_spec(tcss_registry_spec *s, const char *name) {
    tcss_registry_spec_init(s, TCSS_REGISTRY_SPEC_VERSION);
    s->name = name;
    s->username = rt_env("TCSS_MOCK_REGISTRY_USER");
    s->password = rt_env("TCSS_MOCK_REGISTRY_PASSWORD");
    s->url = rt_env("TCSS_MOCK_REGISTRY");
    s->registry_type = "harbor";
    s->net_type = "public";
}

/* The value the emulator should have received, as a JSON item. */
static const cJSON *received_item(const cJSON *body, enum field f) {
    if (f == F_QUUID || f == F_UUID) {
        const cJSON *arr = cJSON_GetObjectItemCaseSensitive(body, "ConnDetectConfig");
        const cJSON *item = cJSON_GetArrayItem(arr, 0);
        return cJSON_GetObjectItemCaseSensitive(item, f == F_QUUID ? "Quuid" : "Uuid");
    }
    return cJSON_GetObjectItemCaseSensitive(body, fields[f].key);
}

static int count_key(const cJSON *obj, const char *key) {
    const cJSON *c;
    int n = 0;
    cJSON_ArrayForEach(c, obj) if (c->string != NULL && strcmp(c->string, key) == 0) n++;
    return n;
}

/* Checks the emulator got exactly this case's input. */
static void check_arrived(const struct hcase *c, const char *expected_password) {
    cJSON *body = rt_emu_last_body();
    const cJSON *item;
    assert_non_null(body);
    assert_int_equal(rt_emu_request_count(), 1);
    /* An injection attempt must not have made a second Password. */
    assert_int_equal(count_key(body, "Password"), 1);
    item = cJSON_GetObjectItemCaseSensitive(body, "Password");
    assert_true(cJSON_IsString(item));
    if (c->field != F_PASSWORD) assert_string_equal(item->valuestring, expected_password);
    if (c->value != NULL) {
        item = received_item(body, c->field);
        assert_true(cJSON_IsString(item));
        assert_int_equal(strlen(item->valuestring), strlen(c->value));
        assert_memory_equal(item->valuestring, c->value, strlen(c->value));
    } else if (c->field == F_CONN_COUNT) {
        assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(body, "ConnDetectConfig")),
                         (int)c->number);
    } else if (c->field == F_NEED_SCAN) {
        item = cJSON_GetObjectItemCaseSensitive(body, "NeedScan");
        assert_true(cJSON_IsBool(item) && cJSON_IsTrue(item) == (c->number == 1));
    } else {
        /* Integers: the exact decimal text, not a double's rounding. */
        char *raw, needle[64];
        raw = rt_emu_last_body_raw(NULL);
        assert_non_null(raw);
        snprintf(needle, sizeof needle, "\"%s\":%lld", fields[c->field].key, c->number);
        if (strstr(raw, needle) == NULL) fail_msg("%s not in the body: %s", needle, raw);
        free(raw);
    }
    cJSON_Delete(body);
}

static const char *run_c_api(const struct hcase *c, size_t idx) {
    tcss_registry_spec s;
    tcss_registry_result *res = NULL;
    tcss_conn_detect one = {"q-base", "u-base"};
    char name[64];
    int rc;
    snprintf(name, sizeof name, "hostile-%zu-c", idx);
    base_spec(&s, name);
    switch (c->field) {
    case F_NAME: s.name = c->value; break;
    case F_USERNAME: s.username = c->value; break;
    case F_PASSWORD: s.password = c->value; break;
    case F_URL: s.url = c->value; break;
    case F_REGISTRY_TYPE: s.registry_type = c->value; break;
    case F_NET_TYPE: s.net_type = c->value; break;
    case F_REGISTRY_VERSION: s.registry_version = c->value; break;
    case F_REGISTRY_REGION: s.registry_region = c->value; break;
    case F_WEBHOOK_URL: s.webhook_url = c->value; break;
    case F_WEBHOOK_TOKEN: s.webhook_token = c->value; break;
    case F_INSTANCE_ID: s.instance_id = c->value; break;
    case F_QUUID:
        one.quuid = c->value;
        s.conn_detect = &one;
        s.conn_detect_count = 1;
        break;
    case F_UUID:
        one.uuid = c->value;
        s.conn_detect = &one;
        s.conn_detect_count = 1;
        break;
    case F_SPEED_LIMIT: s.speed_limit = c->number; break;
    case F_INSECURE: s.insecure = (int)c->number; break;
    case F_NEED_SCAN: s.need_scan = (int)c->number; break;
    case F_SYNC_MODE: s.sync_mode = (int)c->number; break;
    case F_CONN_COUNT:
        if (c->number == -1) {
            s.conn_detect = NULL;
            s.conn_detect_count = 1;
        } else if (c->number == -2) {
            one.quuid = NULL;
            one.uuid = NULL;
            s.conn_detect = &one;
            s.conn_detect_count = 1;
        } else {
            s.conn_detect = many;
            s.conn_detect_count = (size_t)c->number;
        }
        break;
    case F_SPEC_VERSION: s.version = (unsigned int)c->number; break;
    }
    rt_emu_reset();
    rc = tcss_add_registry(&res, client, &s);
    if (c->expect == REJECT) {
        const tcss_error *e = tcss_error_last();
        const char *msg = tcss_error_message(e);
        if (rc != TCSS_EINVAL)
            fail_msg("case %zu (%s, %s): expected EINVAL, got %d", idx, fields[c->field].key, c->label, rc);
        assert_null(res);
        /* The message names the field (its leading part for nested ones). */
        {
            char lead[32];
            snprintf(lead, sizeof lead, "%s", fields[c->field].key);
            lead[strcspn(lead, "[.")] = '\0';
            if (c->field == F_SPEC_VERSION) snprintf(lead, sizeof lead, "spec.version");
            if (strstr(msg, lead) != msg) fail_msg("case %zu: message does not start with %s: %s", idx, lead, msg);
        }
        if (fields[c->field].secret && c->value != NULL && strlen(c->value) >= 4) assert_null(strstr(msg, c->value));
        assert_int_equal(tcss_error_attempts(e), 0);
        assert_int_equal(rt_emu_request_count(), 0);
        return "invalid_argument";
    }
    if (rc != TCSS_OK)
        fail_msg("case %zu (%s, %s): expected success, got %d: %s", idx, fields[c->field].key, c->label, rc,
                 tcss_error_message(tcss_error_last()));
    assert_non_null(res);
    tcss_registry_result_free(res);
    check_arrived(c, rt_env("TCSS_MOCK_REGISTRY_PASSWORD"));
    return "arrived exactly";
}

/* A printable, bounded rendering of an input for the report. */
static void describe(const struct hcase *c, char *out, size_t size) {
    size_t o = 0, i, n;
    if (c->value == NULL) {
        snprintf(out, size, "%lld", c->number);
        return;
    }
    n = strlen(c->value);
    for (i = 0; i < n && o + 8 < size; i++) {
        unsigned char ch = (unsigned char)c->value[i];
        if (i == 40 && n > 48) {
            o += (size_t)snprintf(out + o, size - o, "... (%zu bytes)", n);
            break;
        }
        if (ch < 0x20 || ch >= 0x7f || ch == '|' || ch == '`')
            o += (size_t)snprintf(out + o, size - o, "\\x%02x", ch);
        else
            out[o++] = (char)ch;
    }
    out[o] = '\0';
}

static void test_table(void **state) {
    tcss_client_options o = TCSS_CLIENT_OPTIONS_INIT;
    cJSON *rec = cJSON_CreateObject(), *rows = cJSON_AddArrayToObject(rec, "cases");
    size_t i, rejected = 0, accepted = 0;
    (void)state;
    for (i = 0; i < 101; i++) {
        many[i].quuid = "q";
        many[i].uuid = "u";
    }
    load_table();
    assert_true(n_cases >= 100);
    o.requests_per_second = TCSS_RATE_UNLIMITED;
    o.max_attempts = 1;
    o.timeout_ms = 30000;
    assert_int_equal(tcss_client_new(&client, &o), TCSS_OK);
    for (i = 0; i < n_cases; i++) {
        const struct hcase *c = &cases[i];
        const char *c_result;
        char shown[160];
        cJSON *row = cJSON_CreateObject();
        c_result = run_c_api(c, i);
        if (c->expect == REJECT)
            rejected++;
        else
            accepted++;
        describe(c, shown, sizeof shown);
        cJSON_AddStringToObject(row, "field", fields[c->field].key);
        cJSON_AddStringToObject(row, "input", c->label);
        cJSON_AddStringToObject(row, "value", shown);
        cJSON_AddStringToObject(row, "c_api", c_result);
        cJSON_AddItemToArray(rows, row);
    }
    print_message("%zu hostile inputs: %zu rejected by validation, %zu arrived exactly\n", n_cases, rejected, accepted);
    cJSON_AddNumberToObject(rec, "total", (double)n_cases);
    cJSON_AddNumberToObject(rec, "rejected", (double)rejected);
    cJSON_AddNumberToObject(rec, "accepted", (double)accepted);
    rt_record("hostile", "table", rec);
    tcss_client_free(client);
    for (i = 0; i < n_cases; i++) free(cases[i].value);
    free(cases);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
    };
    return cmocka_run_group_tests_name("hostile", tests, NULL, NULL);
}
