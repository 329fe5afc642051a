#!/bin/sh
# Package step of smtp-cli (exec-maven-plugin, after the shaded jar): puts the smtp-check launcher beside
# smtp-check.jar and records a class-data sharing archive (AppCDS, JDK 13+) from a training run of `demo`,
# which goes through picocli, a whole session on Commons Net, the classifier, the catalog and the text report.
# The archive only speeds up start-up: when it cannot be made, the build goes on without it.
set -eu
target=$1
here=$(dirname "$0")
cp "$here/smtp-check" "$target/smtp-check"
chmod +x "$target/smtp-check"
rm -f "$target/smtp-check.jsa"
java=java
if [ -n "${JAVA_HOME:-}" ]; then java="$JAVA_HOME/bin/java"; fi
# The launcher's settings, so that the archive matches the JVM that maps it.
if "$java" -XX:ArchiveClassesAtExit="$target/smtp-check.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off \
    -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData \
    -jar "$target/smtp-check.jar" demo --no-transcript >"$target/smtp-check.jsa.log" 2>&1 && [ -s "$target/smtp-check.jsa" ]; then
  echo "smtp-check launcher: $target/smtp-check with class-data archive $target/smtp-check.jsa"
else
  rm -f "$target/smtp-check.jsa"
  echo "smtp-check launcher: no class-data archive (see $target/smtp-check.jsa.log); the launcher runs without it"
fi
