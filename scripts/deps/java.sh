#!/usr/bin/env bash
# Java area: nothing beyond scripts/deps/java.apt is needed. This only checks, without
# changing anything, that the JDK and the JUnit jars are where CMake looks.
set -euo pipefail
command -v javac >/dev/null || { echo "scripts/deps/java.sh: javac missing (install default-jdk-headless)" >&2; exit 1; }
for j in /usr/share/java/junit4.jar /usr/share/java/hamcrest-core.jar; do
  [ -e "$j" ] || { echo "scripts/deps/java.sh: $j missing (install junit4 libhamcrest-java)" >&2; exit 1; }
done
