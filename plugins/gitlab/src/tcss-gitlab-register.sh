#!/bin/sh
# tcss-gitlab-register: the script of the GitLab CI/CD component
# templates/register-registry.yml. The component's job runs it (from the tcss
# image, where the `tcss` Debian package installs it as
# /usr/libexec/tcss/tcss-gitlab-register; the `register_script` input points
# elsewhere) with the inputs in TCSS_IN_* variables, and it:
#
#   - checks the inputs that name variables (password_variable,
#     webhook_token_variable, id_token_variable, dotenv_prefix) before
#     evaluating anything;
#   - puts the registry password (and webhook token, ID token) into tcss's
#     environment, never its argv or the log;
#   - runs `tcss add-registry --output env --fail-on-health-check`, masks any
#     secret in what tcss prints, and writes the dotenv report
#     tcss-registry.env (PREFIX_REGISTRY_ID, ...) in the current folder;
#   - exits 0 (added or already there), TCSS_IN_HEALTH_CHECK_EXIT_CODE (added,
#     but TCSS could not reach the registry), 2 (a bad input) or tcss's own
#     exit code.
#
# POSIX sh: bash, dash and busybox sh; needs sed, tr, head, cut, awk, base64
# and mktemp. See plugins/gitlab/README.md.
set -eu

tcss_usage() { echo "tcss-register: $*" >&2; exit 2; }
tcss_is_name() { case "$1" in '' | [0-9]* | *[!A-Za-z0-9_]*) return 1 ;; esac; return 0; }

TCSS_IN_PASSWORD_VARIABLE=${TCSS_IN_PASSWORD_VARIABLE:-}
TCSS_IN_DOTENV_PREFIX=${TCSS_IN_DOTENV_PREFIX:-TCSS}
[ -n "$TCSS_IN_PASSWORD_VARIABLE" ] \
  || tcss_usage "password_variable is required: the NAME of the CI/CD variable holding the registry's password"
tcss_is_name "$TCSS_IN_PASSWORD_VARIABLE" \
  || tcss_usage "password_variable must be the NAME of a CI/CD variable, not '$TCSS_IN_PASSWORD_VARIABLE'"
tcss_is_name "$TCSS_IN_DOTENV_PREFIX" || tcss_usage "dotenv_prefix must be a variable name prefix"
[ -n "${TCSS_IN_USERNAME:-}" ] \
  || tcss_usage "username is empty: set it to the registry account TCSS logs in with (a read-only robot or deploy token)"
[ -z "${TCSS_IN_PUSH_JOB_IGNORED:-}" ] \
  || echo "tcss-register: warning: push_job '$TCSS_IN_PUSH_JOB_IGNORED' is ignored unless after is push_job" >&2
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
TCSS_IN_AUTH=${TCSS_IN_AUTH:-keys}
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
  echo "tcss-register: keyless: assuming $TCSS_IN_ROLE_ARN with the job's ID token ($TENCENTCLOUD_ASSUME_ROLE_PROVIDER_ID)"
fi

# The flags, from the inputs that are set ("" = not sent).
TCSS_IN_NAME=${TCSS_IN_NAME:-} TCSS_IN_URL=${TCSS_IN_URL:-} TCSS_IN_REGISTRY_TYPE=${TCSS_IN_REGISTRY_TYPE:-}
set -- add-registry --output env --fail-on-health-check \
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
[ -z "${TCSS_IN_REGION:-}" ] || set -- "$@" --region "$TCSS_IN_REGION"
[ -z "${TCSS_IN_ENDPOINT:-}" ] || set -- "$@" --endpoint "$TCSS_IN_ENDPOINT"
[ "$TCSS_IN_AUTH" != oidc ] || [ -z "${TCSS_IN_STS_ENDPOINT:-}" ] \
  || set -- "$@" --sts-endpoint "$TCSS_IN_STS_ENDPOINT"
[ -z "${TCSS_IN_CA_FILE:-}" ] || set -- "$@" --ca-file "$TCSS_IN_CA_FILE"
[ -z "${TCSS_IN_MAX_ATTEMPTS:-}" ] || set -- "$@" --max-attempts "$TCSS_IN_MAX_ATTEMPTS"
[ -z "${TCSS_IN_TIMEOUT:-}" ] || set -- "$@" --timeout "$TCSS_IN_TIMEOUT"
set -f   # conn_detect is split into words, never expanded as patterns
for tcss_item in ${TCSS_IN_CONN_DETECT:-}; do set -- "$@" --conn-detect "$tcss_item"; done
set +f
echo "tcss-register: registering $TCSS_IN_URL as '$TCSS_IN_NAME' ($TCSS_IN_REGISTRY_TYPE, user $TCSS_IN_USERNAME)"

# Service text may echo a secret. The library masks the secrets it was
# given; this masks them again (as given, and the registry's Basic
# credential) in what tcss prints, before the job log or the report.
# Secrets shorter than 4 characters are not masked (they would mangle the text).
TCSS_MASK_BASIC=$(printf '%s:%s' "$TCSS_IN_USERNAME" "$TCSS_REGISTRY_PASSWORD" | base64 | tr -d '\n')
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
tcss_err=$(mktemp "${TMPDIR:-/tmp}/tcss-register.XXXXXX")
tcss_rc=0
tcss_out=$("$tcss_cmd" "$@" </dev/null 2>"$tcss_err") || tcss_rc=$?
tcss_mask <"$tcss_err" >&2
rm -f "$tcss_err"
tcss_out=$(printf '%s\n' "$tcss_out" | tcss_mask)
unset TCSS_REGISTRY_PASSWORD TCSS_WEBHOOK_TOKEN TCSS_MASK_BASIC TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN
case "$tcss_rc" in
  0 | 8) ;;
  126 | 127)
    echo "tcss-register: NOTHING WAS REGISTERED: '$tcss_cmd' could not run (exit $tcss_rc: not found," \
      "not executable, or a library it needs is missing; see above). Run the job in the tcss image or" \
      "install the tcss package where it runs." >&2
    exit "$tcss_rc" ;;
  *)
    echo "tcss-register: tcss failed with exit code $tcss_rc (its message is above)" >&2
    exit "$tcss_rc" ;;
esac
# One line per variable, only [A-Za-z0-9._:/@,+=%-] (tcss's env alphabet),
# at most 1024 characters each: GitLab refuses a dotenv report over 5 KB.
tcss_get() { printf '%s\n' "$tcss_out" | sed -n "s/^TCSS_$1=//p" | head -n 1 | tr -c 'A-Za-z0-9._:/@,+=%\n-' '_' | cut -c 1-1024; }
tcss_id=$(tcss_get REGISTRY_ID)
case "$tcss_id" in
  '' | *[!0-9]*) echo "tcss-register: could not read REGISTRY_ID from tcss's output" >&2; exit 7 ;;
esac
{
  for tcss_key in REGISTRY_ID REQUEST_ID ALREADY_EXISTED HEALTH_CHECKED HEALTH_CHECK_ERR; do
    echo "${TCSS_IN_DOTENV_PREFIX}_${tcss_key}=$(tcss_get "$tcss_key")"
  done
  echo "${TCSS_IN_DOTENV_PREFIX}_REGISTRY_NAME=$(printf '%s' "$TCSS_IN_NAME" | tr -c 'A-Za-z0-9._:/@,+=-' '_' | cut -c 1-1024)"
} > tcss-registry.env
tcss_request=$(tcss_get REQUEST_ID)
if [ "$(tcss_get ALREADY_EXISTED)" = true ]; then
  echo "tcss-register: registry $tcss_id already existed (RequestId $tcss_request)"
else
  echo "tcss-register: registry $tcss_id added (RequestId $tcss_request)"
fi
if [ "$tcss_rc" -eq 8 ]; then
  echo "tcss-register: WARNING: TCSS could not reach the registry (tcss's message is above)" >&2
  exit "${TCSS_IN_HEALTH_CHECK_EXIT_CODE:-8}"
fi
