/* Prints, as JSON, the size of each public struct and the offset of each
 * field as the C compiler lays them out; test_tcss.py compares them with the
 * ctypes declarations in tcss/_native.py. */
#include <stddef.h>
#include <stdio.h>

#include <tcss/tcss.h>

#define FIELD(s, f) printf("%s\"%s\": %zu", first ? "" : ", ", #f, offsetof(s, f)), first = 0

int main(void) {
    int first;

    printf("{\"ClientOptions\": {\"__size__\": %zu", sizeof(tcss_client_options));
    first = 0;
    FIELD(tcss_client_options, version);
    FIELD(tcss_client_options, secret_id);
    FIELD(tcss_client_options, secret_key);
    FIELD(tcss_client_options, session_token);
    FIELD(tcss_client_options, profile);
    FIELD(tcss_client_options, region);
    FIELD(tcss_client_options, endpoint);
    FIELD(tcss_client_options, ca_file);
    FIELD(tcss_client_options, proxy);
    FIELD(tcss_client_options, language);
    FIELD(tcss_client_options, connect_timeout_ms);
    FIELD(tcss_client_options, timeout_ms);
    FIELD(tcss_client_options, max_attempts);
    FIELD(tcss_client_options, requests_per_second);
    FIELD(tcss_client_options, log_fn);
    FIELD(tcss_client_options, log_userdata);
    FIELD(tcss_client_options, log_level);
    FIELD(tcss_client_options, sts_endpoint);
    FIELD(tcss_client_options, metadata_endpoint);
    FIELD(tcss_client_options, no_metadata);
    FIELD(tcss_client_options, role_arn);
    FIELD(tcss_client_options, provider_id);
    FIELD(tcss_client_options, web_identity_token);
    FIELD(tcss_client_options, web_identity_token_file);
    FIELD(tcss_client_options, role_session_name);
    FIELD(tcss_client_options, session_duration);

    printf("}, \"ConnDetect\": {\"__size__\": %zu", sizeof(tcss_conn_detect));
    FIELD(tcss_conn_detect, quuid);
    FIELD(tcss_conn_detect, uuid);

    printf("}, \"RegistrySpec\": {\"__size__\": %zu", sizeof(tcss_registry_spec));
    FIELD(tcss_registry_spec, version);
    FIELD(tcss_registry_spec, name);
    FIELD(tcss_registry_spec, username);
    FIELD(tcss_registry_spec, password);
    FIELD(tcss_registry_spec, url);
    FIELD(tcss_registry_spec, registry_type);
    FIELD(tcss_registry_spec, net_type);
    FIELD(tcss_registry_spec, registry_version);
    FIELD(tcss_registry_spec, registry_region);
    FIELD(tcss_registry_spec, speed_limit);
    FIELD(tcss_registry_spec, insecure);
    FIELD(tcss_registry_spec, conn_detect);
    FIELD(tcss_registry_spec, conn_detect_count);
    FIELD(tcss_registry_spec, need_scan);
    FIELD(tcss_registry_spec, sync_mode);
    FIELD(tcss_registry_spec, webhook_url);
    FIELD(tcss_registry_spec, webhook_token);
    FIELD(tcss_registry_spec, instance_id);

    printf("}, \"RegistryResult\": {\"__size__\": %zu", sizeof(tcss_registry_result));
    FIELD(tcss_registry_result, registry_id);
    FIELD(tcss_registry_result, request_id);
    FIELD(tcss_registry_result, health_check_err);
    FIELD(tcss_registry_result, name_repeat_err);
    FIELD(tcss_registry_result, already_existed);
    FIELD(tcss_registry_result, attempts);

    printf("}, \"ScanOptions\": {\"__size__\": %zu", sizeof(tcss_scan_options));
    FIELD(tcss_scan_options, version);
    FIELD(tcss_scan_options, registry_name);
    FIELD(tcss_scan_options, image);
    FIELD(tcss_scan_options, sync);
    FIELD(tcss_scan_options, wait_ms);
    FIELD(tcss_scan_options, fail_on);
    FIELD(tcss_scan_options, max_critical);
    FIELD(tcss_scan_options, max_high);
    FIELD(tcss_scan_options, max_medium);
    FIELD(tcss_scan_options, max_low);
    FIELD(tcss_scan_options, only_fixed);
    FIELD(tcss_scan_options, ignore_file);
    printf("}}\n");
    return 0;
}
