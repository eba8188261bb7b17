#!/bin/sh
# tcss-gitlab-register: the script of the GitLab CI/CD components
# templates/register-registry.yml and templates/scan-image.yml. Their jobs
# run it (from the tcss image, where the `tcss` Debian package installs it as
# /usr/libexec/tcss/tcss-gitlab-register; the `register_script` input points
# elsewhere) with the inputs in TCSS_IN_* variables. TCSS_IN_COMMAND says
# what to do:
#
#   ensure (the default; register-registry): `tcss ensure-registry`: add the
#     registry, or update it in place when a setting differs or TCSS cannot
#     log in to it any more (a rotated password), or leave it as it is; the
#     dotenv report tcss-registry.env (PREFIX_REGISTRY_ID, PREFIX_ACTION, ...).
#     Exits 0, TCSS_IN_HEALTH_CHECK_EXIT_CODE (registered, but TCSS could not
#     reach the registry), 2 (a bad input) or tcss's own exit code.
#   scan (scan-image): `tcss scan`: sync the registry, find the image just
#     pushed, scan it in TCSS, wait, and gate on the findings; the reports
#     gl-container-scanning-report.json (GitLab's container_scanning),
#     tcss-scan-junit.xml, tcss-scan-report.json and the dotenv report
#     tcss-scan.env. Exits 0 (passed), 9 (the gate failed), 10 (the scan did
#     not finish), 11 (the image or the registry is not in TCSS), 2 or tcss's
#     own exit code; the reports are written for 9 and 10 too.
#
# Both check the inputs that name variables (password_variable,
# webhook_token_variable, id_token_variable, digest_variable, dotenv_prefix)
# before evaluating anything, put secrets into tcss's environment (never its
# argv or the log), and mask any secret in what tcss prints.
#
# POSIX sh: bash, dash and busybox sh; needs sed, tr, head, cut, awk, base64,
# grep and mktemp. See plugins/gitlab/README.md.
set -eu

tcss_usage() { echo "tcss-$tcss_what: $*" >&2; exit 2; }
tcss_is_name() { case "$1" in '' | [0-9]* | *[!A-Za-z0-9_]*) return 1 ;; esac; return 0; }
tcss_is_count() { case "$1" in '' | *[!0-9]*) return 1 ;; esac; return 0; }

TCSS_IN_COMMAND=${TCSS_IN_COMMAND:-ensure}
case "$TCSS_IN_COMMAND" in
  ensure) tcss_what=register ;;
  scan) tcss_what=scan ;;
  *) tcss_what=register; tcss_usage "TCSS_IN_COMMAND must be ensure or scan, not '$TCSS_IN_COMMAND'" ;;
esac
TCSS_IN_DOTENV_PREFIX=${TCSS_IN_DOTENV_PREFIX:-TCSS}
tcss_is_name "$TCSS_IN_DOTENV_PREFIX" || tcss_usage "dotenv_prefix must be a variable name prefix"
TCSS_REGISTRY_PASSWORD="" TCSS_WEBHOOK_TOKEN=""

# ---- the registry password and webhook token (ensure) ----------------------
if [ "$TCSS_IN_COMMAND" = ensure ]; then
  TCSS_IN_PASSWORD_VARIABLE=${TCSS_IN_PASSWORD_VARIABLE:-}
  [ -n "$TCSS_IN_PASSWORD_VARIABLE" ] \
    || tcss_usage "password_variable is required: the NAME of the CI/CD variable holding the registry's password"
  tcss_is_name "$TCSS_IN_PASSWORD_VARIABLE" \
    || tcss_usage "password_variable must be the NAME of a CI/CD variable, not '$TCSS_IN_PASSWORD_VARIABLE'"
  [ -n "${TCSS_IN_USERNAME:-}" ] \
    || tcss_usage "username is empty: set it to the registry account TCSS logs in with (a read-only robot or deploy token)"
  [ -z "${TCSS_IN_PUSH_JOB_IGNORED:-}" ] \
    || echo "tcss-register: warning: push_job '$TCSS_IN_PUSH_JOB_IGNORED' is ignored unless after is push_job" >&2
  case "${TCSS_IN_UPDATE:-auto}" in
    auto | always | never) ;;
    *) tcss_usage "update must be auto, always or never, not '$TCSS_IN_UPDATE'" ;;
  esac
  case "$TCSS_IN_PASSWORD_VARIABLE" in
    CI_REGISTRY_PASSWORD | CI_JOB_TOKEN)
      echo "tcss-register: WARNING: $TCSS_IN_PASSWORD_VARIABLE is the job token, which expires when this job" \
        "ends: TCSS stores it but cannot sync the registry afterwards. Use a long-lived read-only" \
        "credential (a deploy token with read_registry; see the component's README)." >&2 ;;
  esac
  # The password travels by name -> environment of tcss; never argv, never the log.
  eval "TCSS_REGISTRY_PASSWORD=\${$TCSS_IN_PASSWORD_VARIABLE:-}"
  [ -n "$TCSS_REGISTRY_PASSWORD" ] \
    || tcss_usage "the variable $TCSS_IN_PASSWORD_VARIABLE (password_variable) is empty or not set"
  export TCSS_REGISTRY_PASSWORD
  TCSS_IN_WEBHOOK_TOKEN_VARIABLE=${TCSS_IN_WEBHOOK_TOKEN_VARIABLE:-}
  if [ -n "$TCSS_IN_WEBHOOK_TOKEN_VARIABLE" ]; then
    tcss_is_name "$TCSS_IN_WEBHOOK_TOKEN_VARIABLE" \
      || tcss_usage "webhook_token_variable must be the NAME of a CI/CD variable"
    eval "TCSS_WEBHOOK_TOKEN=\${$TCSS_IN_WEBHOOK_TOKEN_VARIABLE:-}"
    [ -n "$TCSS_WEBHOOK_TOKEN" ] \
      || tcss_usage "the variable $TCSS_IN_WEBHOOK_TOKEN_VARIABLE (webhook_token_variable) is empty or not set"
    export TCSS_WEBHOOK_TOKEN
  fi
fi

# ---- the image and the gate (scan) -----------------------------------------
if [ "$TCSS_IN_COMMAND" = scan ]; then
  TCSS_IN_IMAGE=${TCSS_IN_IMAGE:-}
  [ -n "$TCSS_IN_IMAGE" ] || tcss_usage "image is empty: set it to HOST/PATH:TAG of the image pushed"
  case "$TCSS_IN_IMAGE" in
    *[!A-Za-z0-9._:/@-]*) tcss_usage "image must be HOST/PATH:TAG[@sha256:DIGEST], not '$TCSS_IN_IMAGE'" ;;
  esac
  TCSS_IN_DIGEST_VARIABLE=${TCSS_IN_DIGEST_VARIABLE:-}
  if [ -n "$TCSS_IN_DIGEST_VARIABLE" ]; then
    # The digest a push printed, from a previous job's dotenv report (by name).
    tcss_is_name "$TCSS_IN_DIGEST_VARIABLE" \
      || tcss_usage "digest_variable must be the NAME of a variable, not '$TCSS_IN_DIGEST_VARIABLE'"
    eval "tcss_digest=\${$TCSS_IN_DIGEST_VARIABLE:-}"
    [ -n "$tcss_digest" ] || tcss_usage "the variable $TCSS_IN_DIGEST_VARIABLE (digest_variable) is empty or not set" \
      "(is the job that pushed in this job's needs, with its dotenv report?)"
    case "$tcss_digest" in
      sha256:*[!0-9a-f]* | sha256:) tcss_usage "$TCSS_IN_DIGEST_VARIABLE must be sha256: and 64 hex digits" ;;
      sha256:*) [ "${#tcss_digest}" -eq 71 ] || tcss_usage "$TCSS_IN_DIGEST_VARIABLE must be sha256: and 64 hex digits" ;;
      *) tcss_usage "$TCSS_IN_DIGEST_VARIABLE must be sha256: and 64 hex digits" ;;
    esac
    case "$TCSS_IN_IMAGE" in
      *@*) tcss_usage "image already has a digest (@...): leave digest_variable empty" ;;
    esac
    TCSS_IN_IMAGE=$TCSS_IN_IMAGE@$tcss_digest
  fi
  case "${TCSS_IN_FAIL_ON:-}" in
    '' | critical | high | medium | low | none) ;;
    *) tcss_usage "fail_on must be critical, high, medium, low or none, not '$TCSS_IN_FAIL_ON'" ;;
  esac
  for tcss_level in CRITICAL HIGH MEDIUM LOW; do
    eval "tcss_max=\${TCSS_IN_MAX_$tcss_level:-}"
    [ -z "$tcss_max" ] || tcss_is_count "$tcss_max" \
      || tcss_usage "max_$(printf '%s' "$tcss_level" | tr 'A-Z' 'a-z') must be a whole number >= 0, not '$tcss_max'"
  done
  [ -z "${TCSS_IN_WAIT:-}" ] || tcss_is_count "$TCSS_IN_WAIT" \
    || tcss_usage "wait must be whole seconds, not '$TCSS_IN_WAIT'"
  case "${TCSS_IN_SYNC:-}${TCSS_IN_ONLY_FIXED:-}" in
    *[!a-z]*) tcss_usage "sync and only_fixed must be true or false" ;;
  esac
  TCSS_IN_IGNORE_FILE=${TCSS_IN_IGNORE_FILE:-}
  if [ -n "$TCSS_IN_IGNORE_FILE" ] && [ ! -r "$TCSS_IN_IGNORE_FILE" ]; then
    tcss_usage "ignore_file '$TCSS_IN_IGNORE_FILE' cannot be read (a path in the project, relative to its root)"
  fi
fi

# ---- credentials -----------------------------------------------------------
TCSS_IN_AUTH=${TCSS_IN_AUTH:-keys}
TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN=${TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN:-}
if [ "$TCSS_IN_AUTH" = oidc ]; then
  # Keyless: the ID token, role and provider reach tcss by the variables
  # the Terraform provider reads (environment, never argv). A static key
  # would come first in tcss's chain, so it is dropped here.
  TCSS_IN_ID_TOKEN_VARIABLE=${TCSS_IN_ID_TOKEN_VARIABLE:-}
  tcss_is_name "$TCSS_IN_ID_TOKEN_VARIABLE" \
    || tcss_usage "id_token_variable must be the NAME of a variable, not '$TCSS_IN_ID_TOKEN_VARIABLE'"
  [ -n "${TCSS_IN_ROLE_ARN:-}" ] || tcss_usage "auth oidc needs the role_arn input (the CAM role to assume)"
  eval "TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN=\${$TCSS_IN_ID_TOKEN_VARIABLE:-}"
  [ -n "$TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN" ] \
    || tcss_usage "the ID token $TCSS_IN_ID_TOKEN_VARIABLE is empty or not set (id_tokens needs GitLab 15.7 or later)"
  unset TENCENTCLOUD_SECRET_ID TENCENTCLOUD_SECRET_KEY TENCENTCLOUD_SESSION_TOKEN \
    TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN_FILE
  TENCENTCLOUD_ASSUME_ROLE_ARN=$TCSS_IN_ROLE_ARN
  TENCENTCLOUD_ASSUME_ROLE_PROVIDER_ID=${TCSS_IN_PROVIDER_ID:-OIDC}
  export TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN TENCENTCLOUD_ASSUME_ROLE_ARN TENCENTCLOUD_ASSUME_ROLE_PROVIDER_ID
  echo "tcss-$tcss_what: keyless: assuming $TCSS_IN_ROLE_ARN with the job's ID token ($TENCENTCLOUD_ASSUME_ROLE_PROVIDER_ID)"
fi

# ---- the flags, from the inputs that are set ("" = not sent) ---------------
TCSS_IN_NAME=${TCSS_IN_NAME:-}
if [ "$TCSS_IN_COMMAND" = ensure ]; then
  TCSS_IN_URL=${TCSS_IN_URL:-} TCSS_IN_REGISTRY_TYPE=${TCSS_IN_REGISTRY_TYPE:-}
  set -- ensure-registry --output env --fail-on-health-check --update "${TCSS_IN_UPDATE:-auto}" \
    --name "$TCSS_IN_NAME" --url "$TCSS_IN_URL" --registry-type "$TCSS_IN_REGISTRY_TYPE" \
    --username "$TCSS_IN_USERNAME" --net-type "${TCSS_IN_NET_TYPE:-public}"
  [ -z "${TCSS_IN_REGISTRY_VERSION:-}" ] || set -- "$@" --registry-version "$TCSS_IN_REGISTRY_VERSION"
  [ -z "${TCSS_IN_REGISTRY_REGION:-}" ] || set -- "$@" --registry-region "$TCSS_IN_REGISTRY_REGION"
  [ -z "${TCSS_IN_SPEED_LIMIT:-}" ] || set -- "$@" --speed-limit "$TCSS_IN_SPEED_LIMIT"
  [ -z "${TCSS_IN_INSECURE:-}" ] || set -- "$@" "--insecure=$TCSS_IN_INSECURE"
  [ -z "${TCSS_IN_NEED_SCAN:-}" ] || set -- "$@" "--need-scan=$TCSS_IN_NEED_SCAN"
  [ -z "${TCSS_IN_SYNC_MODE:-}" ] || set -- "$@" --sync-mode "$TCSS_IN_SYNC_MODE"
  [ -z "${TCSS_IN_WEBHOOK_URL:-}" ] || set -- "$@" --webhook-url "$TCSS_IN_WEBHOOK_URL"
  [ -z "${TCSS_IN_INSTANCE_ID:-}" ] || set -- "$@" --instance-id "$TCSS_IN_INSTANCE_ID"
  set -f   # conn_detect is split into words, never expanded as patterns
  for tcss_item in ${TCSS_IN_CONN_DETECT:-}; do set -- "$@" --conn-detect "$tcss_item"; done
  set +f
  echo "tcss-register: ensuring $TCSS_IN_URL is registered as '$TCSS_IN_NAME' ($TCSS_IN_REGISTRY_TYPE, user $TCSS_IN_USERNAME, update ${TCSS_IN_UPDATE:-auto})"
else
  tcss_report_gitlab=gl-container-scanning-report.json tcss_report_junit=tcss-scan-junit.xml
  tcss_report_json=tcss-scan-report.json
  set -- scan --output env --name "$TCSS_IN_NAME" --image "$TCSS_IN_IMAGE" \
    --report "gitlab=$tcss_report_gitlab" --report "junit=$tcss_report_junit" --report "json=$tcss_report_json"
  [ "${TCSS_IN_SYNC:-}" != true ] || set -- "$@" --sync
  [ -z "${TCSS_IN_WAIT:-}" ] || set -- "$@" --wait "$TCSS_IN_WAIT"
  [ -z "${TCSS_IN_FAIL_ON:-}" ] || set -- "$@" --fail-on "$TCSS_IN_FAIL_ON"
  [ -z "${TCSS_IN_MAX_CRITICAL:-}" ] || set -- "$@" --max-critical "$TCSS_IN_MAX_CRITICAL"
  [ -z "${TCSS_IN_MAX_HIGH:-}" ] || set -- "$@" --max-high "$TCSS_IN_MAX_HIGH"
  [ -z "${TCSS_IN_MAX_MEDIUM:-}" ] || set -- "$@" --max-medium "$TCSS_IN_MAX_MEDIUM"
  [ -z "${TCSS_IN_MAX_LOW:-}" ] || set -- "$@" --max-low "$TCSS_IN_MAX_LOW"
  [ "${TCSS_IN_ONLY_FIXED:-}" != true ] || set -- "$@" --only-fixed
  [ -z "$TCSS_IN_IGNORE_FILE" ] || set -- "$@" --ignore-file "$TCSS_IN_IGNORE_FILE"
  rm -f "$tcss_report_gitlab" "$tcss_report_junit" "$tcss_report_json" tcss-scan.env
  echo "tcss-scan: scanning $TCSS_IN_IMAGE in TCSS (registry '$TCSS_IN_NAME'${TCSS_IN_SYNC:+, sync $TCSS_IN_SYNC}${TCSS_IN_WAIT:+, wait ${TCSS_IN_WAIT}s}${TCSS_IN_FAIL_ON:+, fail on $TCSS_IN_FAIL_ON})"
fi
[ -z "${TCSS_IN_REGION:-}" ] || set -- "$@" --region "$TCSS_IN_REGION"
[ -z "${TCSS_IN_ENDPOINT:-}" ] || set -- "$@" --endpoint "$TCSS_IN_ENDPOINT"
[ "$TCSS_IN_AUTH" != oidc ] || [ -z "${TCSS_IN_STS_ENDPOINT:-}" ] \
  || set -- "$@" --sts-endpoint "$TCSS_IN_STS_ENDPOINT"
[ -z "${TCSS_IN_CA_FILE:-}" ] || set -- "$@" --ca-file "$TCSS_IN_CA_FILE"
[ -z "${TCSS_IN_MAX_ATTEMPTS:-}" ] || set -- "$@" --max-attempts "$TCSS_IN_MAX_ATTEMPTS"
[ -z "${TCSS_IN_TIMEOUT:-}" ] || set -- "$@" --timeout "$TCSS_IN_TIMEOUT"

# Service text may echo a secret. The library masks the secrets it was
# given; this masks them again (as given, and the registry's Basic
# credential) in what tcss prints, before the job log or the report.
# Secrets shorter than 4 characters are not masked (they would mangle the text).
TCSS_MASK_BASIC=""
[ -z "$TCSS_REGISTRY_PASSWORD" ] \
  || TCSS_MASK_BASIC=$(printf '%s:%s' "$TCSS_IN_USERNAME" "$TCSS_REGISTRY_PASSWORD" | base64 | tr -d '\n')
export TCSS_MASK_BASIC
tcss_mask() {
  awk 'function cut(line, n,  i) { if (length(n) < 4) return line;
         while ((i = index(line, n)) > 0) line = substr(line, 1, i - 1) "****" substr(line, i + length(n));
         return line }
       BEGIN { split("TCSS_REGISTRY_PASSWORD TCSS_WEBHOOK_TOKEN TENCENTCLOUD_SECRET_KEY TENCENTCLOUD_SESSION_TOKEN TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN TCSS_MASK_BASIC", names, " ")
         for (k in names) { v = ENVIRON[names[k]]; if (v != "") { n++; s[n] = v } } }
       { for (j = 1; j <= n; j++) $0 = cut($0, s[j]); print }'
}
# tcss --output env: TCSS_KEY=value lines on stdout (values percent-
# encoded, never quoted: GitLab's dotenv reader keeps quotes), and its
# message on stderr, which goes to the job log.
tcss_cmd=${TCSS_IN_TCSS:-tcss}
tcss_err=$(mktemp "${TMPDIR:-/tmp}/tcss-$tcss_what.XXXXXX")
tcss_rc=0
tcss_out=$("$tcss_cmd" "$@" </dev/null 2>"$tcss_err") || tcss_rc=$?
tcss_mask <"$tcss_err" >&2
rm -f "$tcss_err"
tcss_out=$(printf '%s\n' "$tcss_out" | tcss_mask)
unset TCSS_REGISTRY_PASSWORD TCSS_WEBHOOK_TOKEN TCSS_MASK_BASIC TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN
case "$tcss_rc" in
  126 | 127)
    tcss_nothing="NOTHING WAS REGISTERED"
    [ "$tcss_what" = register ] || tcss_nothing="NOTHING WAS SCANNED"
    echo "tcss-$tcss_what: $tcss_nothing: '$tcss_cmd' could not run (exit $tcss_rc: not found," \
      "not executable, or a library it needs is missing; see above). Run the job in the tcss image or" \
      "install the tcss package where it runs." >&2
    exit "$tcss_rc" ;;
esac
# One line per variable, only [A-Za-z0-9._:/@,+=%-] (tcss's env alphabet),
# at most 1024 characters each: GitLab refuses a dotenv report over 5 KB.
tcss_clean() { tr -c 'A-Za-z0-9._:/@,+=%\n-' '_' | cut -c 1-1024; }
tcss_get() { printf '%s\n' "$tcss_out" | sed -n "s/^TCSS_$1=//p" | head -n 1 | tcss_clean; }
tcss_has() { printf '%s\n' "$tcss_out" | grep -q "^TCSS_$1="; }

# ---- ensure: the dotenv report ---------------------------------------------
if [ "$TCSS_IN_COMMAND" = ensure ]; then
  case "$tcss_rc" in
    0 | 8) ;;
    *) echo "tcss-register: tcss failed with exit code $tcss_rc (its message is above)" >&2
       exit "$tcss_rc" ;;
  esac
  tcss_id=$(tcss_get REGISTRY_ID)
  case "$tcss_id" in
    '' | *[!0-9]*) echo "tcss-register: could not read REGISTRY_ID from tcss's output" >&2; exit 7 ;;
  esac
  tcss_action=$(tcss_get ACTION)
  case "$tcss_action" in
    added | updated | unchanged) ;;
    *) echo "tcss-register: could not read ACTION (added, updated or unchanged) from tcss's output" >&2; exit 7 ;;
  esac
  # ALREADY_EXISTED and HEALTH_CHECKED as the add-registry job had them:
  # TCSS health-checks a registry when it adds or updates it.
  if tcss_has ALREADY_EXISTED; then tcss_existed=$(tcss_get ALREADY_EXISTED)
  elif [ "$tcss_action" = added ]; then tcss_existed=false; else tcss_existed=true; fi
  if tcss_has HEALTH_CHECKED; then tcss_checked=$(tcss_get HEALTH_CHECKED)
  elif [ "$tcss_action" = unchanged ]; then tcss_checked=false; else tcss_checked=true; fi
  {
    echo "${TCSS_IN_DOTENV_PREFIX}_REGISTRY_ID=$tcss_id"
    echo "${TCSS_IN_DOTENV_PREFIX}_REQUEST_ID=$(tcss_get REQUEST_ID)"
    echo "${TCSS_IN_DOTENV_PREFIX}_ACTION=$tcss_action"
    echo "${TCSS_IN_DOTENV_PREFIX}_CHANGED=$(tcss_get CHANGED)"
    echo "${TCSS_IN_DOTENV_PREFIX}_ALREADY_EXISTED=$tcss_existed"
    echo "${TCSS_IN_DOTENV_PREFIX}_HEALTH_CHECKED=$tcss_checked"
    echo "${TCSS_IN_DOTENV_PREFIX}_HEALTH_CHECK_ERR=$(tcss_get HEALTH_CHECK_ERR)"
    echo "${TCSS_IN_DOTENV_PREFIX}_REGISTRY_NAME=$(printf '%s' "$TCSS_IN_NAME" | tr -c 'A-Za-z0-9._:/@,+=-' '_' | cut -c 1-1024)"
  } > tcss-registry.env
  tcss_request=$(tcss_get REQUEST_ID)
  case "$tcss_action" in
    added) echo "tcss-register: registry $tcss_id added (RequestId $tcss_request)" ;;
    updated) echo "tcss-register: registry $tcss_id updated in place: $(tcss_get CHANGED | sed 's/%2C/,/g; s/%20/ /g') (RequestId $tcss_request)" ;;
    unchanged) echo "tcss-register: registry $tcss_id already existed, unchanged (RequestId $tcss_request)" ;;
  esac
  if [ "$tcss_rc" -eq 8 ]; then
    echo "tcss-register: WARNING: TCSS could not reach the registry (tcss's message is above)" >&2
    exit "${TCSS_IN_HEALTH_CHECK_EXIT_CODE:-8}"
  fi
  exit 0
fi

# ---- scan: the dotenv report and the outcome -------------------------------
case "$tcss_rc" in
  0) tcss_outcome=passed ;;
  9) tcss_outcome=gate_failed ;;
  10) tcss_outcome=incomplete ;;
  11) tcss_outcome=not_found ;;
  *) tcss_outcome=error ;;   # 12: a report could not be written; 2..8: tcss's own
esac
# Every TCSS_* line tcss printed (OUTCOME, PASSED, CRITICAL, ...,
# GATE_SUMMARY, REPORT_*), under the prefix, cleaned and capped (at most 40
# lines and 3.5 KB of them: GitLab refuses a dotenv report over 5 KB), then
# what this job adds: the image, the outcome, the exit code.
{
  printf '%s\n' "$tcss_out" | grep '^TCSS_[A-Z0-9_]*=' | grep -v -e '^TCSS_SCAN_IMAGE=' -e '^TCSS_SCAN_OUTCOME=' -e '^TCSS_SCAN_EXIT_CODE=' \
    | head -n 40 | sed "s/^TCSS_/${TCSS_IN_DOTENV_PREFIX}_/" | tcss_clean \
    | awk '{ total += length($0) + 1; if (total > 3500) exit; print }'
  echo "${TCSS_IN_DOTENV_PREFIX}_SCAN_IMAGE=$(printf '%s' "$TCSS_IN_IMAGE" | tcss_clean)"
  echo "${TCSS_IN_DOTENV_PREFIX}_SCAN_OUTCOME=$tcss_outcome"
  echo "${TCSS_IN_DOTENV_PREFIX}_SCAN_EXIT_CODE=$tcss_rc"
} > tcss-scan.env
# tcss --output env prints no text summary: say the counts and the gate's
# verdict in the log from its variables (percent-decoded for printable ASCII
# only; any other byte stays %XX, so nothing can reach the log raw).
tcss_decode() {
  awk 'BEGIN { h = "0123456789ABCDEF" }
       { out = ""; s = $0
         while ((i = index(s, "%")) > 0) {
           out = out substr(s, 1, i - 1); c = toupper(substr(s, i + 1, 2))
           n = (index(h, substr(c, 1, 1)) - 1) * 16 + index(h, substr(c, 2, 1)) - 1
           if (length(c) == 2 && index(h, substr(c, 1, 1)) && index(h, substr(c, 2, 1)) && n >= 32 && n < 127) {
             out = out sprintf("%c", n); s = substr(s, i + 3)
           } else { out = out "%"; s = substr(s, i + 1) } }
         print out s }'
}
if tcss_has GATE_SUMMARY; then
  tcss_counts=""
  for tcss_level in CRITICAL HIGH MEDIUM LOW UNKNOWN; do
    tcss_n=$(tcss_get "$tcss_level") tcss_f=$(tcss_get "${tcss_level}_FAILING")
    tcss_counts="$tcss_counts${tcss_counts:+, }$(printf '%s' "$tcss_level" | tr 'A-Z' 'a-z') ${tcss_n:-?}"
    case "$tcss_f" in '' | 0) ;; *) tcss_counts="$tcss_counts ($tcss_f failing)" ;; esac
  done
  echo "tcss-scan: findings: $tcss_counts"
  echo "tcss-scan: gate: $(tcss_get GATE_SUMMARY | tcss_decode)"
fi
case "$tcss_outcome" in
  passed) echo "tcss-scan: PASSED: $TCSS_IN_IMAGE is within the threshold (reports: $tcss_report_gitlab, $tcss_report_junit)" ;;
  gate_failed) echo "tcss-scan: GATE FAILED: $TCSS_IN_IMAGE has findings over the threshold (exit 9; the gate's reasons are above, the findings in the reports)" >&2 ;;
  incomplete) echo "tcss-scan: INCOMPLETE: the scan of $TCSS_IN_IMAGE did not finish (exit 10: an error, a timeout, or wait ran out)" >&2 ;;
  not_found) echo "tcss-scan: NOT FOUND: $TCSS_IN_IMAGE (or the registry '$TCSS_IN_NAME') is not in TCSS (exit 11: was it pushed to that registry, and synced?)" >&2 ;;
  error) echo "tcss-scan: tcss failed with exit code $tcss_rc (its message is above)" >&2 ;;
esac
exit "$tcss_rc"
