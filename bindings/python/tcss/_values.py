"""The API's values and libtcss's defaults and limits, as tcss.values.

Copied from the values block of include/tcss/tcss.h ("The API's values and the
library's defaults"), the one source; tests/test_values.py fails when a name
or a value here differs from the header, so they cannot drift apart.
"""

REGISTRY_TYPES = "harbor,quay,jfrog,aws,azure,other-tcr"
"""RegistryType values the API accepts, comma-separated, in the API page's order."""
REGISTRY_TYPES_LIST = tuple(REGISTRY_TYPES.split(","))

NET_TYPES = "public"
"""NetType values the API accepts."""
NET_TYPES_LIST = tuple(NET_TYPES.split(","))

DEFAULT_ENDPOINT = "https://tcss.intl.tencentcloudapi.com"
DEFAULT_CONNECT_TIMEOUT_MS = 10000
"""connect_timeout_ms when 0: per connection attempt."""
DEFAULT_TIMEOUT_MS = 60000
"""timeout_ms when 0: the whole call, every attempt and wait included."""
DEFAULT_MAX_ATTEMPTS = 3
"""max_attempts when 0 (the first attempt included)."""
MAX_ATTEMPTS_LIMIT = 100
MAX_TIMEOUT_MS = 86400000
"""The largest timeout_ms and connect_timeout_ms accepted (24 h); larger is refused."""
DEFAULT_REQUESTS_PER_SECOND = 20
"""requests_per_second when 0: the API's documented limit per account."""

MAX_NAME_BYTES = 256
MAX_USERNAME_BYTES = 512
MAX_PASSWORD_BYTES = 16384
MAX_URL_BYTES = 2048
MAX_SHORT_TEXT_BYTES = 128
MAX_WEBHOOK_TOKEN_BYTES = 4096
MAX_CONN_DETECT_ITEMS = 100
MAX_REGION_BYTES = 64
"""region / TENCENTCLOUD_REGION: letters, digits, '-' and '_', at most this many bytes."""

DEFAULT_STS_ENDPOINT = "https://sts.intl.tencentcloudapi.com"
"""sts_endpoint when unset (and $TCSS_STS_ENDPOINT too)."""
MAINLAND_STS_ENDPOINT = "https://sts.tencentcloudapi.com"
"""sts_endpoint when unset and the API endpoint is a mainland tencentcloudapi.com host."""
DEFAULT_METADATA_ENDPOINT = "http://metadata.tencentyun.com"
"""metadata_endpoint when unset: the CVM metadata service."""
DEFAULT_SESSION_DURATION = 7200
"""session_duration when 0: seconds the STS credentials live."""
MIN_SESSION_DURATION = 1
MAX_SESSION_DURATION = 43200

# libtcss 1.1 (the recurring job). The header has no #define for these: they
# are its enums (tcss_update_policy, tcss_scan_outcome) and the strings its
# doc comments list (tcss_scan_options.fail_on, tcss_result_write_report);
# tests/test_values.py reads each from include/tcss/tcss.h and checks that the
# loaded library accepts exactly these.
UPDATE_AUTO = 0
"""tcss_update_policy TCSS_UPDATE_AUTO: update when a setting differs or TCSS reports status_auth_failed."""
UPDATE_ALWAYS = 1
UPDATE_NEVER = 2
UPDATE_POLICIES = ("auto", "always", "never")
"""Client.ensure_registry(update=...): the policies, index = the enum's value."""

SCAN_PASSED = 0
"""tcss_scan_outcome: a scan result's OutcomeCode."""
SCAN_GATE_FAILED = 1
SCAN_INCOMPLETE = 2
OUTCOMES = ("passed", "gate_failed", "incomplete")
"""A scan result's Outcome, index = its OutcomeCode."""

SCAN_FAIL_ON_LEVELS = "critical,high,medium,low,none"
"""TCSS_SCAN_FAIL_ON_LEVELS, as the header spells it."""
FAIL_ON_LEVELS = tuple(SCAN_FAIL_ON_LEVELS.split(","))
"""Client.scan(fail_on=...): the lowest severity that fails the gate by itself; "none" (the default): none does."""
REPORT_FORMATS = "gitlab,sarif,junit,json"
"""TCSS_REPORT_FORMATS, as the header spells it."""
REPORT_FORMATS_LIST = tuple(REPORT_FORMATS.split(","))
"""ScanResult.write_report(format, ...): GitLab container_scanning, SARIF 2.1.0, JUnit XML, the json report."""
DEFAULT_SCAN_WAIT_MS = 600000
"""TCSS_DEFAULT_SCAN_WAIT_MS: Client.scan(wait=None) waits this long."""
