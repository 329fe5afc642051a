#!/bin/sh
# Package step of smtp-cli (exec-maven-plugin, after the shaded jar): puts the smtp-check launcher beside
# smtp-check.jar and records, from a training run of `demo` (picocli, a whole session on Commons Net, the
# classifier, the catalog and the text report), what makes its start faster with the JVM that builds: on JDK 24
# and later an AOT cache (smtp-check.aot, JEP 483), before that a class-data sharing archive (AppCDS, smtp-check.jsa).
# Either only speeds up start-up: when it cannot be made, the build goes on without it.
set -eu
target=$1
here=$(dirname "$0")
cp "$here/smtp-check" "$target/smtp-check"
chmod +x "$target/smtp-check"
rm -f "$target/smtp-check.jsa" "$target/smtp-check.aot" "$target/smtp-check.aotconf"
java=java
if [ -n "${JAVA_HOME:-}" ]; then java="$JAVA_HOME/bin/java"; fi
release="$(dirname "$(dirname "$(readlink -f "$(command -v "$java")")")")/release"
feature=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release" 2>/dev/null)
# The launcher's settings, so that the archive matches the JVM that maps it.
settings="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmn16m -Xms32m -Xmx256m -XX:-UsePerfData"
# From 25 the launcher runs with compact object headers, and a cache recorded without them would not be used.
if [ "${feature:-0}" -ge 25 ]; then settings="$settings -XX:+UseCompactObjectHeaders"; fi
demo="-jar $target/smtp-check.jar demo --no-transcript"
log="$target/smtp-check-archive.log"
rm -f "$log"
if [ "${feature:-0}" -ge 24 ]; then
  # Two steps (record, then create) work on JDK 24 as well as 25+, which could also do it in one (-XX:AOTCacheOutput).
  # shellcheck disable=SC2086
  if "$java" -XX:AOTMode=record -XX:AOTConfiguration="$target/smtp-check.aotconf" $settings $demo >"$log" 2>&1 \
      && "$java" -XX:AOTMode=create -XX:AOTConfiguration="$target/smtp-check.aotconf" -XX:AOTCache="$target/smtp-check.aot" \
         $settings $demo >>"$log" 2>&1 && [ -s "$target/smtp-check.aot" ]; then
    rm -f "$target/smtp-check.aotconf"
    echo "smtp-check launcher: $target/smtp-check with AOT cache $target/smtp-check.aot (JDK $feature)"
    exit 0
  fi
  rm -f "$target/smtp-check.aot" "$target/smtp-check.aotconf"
  echo "smtp-check launcher: no AOT cache (see $log); trying a class-data archive"
fi
# shellcheck disable=SC2086
if "$java" -XX:ArchiveClassesAtExit="$target/smtp-check.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off $settings $demo \
    >>"$log" 2>&1 && [ -s "$target/smtp-check.jsa" ]; then
  echo "smtp-check launcher: $target/smtp-check with class-data archive $target/smtp-check.jsa"
else
  rm -f "$target/smtp-check.jsa"
  echo "smtp-check launcher: no class-data archive (see $log); the launcher runs without it"
fi
