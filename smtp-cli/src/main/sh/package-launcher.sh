#!/bin/sh
# Package step of smtp-cli (exec-maven-plugin, after the shaded jar): puts the smtp-check launcher beside
# smtp-check.jar and records, from a training run, what makes its start faster with the JVM that builds: on JDK 24
# and later an AOT cache (smtp-check.aot, JEP 483), before that a class-data sharing archive (AppCDS, smtp-check.jsa).
# The training run is the check command itself, over four sessions with a `serve` listener on loopback (its own JVM,
# not recorded) that offers STARTTLS and refuses one connection with 421: the archive then holds what a real check
# loads (the options, the fan-out, TLS, the classifier and catalog, the streamed text report, the JSON and JUnit
# report files) and the lambda and string-concatenation classes they spin. When the listener does not come up, the
# training run is `demo` (listeners inside the recorded JVM). Either only speeds up start-up: when it cannot be
# made, the build goes on without it.
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
log="$target/smtp-check-archive.log"
rm -f "$log"
work=$(mktemp -d)
serve=
trap 'if [ -n "$serve" ]; then kill "$serve" 2>/dev/null; fi; rm -rf "$work"' EXIT
"$java" -jar "$target/smtp-check.jar" serve --port 0 --hostname train.example --starttls --cert-out "$work/serve.pem" \
  --banner "421 #4.4.5 Too many connections from your host" --banner "220 train.example ESMTP" --quiet \
  >"$work/serve.log" 2>&1 &
serve=$!
address=
tries=0
while [ -z "$address" ] && [ "$tries" -lt 100 ] && kill -0 "$serve" 2>/dev/null; do
  sleep 0.1
  address=$(sed -n 's/^listening on \([^ ;]*\).*/\1/p' "$work/serve.log")
  tries=$((tries + 1))
done
if [ -n "$address" ]; then
  training="-jar $target/smtp-check.jar $address $address $address $address --helo train.example --from train@example.test"
  training="$training --to user@example.test,other@example.test --json-file $work/check.json --junit-file $work/check.xml"
else
  echo "smtp-check launcher: the training listener did not start (see $log); training with demo"
  cat "$work/serve.log" >>"$log"
  training="-jar $target/smtp-check.jar demo --no-transcript"
fi
# A check's exit code is its verdict (the 421 makes it 1); the run trained whenever the JVM wrote what it recorded.
train() {
  # shellcheck disable=SC2086
  "$java" "$@" $settings $training >>"$log" 2>&1 || [ $? -le 2 ]
}
if [ "${feature:-0}" -ge 24 ]; then
  # Two steps (record, then create) work on JDK 24 as well as 25+, which could also do it in one (-XX:AOTCacheOutput).
  if train -XX:AOTMode=record -XX:AOTConfiguration="$target/smtp-check.aotconf" \
      && train -XX:AOTMode=create -XX:AOTConfiguration="$target/smtp-check.aotconf" -XX:AOTCache="$target/smtp-check.aot" \
      && [ -s "$target/smtp-check.aot" ]; then
    rm -f "$target/smtp-check.aotconf"
    echo "smtp-check launcher: $target/smtp-check with AOT cache $target/smtp-check.aot (JDK $feature)"
    exit 0
  fi
  rm -f "$target/smtp-check.aot" "$target/smtp-check.aotconf"
  echo "smtp-check launcher: no AOT cache (see $log); trying a class-data archive"
fi
if train -XX:ArchiveClassesAtExit="$target/smtp-check.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off \
    && [ -s "$target/smtp-check.jsa" ]; then
  echo "smtp-check launcher: $target/smtp-check with class-data archive $target/smtp-check.jsa"
else
  rm -f "$target/smtp-check.jsa"
  echo "smtp-check launcher: no class-data archive (see $log); the launcher runs without it"
fi
