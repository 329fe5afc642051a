#!/usr/bin/env bash
# Brings up real MTAs other than Postfix on loopback for smtp-check's
# integration tests: Exim 4.96 and OpenSMTPD 6.8 from Debian's packages
# (downloaded and unpacked into /opt/smtpcheck-mta, NOT installed, so Postfix
# stays the system MTA), and Node's smtp-server from npm (.ci/node-smtp).
# Idempotent: stops what an earlier run started, then starts everything again
# and waits for each port's banner. Debian 12, run as root.
#
#   bash .ci/mta-setup.sh          (re)start everything  [default: start]
#   bash .ci/mta-setup.sh stop     stop the servers this script started
#   bash .ci/mta-setup.sh status   show which ports answer
#
# Ports (all 127.0.0.1 only; configs in .ci/mta/ and .ci/node-smtp/server.js):
#   2540-2558  Exim       (2544 is a second Exim daemon: recipients_max=2)
#   2560-2569  OpenSMTPD  (+2590)
#   2570-2588  Node smtp-server
# The scenario of each port and the exact replies observed:
# .ci/mta-scenarios.md (recorded with .ci/mta-verify.py).
#
# No mail leaves the machine: no remote routers/relay actions exist, accepted
# mail is discarded. Each daemon runs in a private mount namespace whose
# /etc/resolv.conf points at 127.0.0.1 (.ci/mta/resolv.conf), so even the
# reverse look-ups OpenSMTPD always makes stay on loopback.
set -euo pipefail

log() { echo "mta-setup: $*"; }
die() { echo "mta-setup: ERROR: $*" >&2; exit 1; }

cd "$(dirname "$0")/.."
REPO=$PWD
ACTION=${1:-start}

ROOT=/opt/smtpcheck-mta            # unpacked packages, private copies of configs
LOGDIR=/var/log/smtpcheck-mta
RUNDIR=/run/smtpcheck-mta          # pid files of OpenSMTPD and node
EXIM_SPOOL=/var/spool/smtpcheck-mta/exim
EXIM=$ROOT/exim/usr/sbin/exim4
SMTPD=$ROOT/opensmtpd/usr/sbin/smtpd
NODE_DIR=$REPO/.ci/node-smtp

EXIM_PORTS="2540 2541 2542 2543 2544 2545 2546 2547 2548 2549 2550 2551 2552 2553 2554 2555 2556 2557 2558"
SMTPD_PORTS="2560 2561 2562 2563 2564 2565 2566 2567 2568 2569 2590"
NODE_PORTS="2570 2571 2572 2573 2574 2575 2576 2577 2578 2579 2580 2581 2582 2583 2584 2585 2586 2587 2588"
# Ports whose banner is the scenario (a rejection at connect); every other port must say 220.
declare -A BANNER=([2550]=550 [2552]=451 [2564]=554 [2565]=421 [2578]=554 [2579]=421)

[ "$(id -u)" -eq 0 ] || die "must run as root (try: sudo $0)"

# --- stop -----------------------------------------------------------------
# Only processes this script started: the pid from each pid file, and only if
# that process still runs our binary (no name-based killing: Postfix's
# processes are called smtpd too).
ours() { # ours PID PATH-FRAGMENT
  [ -n "$1" ] && [ -r "/proc/$1/cmdline" ] && tr '\0' ' ' <"/proc/$1/cmdline" | grep -qF -- "$2"
}
stop_pidfile() { # stop_pidfile FILE PATH-FRAGMENT NAME
  local f=$1 frag=$2 name=$3 pid
  [ -f "$f" ] || return 0
  pid=$(head -n1 "$f" | tr -dc 0-9)
  if ours "$pid" "$frag"; then
    log "stopping $name (pid $pid)"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do ours "$pid" "$frag" || break; sleep 0.1; done
    if ours "$pid" "$frag"; then kill -9 "$pid" 2>/dev/null || true; sleep 0.2; fi
  fi
  rm -f "$f"
}
stop_all() {
  stop_pidfile "$EXIM_SPOOL/exim.pid" "$EXIM" "exim"
  stop_pidfile "$EXIM_SPOOL/exim-rcptmax.pid" "$EXIM" "exim (2544)"
  stop_pidfile "$RUNDIR/opensmtpd.pid" "$SMTPD" "opensmtpd"
  # any checkout's server.js: CI may run from a fresh clone in another directory
  stop_pidfile "$RUNDIR/node-smtp.pid" "/.ci/node-smtp/server.js" "node smtp-server"
}

# read_banner PORT: sets LINE to the first line the server sends (empty if
# none within 3 s), then says QUIT. Bash's /dev/tcp in this shell: no forks.
read_banner() {
  LINE=""
  if exec 3<>"/dev/tcp/127.0.0.1/$1"; then
    IFS= read -r -t 3 LINE <&3 || true
    printf 'QUIT\r\n' >&3 || true
    exec 3>&- 3<&-
  fi 2>/dev/null
  LINE=${LINE%$'\r'}
}

case "$ACTION" in
  stop) stop_all; log "stopped"; exit 0 ;;
  status)
    for p in $EXIM_PORTS $SMTPD_PORTS $NODE_PORTS; do read_banner "$p"; echo "$p $LINE"; done
    exit 0 ;;
  start|restart) ;;
  *) die "usage: $0 [start|stop|status]" ;;
esac

t0=$SECONDS
stop_all

# --- runtime libraries (not the MTA packages) -----------------------------
# exim4-daemon-light + opensmtpd Depends, minus exim4-base/debconf/adduser:
# the shared libraries the two binaries link. util-linux gives unshare.
LIBS="libc6 libcrypt1 libdb5.3 libgnutls-dane0 libgnutls30 libidn12 libidn2-0 libnsl2 libpcre2-8-0
      libevent-2.1-7 libpam0g libssl3 zlib1g ssl-cert util-linux"
installed=$(dpkg-query -W -f='${Package} ${Status}\n' $LIBS 2>/dev/null | awk '/install ok installed/ {print $1}' | sed 's/:.*//')
missing=""
for p in $LIBS; do grep -qx "$p" <<<"$installed" || missing="$missing $p"; done
apt_updated=""
apt_update() { [ -n "$apt_updated" ] || { log "apt-get update"; apt-get update -qq; apt_updated=1; }; }
export DEBIAN_FRONTEND=noninteractive
if [ -n "$missing" ]; then
  log "installing runtime libraries:$missing"
  apt-get install -y -qq --no-install-recommends $missing >/dev/null 2>&1 \
    || { apt_update; apt-get install -y -qq --no-install-recommends $missing >/dev/null; }
fi

# --- download + unpack Exim and OpenSMTPD (never dpkg -i) ----------------
unpack() { # unpack DIR PKG...
  local dir=$1; shift
  local stamp="$dir/.smtpcheck-unpacked"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$*" ] && [ -x "$dir/usr/sbin/${BIN:?}" ]; then
    log "$(basename "$dir") already unpacked in $dir"; return 0
  fi
  local dl; dl=$(mktemp -d)
  log "apt-get download $*"
  ( cd "$dl" && apt-get download -qq "$@" >/dev/null 2>&1 ) \
    || { apt_update; ( cd "$dl" && apt-get download -qq "$@" >/dev/null ); } \
    || die "apt-get download $* failed"
  rm -rf "$dir"; mkdir -p "$dir"
  for deb in "$dl"/*.deb; do dpkg-deb -x "$deb" "$dir"; done
  ( cd "$dl" && ls ./*.deb ) >"$dir/.smtpcheck-debs"
  rm -rf "$dl"
  echo "$*" >"$stamp"
}
BIN=exim4 unpack "$ROOT/exim" exim4-daemon-light exim4-base exim4-config
BIN=smtpd unpack "$ROOT/opensmtpd" opensmtpd
for b in "$EXIM" "$SMTPD"; do
  nf=$(ldd "$b" | grep 'not found' || true)
  [ -z "$nf" ] || die "$b is missing shared libraries: $nf"
done

# --- users, directories, TLS ----------------------------------------------
# Names compiled into the Debian binaries (exim_user; SMTPD_USER/SMTPD_QUEUE_USER).
for u in Debian-exim opensmtpd opensmtpq; do
  id "$u" >/dev/null 2>&1 || useradd -r -U -M -d /nonexistent -s /usr/sbin/nologin "$u"
done
# Local test user (postfix-setup.sh makes it too); OpenSMTPD delivers as it.
id smtpcheck >/dev/null 2>&1 || useradd -r -M -s /usr/sbin/nologin smtpcheck

mkdir -p "$LOGDIR" "$RUNDIR" "$EXIM_SPOOL" /var/lib/opensmtpd/empty
chown Debian-exim:Debian-exim "$LOGDIR" "$EXIM_SPOOL"
chmod 755 "$LOGDIR"; chmod 750 "$EXIM_SPOOL"
# OpenSMTPD runs its delivery helpers from the compiled-in /usr/libexec/opensmtpd:
# a symlink into the unpacked tree (a real directory there is left alone).
if [ -L /usr/libexec/opensmtpd ] || [ ! -e /usr/libexec/opensmtpd ]; then
  ln -sfn "$ROOT/opensmtpd/usr/libexec/opensmtpd" /usr/libexec/opensmtpd
fi

CERT=/etc/ssl/certs/ssl-cert-snakeoil.pem
KEY=/etc/ssl/private/ssl-cert-snakeoil.key
[ -s "$CERT" ] && [ -s "$KEY" ] || make-ssl-cert generate-default-snakeoil --force-overwrite
# Exim reads its key as Debian-exim (not in group ssl-cert): a private copy.
install -d -o Debian-exim -g Debian-exim -m 750 "$ROOT/exim/tls"
install -o Debian-exim -g Debian-exim -m 644 "$CERT" "$ROOT/exim/tls/cert.pem"
install -o Debian-exim -g Debian-exim -m 600 "$KEY" "$ROOT/exim/tls/key.pem"

# Fresh rate-limit state for 2547 on every start (Exim is stopped here).
rm -f "$EXIM_SPOOL"/db/ratelimit*

# --- configs --------------------------------------------------------------
# Exim insists on a config owned by root and not writable by others.
install -o root -g root -m 644 .ci/mta/exim.conf "$ROOT/exim/exim.conf"
install -o root -g root -m 644 .ci/mta/smtpd.conf "$ROOT/opensmtpd/smtpd.conf"
install -o root -g root -m 644 .ci/mta/resolv.conf "$ROOT/resolv.conf"
"$EXIM" -C "$ROOT/exim/exim.conf" -bV >/dev/null 2>"$LOGDIR/exim-check.err" \
  || die "exim rejects its config: $(cat "$LOGDIR/exim-check.err")"
"$SMTPD" -n -f "$ROOT/opensmtpd/smtpd.conf" >/dev/null 2>"$LOGDIR/opensmtpd-check.err" \
  || die "opensmtpd rejects its config: $(cat "$LOGDIR/opensmtpd-check.err")"

# --- node smtp-server -----------------------------------------------------
command -v node >/dev/null && command -v npm >/dev/null || {
  log "installing nodejs + npm"; apt_update
  apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null; }
lock_sum=$(sha256sum "$NODE_DIR/package-lock.json" | cut -d' ' -f1)
if [ "$(cat "$NODE_DIR/node_modules/.smtpcheck-lock" 2>/dev/null || true)" != "$lock_sum" ]; then
  log "npm ci in .ci/node-smtp"
  ( cd "$NODE_DIR" && npm ci --no-audit --no-fund --loglevel=error >/dev/null ) || die "npm ci failed"
  echo "$lock_sum" >"$NODE_DIR/node_modules/.smtpcheck-lock"
else
  log "node_modules up to date"
fi

# --- start ----------------------------------------------------------------
listening=$(ss -Hltn | awk '{n=split($4, a, ":"); print a[n]}')
for p in $EXIM_PORTS $SMTPD_PORTS $NODE_PORTS; do
  if grep -qx "$p" <<<"$listening"; then
    die "port $p is already in use by something this script did not start: $(ss -Hltnp "sport = :$p")"
  fi
done

unshare --mount --propagation private -- true 2>/dev/null \
  || die "unshare --mount does not work here; refusing to start MTAs that could send DNS off the machine"
# isolated CMD...: run CMD in a private mount namespace where /etc/resolv.conf
# is .ci/mta/resolv.conf (nameserver 127.0.0.1).
isolated() {
  unshare --mount --propagation private -- sh -c \
    'mount --bind "$0" /etc/resolv.conf && exec "$@"' "$ROOT/resolv.conf" "$@"
}
# spawn PIDFILE LOGFILE CMD...: like isolated, in the background, in its own
# session, recording the pid (sh's $$ is the pid CMD gets through exec).
spawn() {
  local pidfile=$1 logfile=$2; shift 2
  setsid unshare --mount --propagation private -- sh -c \
    'echo $$ >"$0"; mount --bind "$1" /etc/resolv.conf && shift && exec "$@"' \
    "$pidfile" "$ROOT/resolv.conf" "$@" </dev/null >>"$logfile" 2>&1 &
}

log "starting exim (2 daemons)"
isolated "$EXIM" -C "$ROOT/exim/exim.conf" -bd </dev/null >>"$LOGDIR/exim-stdout.log" 2>&1 \
  || die "exim -bd failed (see $LOGDIR/exim-panic.log)"
isolated "$EXIM" -C "$ROOT/exim/exim.conf" -DRCPTMAX=2 -DPORTS=2544 -DPIDNAME=exim-rcptmax -bd \
  </dev/null >>"$LOGDIR/exim-stdout.log" 2>&1 || die "exim -bd (2544) failed (see $LOGDIR/exim-panic.log)"

# smtpd -d: stays in the foreground and logs to stderr (CI containers have no syslog).
log "starting opensmtpd"
spawn "$RUNDIR/opensmtpd.pid" "$LOGDIR/opensmtpd.log" "$SMTPD" -d -f "$ROOT/opensmtpd/smtpd.conf"

log "starting node smtp-server"
spawn "$RUNDIR/node-smtp.pid" "$LOGDIR/node-smtp.log" node "$NODE_DIR/server.js"

# --- wait for every banner ------------------------------------------------
deadline=$((SECONDS + 30)); pending="$EXIM_PORTS $SMTPD_PORTS $NODE_PORTS"
while [ -n "$pending" ] && [ "$SECONDS" -lt "$deadline" ]; do
  left=""
  for p in $pending; do
    read_banner "$p"; want=${BANNER[$p]:-220}
    case "$LINE" in "$want "*|"$want-"*) ;; *) left="$left $p" ;; esac
  done
  pending=${left# }
  [ -z "$pending" ] || sleep 0.5
done
if [ -n "$pending" ]; then
  for p in $pending; do read_banner "$p"; echo "mta-setup: port $p: got '$LINE', want ${BANNER[$p]:-220}" >&2; done
  die "not every port answered within 30 s (logs: $LOGDIR)"
fi
log "ready in $((SECONDS - t0)) s: exim $(echo $EXIM_PORTS | wc -w) ports, opensmtpd $(echo $SMTPD_PORTS | wc -w), node $(echo $NODE_PORTS | wc -w) (logs: $LOGDIR)"
