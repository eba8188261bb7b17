# Helpers for the examples' tests (sourced). Run under tests/harness/with-emulator.
: "${TCSS_EMULATOR:?run under tests/harness/with-emulator}"
failures=0
pass() { echo "ok - $*"; }
fail() { echo "not ok - $*"; failures=$((failures + 1)); }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/tcss-examples.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# run NAME CMD...: stdout to $tmp/NAME.out, stderr to $tmp/NAME.err, status in $rc
run() {
  local name=$1; shift
  rc=0
  "$@" >"$tmp/$name.out" 2>"$tmp/$name.err" || rc=$?
}
expect_rc() {  # expect_rc NAME WANT WHAT
  if [ "$rc" = "$2" ]; then pass "$3 (exit $rc)"; else
    fail "$3: exit $rc, want $2"; sed 's/^/#   /' "$tmp/$1.out" "$tmp/$1.err"; fi
}
expect_out() {  # expect_out NAME FILE-SUFFIX EXTENDED-REGEX WHAT
  if grep -Eq -- "$3" "$tmp/$1.$2"; then pass "$4"; else
    fail "$4: /$3/ not in $2"; sed 's/^/#   /' "$tmp/$1.out" "$tmp/$1.err"; fi
}
expect_no_secret() {  # expect_no_secret NAME
  if grep -qF -- "$TCSS_MOCK_REGISTRY_PASSWORD" "$tmp/$1.out" "$tmp/$1.err" ||
     grep -qF -- "$TENCENTCLOUD_SECRET_KEY" "$tmp/$1.out" "$tmp/$1.err"; then
    fail "$1: a secret appears in the output"
  else
    pass "$1: no secret in the output"
  fi
}
registry_names() {  # the names the emulator holds, one a line
  curl -s --noproxy '*' --max-time 10 "$TCSS_EMULATOR/__emulator/state" |
    python3 -c 'import json,sys; [print(r["Name"], r["RegistryId"]) for r in json.load(sys.stdin)["registries"]]'
}
finish() {
  echo "$failures failure(s)"
  [ "$failures" -eq 0 ]
}
