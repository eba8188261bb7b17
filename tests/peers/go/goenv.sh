# Sourced by scripts/deps/peers.sh and tests/peers/go_sdk_oracle.sh: the Go
# toolchain's settings for tests/peers/go, so that everything it downloads or
# builds stays in tests/peers/go/.cache (ignored by git), never in the
# system or the user's home: the module cache, the build cache, GOPATH and
# the telemetry/config folder. -mod=readonly: go.mod and go.sum, committed,
# are never rewritten; the modules must match go.sum's hashes. Sets $go to
# the go command, or to "" when none is installed.
go_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export GOMODCACHE=$go_dir/.cache/mod GOCACHE=$go_dir/.cache/build GOPATH=$go_dir/.cache/gopath \
  XDG_CONFIG_HOME=$go_dir/.cache/config GOFLAGS="-mod=readonly -modcacherw -buildvcs=false" \
  GOTOOLCHAIN=local GOENV=off GOWORK=off CGO_ENABLED=0
go=$(command -v go || true)
if [ -z "$go" ] && [ -x /usr/local/go/bin/go ]; then go=/usr/local/go/bin/go; fi
