#!/usr/bin/env bash
# Installs gitlab-ci-local (pinned in plugins/gitlab/tests/package-lock.json)
# into plugins/gitlab/tests/node_modules for the GitLab end-to-end test.
# Idempotent: does nothing when the pinned version is already there.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
dir=$root/plugins/gitlab/tests
want=$(sed -n 's/.*"gitlab-ci-local": *"\([^"]*\)".*/\1/p' "$dir/package.json" | head -n1)
have=$("$dir/node_modules/.bin/gitlab-ci-local" --version 2>/dev/null || true)
if [ -n "$want" ] && [ "$have" = "$want" ]; then
  exit 0
fi
command -v npm >/dev/null || { echo "scripts/deps/gitlab.sh: npm not found (it comes with nodejs)" >&2; exit 1; }
echo "scripts/deps/gitlab.sh: installing gitlab-ci-local $want" >&2
cd "$dir"
npm ci --no-audit --no-fund --loglevel=error >/dev/null
