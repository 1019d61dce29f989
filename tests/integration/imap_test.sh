#!/usr/bin/env bash
# The IMAP collector against a real IMAP server: Debian's dovecot, started here on a free
# loopback port with its own configuration, TLS certificate and mailbox.
set -euo pipefail
BELFRY=$1
HERE=$(cd "$(dirname "$0")" && pwd)
GOLDEN=$HERE/../golden
T=$(mktemp -d)
chmod 755 "$T"
DOVECOT_PID=
cleanup() {
  [ -n "$DOVECOT_PID" ] && kill "$DOVECOT_PID" 2>/dev/null && sleep 0.3
  rm -rf "$T"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; [ -f "$T/dovecot.log" ] && tail -20 "$T/dovecot.log" >&2; exit 1; }
pass() { echo "ok: $*"; }
command -v dovecot >/dev/null || fail "dovecot is not installed (scripts/install-deps.sh installs dovecot-imapd)"
sql() { "$BELFRY" --config "$T/belfry.toml" events sql "$1" 2>/dev/null | tail -n 1; }

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=127.0.0.1" \
  -addext "subjectAltName=IP:127.0.0.1" -keyout "$T/key.pem" -out "$T/cert.pem" 2>/dev/null
# Dovecot will not give mail access to root: as root, the mailbox belongs to nobody.
if [ "$(id -u)" = 0 ]; then MUID=$(id -u nobody); MGID=$(id -g nobody); else MUID=$(id -u); MGID=$(id -g); fi
ME=$(id -un)
mkdir -p "$T/home/reports/Maildir"/{new,cur,tmp} "$T/run" "$T/state"
printf 'reports:{PLAIN}imap-pass-42::::::\n' > "$T/passwd"
cat > "$T/dovecot.conf" <<CONF
base_dir = $T/run
state_dir = $T/state
log_path = $T/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = required
ssl_cert = <$T/cert.pem
ssl_key = <$T/key.pem
auth_mechanisms = plain
first_valid_uid = 1
default_login_user = $( [ "$(id -u)" = 0 ] && echo dovenull || echo "$ME" )
default_internal_user = $( [ "$(id -u)" = 0 ] && echo dovecot || echo "$ME" )
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $T/passwd
}
userdb {
  driver = static
  args = uid=$MUID gid=$MGID home=$T/home/%u
}
mail_location = maildir:~/Maildir
service imap-login {
  inet_listener imap {
    port = 0
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = $PORT
    ssl = yes
  }
}
service anvil {
  chroot =
}
service imap-login {
  chroot =
}
CONF

# Report mails as Shadowserver sends them, one without its report, one that is not a report.
python3 "$HERE/../servers/write_report_mails.py" "$T/home/reports/Maildir" "$GOLDEN" imap
chown -R "$MUID:$MGID" "$T/home"

dovecot -F -c "$T/dovecot.conf" &
DOVECOT_PID=$!
for _ in $(seq 100); do
  python3 -c "import socket,sys; socket.create_connection(('127.0.0.1', $PORT), 0.2)" 2>/dev/null && break
  sleep 0.1
done

cat > "$T/belfry.toml" <<TOML
[store]
url = "sqlite://$T/data/belfry.db"

[[feeds]]
name = "shadowserver-imap"
parser = "shadowserver"
source = "imaps://127.0.0.1:$PORT/INBOX"
username = "reports"
password = "\$REPORTS_IMAP_PASSWORD"
ca_file = "$T/cert.pem"
subject = "Shadowserver"
attachments = '\.csv(\.zip)?$'

[[feeds]]
name = "imap-unverified"
parser = "shadowserver"
source = "imaps://reports@127.0.0.1:$PORT/INBOX"
retries = 0
TOML

export REPORTS_IMAP_PASSWORD=imap-pass-42 BELFRY_IMAP_PASSWORD=imap-pass-42
out=$("$BELFRY" --config "$T/belfry.toml" collect --feed shadowserver-imap --json 2> "$T/collect.log") \
  || fail "imap collect: $out $(cat "$T/collect.log")"
echo "$out" | python3 -c 'import json,sys; r=json.load(sys.stdin); assert r["ok"] and r["reports"]==2 and r["failed"]==1 and r["events"]==6, r' \
  || fail "imap collect: $out $(cat "$T/collect.log")"
[ "$(sql "SELECT count(*) FROM events WHERE \"feed.name\" = 'Accessible-HTTP'")" = 3 ] || fail "zip attachment not ingested"
# Dovecot names the moved copies itself: count the files in the folder.
[ "$(find "$T/home/reports/Maildir/.Belfry.Done" -path '*/cur/*' -o -path '*/new/*' | wc -l)" = 2 ] \
  || fail "mails not moved to Belfry.Done: $(find "$T/home/reports/Maildir" -type f)"
[ "$(find "$T/home/reports/Maildir/.Belfry.Failed" -path '*/cur/*' -o -path '*/new/*' | wc -l)" = 1 ] \
  || fail "the report mail without report not in Belfry.Failed"
[ "$(find "$T/home/reports/Maildir/cur" "$T/home/reports/Maildir/new" -type f | wc -l)" = 1 ] \
  || fail "the non-report mail must stay in INBOX"
grep -q "imap-pass-42" "$T/collect.log" && fail "the IMAP password was logged"
pass "IMAP: report mails fetched over TLS, attachments ingested, mails moved to Belfry.Done or Belfry.Failed"

logouts() { grep -c "Logged out" "$T/dovecot.log" || true; }
for _ in $(seq 50); do [ "$(logouts)" -ge 1 ] && break; sleep 0.1; done  # logged a moment after
out=$("$BELFRY" --config "$T/belfry.toml" collect --feed shadowserver-imap --json 2>/dev/null)
for _ in $(seq 50); do [ "$(logouts)" -ge 2 ] && break; sleep 0.1; done
echo "$out" | python3 -c 'import json,sys; r=json.load(sys.stdin); assert r["ok"] and r["reports"]==0 and r["events"]==0, r' \
  || fail "second imap collect: $out"
grep "Logged out" "$T/dovecot.log" | sed -n 2p | grep -q "body_count=0" \
  || fail "the second run downloaded mails: $(grep "Logged out" "$T/dovecot.log" | sed -n 2p)"
pass "IMAP: a second run finds nothing new and downloads no mail body"

set +e; out=$("$BELFRY" --config "$T/belfry.toml" collect --feed imap-unverified --json 2>/dev/null); rc=$?; set -e
[ $rc -eq 1 ] && echo "$out" | grep -qi "certificate" || fail "unverifiable certificate accepted: $out"
pass "IMAP: TLS certificates are verified by default"
