#!/usr/bin/env bash
# Issue 5's measurements in one command, as root on Debian: sets up the loopback Postfix, installs the anchor
# tools (check_smtp, swaks, smtpping) when missing, builds smtp-check and the harness, and prints one table
# with ratios (also written to bench/target/results.md). Not part of the tests or CI. Options go to the
# harness: --probes N (1000), --warmup N (2000), --parallel N (8), --runs N (20 cold starts per tool).
# Every loop in the harness is bounded in count and time, and the whole run by the timeout below.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" -eq 0 ] || { echo "bench/run.sh: run as root (it sets up Postfix and installs tools with apt-get)" >&2; exit 1; }

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
if [ -n "$missing" ]; then
  echo "bench/run.sh: installing$missing"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

# -Pbench adds the bench module; package also makes smtp-cli/target/smtp-check and its class-data archive.
./mvnw -B -q -Pbench package -DskipTests
exec timeout 1200 java -jar bench/target/smtp-check-bench.jar --cli smtp-cli/target "$@"
