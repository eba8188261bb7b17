#!/usr/bin/env bash
# Java binding's Maven build (bindings/java/pom.xml): fetch from Maven Central, at the
# versions the pom pins, every plugin and dependency `mvn verify` needs into the
# project-local repository bindings/java/.m2/repository (git ignores it), so that the
# build and CTest's java_maven then run offline (mvn -o). ~/.m2 is neither read for
# artifacts nor written. A re-run for the same pom.xml does nothing.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
command -v mvn >/dev/null || { echo "scripts/deps/java-maven.sh: mvn missing (install maven, scripts/deps/java.apt)" >&2; exit 1; }
repo=$root/bindings/java/.m2/repository
# Done already for this very pom (its hash is recorded once everything is in): nothing to do.
stamp=$root/bindings/java/.m2/fetched-for-pom.sha256
sum=$(sha256sum "$root/bindings/java/pom.xml" "$0" | sha256sum | cut -d' ' -f1)
[ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sum" ] && [ -d "$repo" ] && exit 0
rm -f "$stamp"
mkdir -p "$repo"
# The dependency plugin by its full coordinates: resolving the "dependency:" prefix
# would need Central's group metadata on every run. go-offline misses what a plugin resolves when it runs, fetched here by name:
# plexus-utils 1.1, which Maven 3 itself adds to plugins that do not name one
# (surefire's, for one), and failsafe's JUnit 4 provider (the version is the
# pom's surefire.version).
surefire=$(sed -n 's:.*<surefire.version>\(.*\)</surefire.version>.*:\1:p' "$root/bindings/java/pom.xml")
[ -n "$surefire" ] || { echo "scripts/deps/java-maven.sh: no <surefire.version> in bindings/java/pom.xml" >&2; exit 1; }
mvn=(mvn -B -ntp -q -Dstyle.color=never -f "$root/bindings/java/pom.xml" -Dmaven.repo.local="$repo")
dep=org.apache.maven.plugins:maven-dependency-plugin:3.8.1
if ! out=$("${mvn[@]}" "$dep:go-offline" 2>&1 &&
           "${mvn[@]}" "$dep:get" -Dartifact=org.codehaus.plexus:plexus-utils:1.1 -Dtransitive=false 2>&1 &&
           "${mvn[@]}" "$dep:get" -Dartifact=org.apache.maven.surefire:surefire-junit4:$surefire 2>&1); then
  printf '%s\n' "$out" >&2
  echo "scripts/deps/java-maven.sh: could not fetch the Maven build's plugins and dependencies into $repo" >&2
  exit 1
fi
echo "$sum" > "$stamp"
