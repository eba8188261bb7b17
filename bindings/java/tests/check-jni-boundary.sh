#!/usr/bin/env bash
# check-jni-boundary.sh LIBTCSS_JNI GLUE_SOURCE PUBLIC_HEADER
# libtcss_jni must export only what the JVM looks up (Java_* and JNI_OnLoad),
# and the glue may call only functions declared in the public header.
set -euo pipefail
lib=$1 glue=$2 header=$3
status=0
extra=$(nm -D --defined-only "$lib" | awk '{print $3}' | grep -v -E '^(Java_com_tencentcloud_tcss_|JNI_OnLoad$)' || true)
if [ -n "$extra" ]; then
  echo "libtcss_jni exports more than Java_*/JNI_OnLoad:" >&2
  echo "$extra" >&2
  status=1
fi
nm -D --defined-only "$lib" | grep -q ' JNI_OnLoad$' || { echo "JNI_OnLoad is not exported" >&2; status=1; }
for fn in $(grep -o -E '\btcss_[a-z_]+ *\(' "$glue" | tr -d ' (' | sort -u); do
  if ! grep -q -E "TCSS_EXTERN\([^)]*\) *\(?$fn\b|\b$fn\(" "$header"; then
    echo "the glue calls $fn, which is not in the public header" >&2
    status=1
  fi
done
if grep -E '^#include' "$glue" | grep -v -E '<(jni|stdint|stdlib|string)\.h>|"tcss/tcss\.h"|"com_tencentcloud_tcss_TcssNative\.h"'; then
  echo "the glue includes something beyond jni.h, libc and the public header" >&2
  status=1
fi
[ $status -eq 0 ] && echo "libtcss_jni: exports and calls stay on the public boundary"
exit $status
