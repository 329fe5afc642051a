#!/usr/bin/env bash
# Issues 5 and 14's measurements in one command, as root on Debian: sets up the loopback Postfix, installs the
# anchor tools (check_smtp, swaks and its TLS module, smtpping) when missing, builds smtp-check and the harness, and
# prints one table with ratios (also written to bench/target/results.md). Not part of the tests or CI. Options go to the
# harness: --probes N (1000), --warmup N (2000), --parallel N (8), --runs N (20 cold starts per tool),
# --fleet 10,100,1000,10000 (fleet sizes), --only latency|fanout|fleet|cold.
# Every loop in the harness is bounded in count and time, and the whole run by the timeout below.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" -eq 0 ] || { echo "bench/run.sh: run as root (it sets up Postfix and installs tools with apt-get)" >&2; exit 1; }

# A fleet of 10,000 listeners holds 10,000 listening sockets and up to a thousand connections in the harness.
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt 16384 ]; then
  ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
  [ "$(ulimit -n)" = unlimited ] || [ "$(ulimit -n)" -ge 16384 ] \
    || { echo "bench/run.sh: ulimit -n is $(ulimit -n) (hard $(ulimit -Hn)); the fleet of 10,000 needs 16384" >&2; exit 1; }
fi

# Set up (and restart) Postfix only when it is not already set up as .ci/postfix-setup.sh leaves it, so a
# Postfix that other test runs on this machine are using is not restarted under them.
if [ "$(postconf -h in_flow_delay 2>/dev/null)" = "0s" ] && postfix status >/dev/null 2>&1 \
   && timeout 3 bash -c 'exec 3<>/dev/tcp/127.0.0.1/25 && IFS= read -r l <&3 && [[ $l == 220* ]]' 2>/dev/null; then
  echo "bench/run.sh: loopback Postfix already set up"
else
  bash .ci/postfix-setup.sh </dev/null
fi

missing=""
[ -x /usr/lib/nagios/plugins/check_smtp ] || missing="$missing monitoring-plugins-basic"
command -v swaks >/dev/null || missing="$missing swaks"
command -v smtpping >/dev/null || missing="$missing smtpping"
perl -MNet::SSLeay -e1 2>/dev/null || missing="$missing libnet-ssleay-perl"
if [ -n "$missing" ]; then
  echo "bench/run.sh: installing$missing"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

# -Pbench adds the bench module; package also makes smtp-cli/target/smtp-check and its class-data archive.
./mvnw -B -q -Pbench package -DskipTests

# A JDK 24 or later beside the system's (Debian 12 packages none): the launcher packaged with it, as its build
# would, records an AOT cache (JEP 483) and runs the sessions on virtual threads; measured in rows of their own.
extra=()
for home in /usr/lib/jvm/*; do
  feature=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release" 2>/dev/null || true)
  if [ "${feature:-0}" -ge 24 ] && [ -x "$home/bin/java" ]; then
    rm -rf bench/target/cli24 && mkdir -p bench/target/cli24
    cp smtp-cli/target/smtp-check.jar bench/target/cli24/
    JAVA_HOME=$home sh smtp-cli/src/main/sh/package-launcher.sh bench/target/cli24
    extra=(--cli24 bench/target/cli24 --java24 "$home")
    break
  fi
done
# The whole run's bound: the fleet's check_smtp -P 8 over 10,000 listeners alone takes about 5 minutes.
exec timeout 2400 java -jar bench/target/smtp-check-bench.jar --cli smtp-cli/target "${extra[@]}" "$@"
