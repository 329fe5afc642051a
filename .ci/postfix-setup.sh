#!/usr/bin/env bash
# Installs and configures a real Postfix on loopback for smtp-check's
# integration tests, then (re)starts it and waits for the 220 banner on :25.
# Idempotent: safe to run again on a machine where it already ran.
# Debian 12, run as root. Port -> scenario map and the exact replies observed:
# see .ci/postfix-scenarios.md.
#
#   25   accepting, STARTTLS offered; smtpcheck@localhost 250, nosuchuser 550 5.1.1
#   2525 relay denied (loopback not in mynetworks)  -> RCPT 554 5.7.1 Relay access denied
#   2526 TLS required                                -> MAIL 530 5.7.0 Must issue a STARTTLS command first
#   2527 smtpd_recipient_limit=2                     -> 3rd RCPT 452 4.5.3 Error: too many recipients
#   2528 TLS off                                     -> EHLO lacks STARTTLS
#   2529 HELO required + checked (no delayed reject) -> EHLO bad..name 501 5.5.2 ...; MAIL w/o HELO 503 5.5.1
#   2530 message_size_limit=1024                     -> MAIL SIZE=2000 / >1 KB DATA 552 5.3.4
#   2531 client rejected at connect                  -> banner 554 5.7.1, then every command 503 5.7.0
#   2532 1 connection per client                     -> 2nd concurrent connection: banner 421 4.7.0
#   2533 AUTH PLAIN LOGIN (smtpcheck/smtpcheck-secret) -> bad password 535 5.7.8; good 235 2.7.0;
#        unauthenticated RCPT someone@example.com 554 5.7.1 Relay access denied
set -euo pipefail

log() { echo "postfix-setup: $*"; }
die() { echo "postfix-setup: ERROR: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "must run as root (try: sudo $0)"

# --- packages -------------------------------------------------------------
# sasl2-bin (saslpasswd2) + libsasl2-modules (PLAIN/LOGIN) give AUTH without a
# separate auth daemon: Cyrus SASL inside smtpd, checking a sasldb file.
PKGS="postfix ssl-cert sasl2-bin libsasl2-modules"
installed=$(dpkg-query -W -f='${Status}\n' $PKGS 2>/dev/null | grep -c 'install ok installed' || true)
if [ "$installed" -ne 4 ]; then
  log "installing $PKGS (non-interactive)"
  export DEBIAN_FRONTEND=noninteractive
  debconf-set-selections <<'EOF'
postfix postfix/main_mailer_type select Local only
postfix postfix/mailname string smtpcheck.test
EOF
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends $PKGS >/dev/null
else
  log "$PKGS already installed"
fi

CERT=/etc/ssl/certs/ssl-cert-snakeoil.pem
KEY=/etc/ssl/private/ssl-cert-snakeoil.key
# ssl-cert normally generates the snakeoil pair in its postinst; regenerate if absent.
[ -s "$CERT" ] && [ -s "$KEY" ] || make-ssl-cert generate-default-snakeoil --force-overwrite

# Local test user so smtpcheck@localhost passes local_recipient_maps (passwd).
id smtpcheck >/dev/null 2>&1 || useradd -r -M -s /usr/sbin/nologin smtpcheck

# SASL account for port 2533: smtpcheck / smtpcheck-secret (realm smtpcheck.test).
cat >/etc/postfix/sasl/smtpd.conf <<'EOF'
pwcheck_method: auxprop
auxprop_plugin: sasldb
mech_list: PLAIN LOGIN
sasldb_path: /etc/sasldb2
EOF
echo smtpcheck-secret | saslpasswd2 -p -c -u smtpcheck.test smtpcheck
chown root:postfix /etc/sasldb2 && chmod 640 /etc/sasldb2   # smtpd reads it as postfix

# --- main.cf --------------------------------------------------------------
# Bind the port-25 listener to ::1 too only when the kernel has it.
if grep -qE '^0{31}1 .* lo$' /proc/net/if_inet6 2>/dev/null; then
  protocols=all; nets="127.0.0.0/8 [::1]/128"
else
  protocols=ipv4; nets="127.0.0.0/8"
fi
log "configuring main.cf (inet_protocols=$protocols, loopback only)"
echo smtpcheck.test >/etc/mailname
# in_flow_delay=0s: every session that reaches RCPT TO opens a queue file, and a probe that QUITs there never
# gives back the flow token delivery would; once the tokens run out, cleanup waits 1 s (the default) per
# session. Tests and bench/run.sh probe hundreds of times in a row and must see the listener, not that brake.
postconf -e \
  "inet_interfaces = loopback-only" \
  "inet_protocols = $protocols" \
  "myhostname = smtpcheck.test" \
  "mydomain = smtpcheck.test" \
  "myorigin = /etc/mailname" \
  "mydestination = smtpcheck.test, localhost" \
  "mynetworks = $nets" \
  "relayhost =" \
  "default_transport = error:outbound mail disabled in smtp-check test box" \
  "relay_transport = error:outbound mail disabled in smtp-check test box" \
  "smtpd_tls_cert_file = $CERT" \
  "smtpd_tls_key_file = $KEY" \
  "smtpd_tls_security_level = may" \
  "compatibility_level = 3.6" \
  "in_flow_delay = 0s" \
  "maillog_file = /var/log/postfix.log"   # no syslog daemon in CI containers
if [ -f /etc/aliases ]; then newaliases; fi

# --- master.cf: one extra smtpd per rejection scenario --------------------
# postconf -M replaces a whole entry, so re-running leaves no stale options.
# chroot=n: `postfix start` without Debian's init wrapper does not populate
# the chroot jail (resolv.conf, services, ...), so keep smtpd out of it.
svc() { # svc PORT OPTIONS...
  postconf -M "127.0.0.1:$1/inet=127.0.0.1:$1 inet n - n - - smtpd ${*:2}"
}
postconf -F 'smtp/inet/chroot = n'
svc 2525 -o syslog_name=postfix/relaydenied -o mynetworks=192.0.2.0/24 \
         -o smtpd_relay_restrictions=permit_mynetworks,reject_unauth_destination
svc 2526 -o syslog_name=postfix/tlsrequired -o smtpd_tls_security_level=encrypt
svc 2527 -o syslog_name=postfix/rcptlimit -o smtpd_recipient_limit=2
svc 2528 -o syslog_name=postfix/tlsoff -o smtpd_tls_security_level=none
svc 2529 -o syslog_name=postfix/helocheck -o smtpd_helo_required=yes -o smtpd_delay_reject=no \
         -o smtpd_helo_restrictions=reject_invalid_helo_hostname
svc 2530 -o syslog_name=postfix/sizelimit -o message_size_limit=1024
svc 2531 -o syslog_name=postfix/clientreject -o smtpd_delay_reject=no -o smtpd_client_restrictions=reject
# Loopback is exempt from anvil limits by default; clear the exception here.
svc 2532 -o syslog_name=postfix/connlimit -o smtpd_client_event_limit_exceptions= \
         -o smtpd_client_connection_count_limit=1
svc 2533 -o syslog_name=postfix/auth -o smtpd_sasl_auth_enable=yes -o smtpd_tls_auth_only=no \
         -o smtpd_sasl_local_domain=smtpcheck.test -o mynetworks=192.0.2.0/24 \
         -o smtpd_relay_restrictions=permit_sasl_authenticated,reject_unauth_destination
postfix check

# --- (re)start ------------------------------------------------------------
# inet_interfaces changes need a full stop/start, not just a reload.
if postfix status >/dev/null 2>&1; then
  log "stopping running postfix"
  postfix stop >/dev/null 2>&1 || true
  for _ in $(seq 1 50); do postfix status >/dev/null 2>&1 || break; sleep 0.2; done
fi
log "starting postfix"
postfix start || die "postfix start failed (see /var/log/postfix.log)"

banner=""; deadline=$((SECONDS + 30))
while [ "$SECONDS" -lt "$deadline" ]; do
  banner=$(timeout 3 bash -c 'exec 3<>/dev/tcp/127.0.0.1/25 && IFS= read -r l <&3 && printf "%s" "$l"' 2>/dev/null || true)
  case "$banner" in 220*) break ;; esac
  sleep 1
done
case "$banner" in
  220*) log "ready: 127.0.0.1:25 says: ${banner%$'\r'}" ;;
  *) die "no 220 banner on 127.0.0.1:25 within 30 s (got: '${banner%$'\r'}')" ;;
esac
