#!/usr/bin/env bash
# Collectors against real servers on loopback: an HTTP server serving feed files (ETag, 304,
# 500, slow), a server speaking Shadowserver's Reports API (signatures checked), a Maildir
# and a watched folder. Each step runs `belfry collect` and checks the store.
set -euo pipefail
BELFRY=$1
HERE=$(cd "$(dirname "$0")" && pwd)
GOLDEN=$HERE/../golden
T=$(mktemp -d)
SERVER_PID=
TLS_PID=
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null
  [ -n "$TLS_PID" ] && kill "$TLS_PID" 2>/dev/null
  rm -rf "$T"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
pass() { echo "ok: $*"; }
count() { "$BELFRY" --config "$T/belfry.toml" events sql "$1" | tail -n 1; }

TODAY=$(date -u +%F)
mkdir -p "$T/files" "$T/reports" "$T/drop" "$T/maildir"/{new,cur,tmp}
cp "$GOLDEN/recipes/spamhaus-drop/drop.input" "$T/files/drop.txt"
cp "$GOLDEN/recipes/blocklistde-ssh/ssh.input" "$T/files/ssh.txt"
cp "$GOLDEN/recipes/abusech-feodotracker/ipblocklist.input" "$T/files/ipblocklist.csv"
# Shadowserver reports of today and yesterday for the API; one for another mailing list.
cp "$GOLDEN/recipes/shadowserver-api/2026-11-21-scan_telnet-belgium-geo.input" \
   "$T/reports/$TODAY-scan_telnet-belgium-geo.csv"
cp "$GOLDEN/recipes/shadowserver-imap/2026-11-21-scan_ntp-belgium-asn.input" \
   "$T/reports/$(date -u -d yesterday +%F)-scan_ntp-belgium-asn.csv"
cp "$GOLDEN/shadowserver/2026-11-21-scan_http-belgium-asn.input" \
   "$T/reports/$TODAY-scan_http-otherland-geo.csv"
# Listed by the API but refused at download: recorded as failed, the others still fetched.
cp "$GOLDEN/shadowserver/2026-11-21-scan_http-belgium-asn.input" \
   "$T/reports/$TODAY-scan_http-belgium-expired-geo.csv"
# A gzip download, unpacked by its first bytes.
gzip -c "$GOLDEN/recipes/blocklistde-mail/mail.input" > "$T/files/mail.txt.gz"

python3 "$HERE/../servers/feed_server.py" --files "$T/files" --reports "$T/reports" \
  --api-key "k-123" --secret "s3cr3t-value" --port-file "$T/port" &
SERVER_PID=$!
disown
for _ in $(seq 100); do [ -s "$T/port" ] && break; sleep 0.1; done
PORT=$(cat "$T/port")
URL="http://127.0.0.1:$PORT"
# The same files over HTTPS, with a certificate of a CA only the test knows.
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=127.0.0.1" \
  -addext "subjectAltName=IP:127.0.0.1" -keyout "$T/key.pem" -out "$T/cert.pem" 2>/dev/null
python3 "$HERE/../servers/feed_server.py" --files "$T/files" --port-file "$T/tls-port" \
  --tls-cert "$T/cert.pem" --tls-key "$T/key.pem" &
TLS_PID=$!
disown
for _ in $(seq 100); do [ -s "$T/tls-port" ] && break; sleep 0.1; done
TLS_URL="https://127.0.0.1:$(cat "$T/tls-port")"

# A recipe written by `feeds add`, pointed at the loopback server.
printf '[store]\nurl = "sqlite://%s/data/belfry.db"\n' "$T" > "$T/belfry.toml"
"$BELFRY" feeds add spamhaus-drop --to "$T/belfry.toml" >/dev/null
"$BELFRY" feeds add blocklistde-ssh --to "$T/belfry.toml" >/dev/null
set +e; out=$("$BELFRY" feeds add blocklistde-ssh --to "$T/belfry.toml" 2>&1); rc=$?; set -e
[ $rc -ne 0 ] && echo "$out" | grep -q "already has a feed named 'blocklistde-ssh'" \
  || fail "feeds add twice: $out"
set +e; out=$("$BELFRY" feeds add abusech-urlhaus --to - 2>&1); rc=$?; set -e
[ $rc -ne 0 ] && echo "$out" | grep -q -- "--set cc=" || fail "recipe placeholder: $out"
"$BELFRY" feeds add abusech-urlhaus --set cc=BE --to - | grep -q 'feeds/country/BE/' \
  || fail "feeds add --set"
sed -i "s#https://www.spamhaus.org/drop/drop.txt#$URL/files/drop.txt#; s#https://lists.blocklist.de/lists/ssh.txt#$URL/files/ssh.txt#" "$T/belfry.toml"
pass "feeds add writes recipes; placeholders and duplicates are refused"

cat >> "$T/belfry.toml" <<TOML

[[feeds]]
name = "feodo-flaky"
parser = "csv"
source = "$URL/flaky/1/ipblocklist.csv"
retries = 2
retry_delay = 0
constants = { "classification.type" = "c2-server" }
[feeds.csv]
comment = "#"
columns = ["time.source", "source.ip", "source.port", "extra.c2_status", "extra.last_online", "malware.name"]
time_format = "%Y-%m-%d %H:%M:%S"

[[feeds]]
name = "mail-gz"
parser = "csv"
source = "$URL/files/mail.txt.gz"
constants = { "classification.type" = "ids-alert" }
[feeds.csv]
columns = ["source.ip"]

[[feeds]]
name = "broken"
parser = "csv"
source = "$URL/status/500"
retries = 1
retry_delay = 0
[feeds.csv]
columns = ["source.ip"]

[[feeds]]
name = "slow"
parser = "csv"
source = "$URL/slow/5/ssh.txt"
timeout = "1s"
retries = 0
[feeds.csv]
columns = ["source.ip"]

[[feeds]]
name = "tls-private-ca"
parser = "csv"
source = "$TLS_URL/files/ssh.txt"
ca_file = "$T/cert.pem"
constants = { "classification.type" = "brute-force" }
[feeds.csv]
columns = ["source.ip"]

[[feeds]]
name = "tls-unverified"
parser = "csv"
source = "$TLS_URL/files/ssh.txt"
retries = 0
[feeds.csv]
columns = ["source.ip"]

[[feeds]]
name = "too-large"
parser = "csv"
source = "$URL/files/ipblocklist.csv"
max_size = 100
[feeds.csv]
columns = ["source.ip"]

[[feeds]]
name = "shadowserver-api"
parser = "shadowserver"
source = "shadowserver-api"
api_url = "$URL/api2/"
reports = ["belgium"]

[[feeds]]
name = "shadowserver-bad-secret"
parser = "shadowserver"
source = "shadowserver-api"
api_url = "$URL/api2/"
reports = ["belgium"]
api_key = "k-123"
secret = "wrong-secret"

[[feeds]]
name = "dropbox"
parser = "shadowserver"
source = "dir:$T/drop"

[[feeds]]
name = "shadowserver-mail"
parser = "shadowserver"
source = "maildir:$T/maildir"
subject = "Shadowserver"
TOML

# Mails: a zipped report, a plain one, one without attachment, one for nobody.
python3 "$HERE/../servers/write_report_mails.py" "$T/maildir" "$GOLDEN" maildir

# A file dropped in the watched folder (atomically: written elsewhere, then renamed).
cp "$GOLDEN/recipes/shadowserver-imap/2026-11-21-scan_ntp-belgium-asn.input" "$T/drop/.incoming"
mv "$T/drop/.incoming" "$T/drop/2026-11-21-scan_ntp-belgium-asn.csv"
printf 'not,a,shadowserver,report\n' > "$T/drop/notes.csv"

export BELFRY_SHADOWSERVER_API_KEY=k-123 BELFRY_SHADOWSERVER_SECRET=s3cr3t-value
set +e
"$BELFRY" --config "$T/belfry.toml" collect --json > "$T/run1.json" 2> "$T/run1.log"; rc=$?
set -e
[ $rc -eq 1 ] || fail "a failing feed must make collect exit 1 (got $rc)"
python3 - "$T/run1.json" <<'PY' || fail "first collect: $(cat "$T/run1.json" "$T/run1.log")"
import json, sys
runs = {r["feed"]: r for r in map(json.loads, open(sys.argv[1]))}
# Events stored or dropped as duplicates of another feed's (the same finding twice).
ok = {"spamhaus-drop": 3, "blocklistde-ssh": 3, "feodo-flaky": 3, "mail-gz": 3,
      "shadowserver-api": 3 + 4, "dropbox": 3, "shadowserver-mail": 3 + 3}
for feed, events in ok.items():
    r = runs[feed]
    assert r["ok"], r
    assert r["events"] + r["duplicates"] == events, (feed, r)
assert runs["shadowserver-api"]["rejected"] == 2, runs["shadowserver-api"]
assert runs["shadowserver-api"]["failed"] == 1, runs["shadowserver-api"]  # the expired one
for feed in ("broken", "slow", "shadowserver-bad-secret", "tls-unverified", "too-large"):
    assert not runs[feed]["ok"], runs[feed]
assert runs["tls-private-ca"]["ok"] and runs["tls-private-ca"]["events"] + runs["tls-private-ca"]["duplicates"] == 3, runs["tls-private-ca"]
assert "certificate" in runs["tls-unverified"]["error"].lower(), runs["tls-unverified"]
assert "max_size" in runs["too-large"]["error"], runs["too-large"]
assert "HTTP 500" in runs["broken"]["error"], runs["broken"]
assert "signature mismatch" in runs["shadowserver-bad-secret"]["error"], runs["shadowserver-bad-secret"]
assert runs["dropbox"]["failed"] == 1, runs["dropbox"]           # notes.csv
assert runs["shadowserver-mail"]["failed"] == 1, runs["shadowserver-mail"]  # no attachment
PY
pass "every source collected; failing feeds do not stop the others"
pass "HTTPS: certificates verified by default, a private CA with ca_file; max_size enforced"

[ "$(count "SELECT count(*) FROM events WHERE \"feed.name\" = 'spamhaus-drop' AND \"source.network\" IS NOT NULL")" = 3 ] || fail "spamhaus events"
[ "$(count "SELECT count(*) FROM events WHERE \"feed.name\" = 'Accessible-Telnet'")" = 4 ] || fail "API report type from the file name"
pass "events stored with the feed's mapping and the report type from the file name"

grep -q "s3cr3t-value" "$T/run1.log" "$T/run1.json" "$T/belfry.toml" && fail "the API secret was logged"
grep -q "wrong-secret" "$T/run1.log" "$T/run1.json" && fail "a configured secret was logged"
pass "secrets never appear in output or logs"

ls "$T/drop/done/2026-11-21-scan_ntp-belgium-asn.csv" >/dev/null || fail "dropped file not in done/"
grep -q "report type" "$T/drop/failed/notes.csv.reason" || fail "failed/ reason: $(cat "$T/drop/failed/notes.csv.reason")"
[ "$(ls "$T/drop" | grep -vc -e done -e failed)" = 0 ] || fail "files left in the watched folder"
pass "watched folder: done/ and failed/ with the reason"

[ "$(ls "$T/maildir/.Belfry.Done/cur" | wc -l)" = 2 ] || fail "mails in .Belfry.Done: $(ls -R "$T/maildir")"
[ "$(ls "$T/maildir/.Belfry.Failed/cur" | wc -l)" = 1 ] || fail "mails in .Belfry.Failed"
[ "$(ls "$T/maildir/new" | wc -l)" = 1 ] || fail "the mail for nobody must stay in new/"
pass "maildir: mails moved to done and failed folders, others untouched"

# Second run of every feed: nothing new is ingested.
for f in spamhaus-drop blocklistde-ssh mail-gz shadowserver-api shadowserver-mail dropbox; do
  "$BELFRY" --config "$T/belfry.toml" collect --feed "$f" --json >> "$T/run2.json" 2>> "$T/run2.log"
done
python3 - "$T/run2.json" <<'PY' || fail "second collect: $(cat "$T/run2.json")"
import json, sys
for r in map(json.loads, open(sys.argv[1])):
    assert r["ok"] and r["events"] == 0 and r["reports"] == 0, r
PY
python3 -c "import sys, urllib.request; sys.stdout.write(urllib.request.urlopen(sys.argv[1]).read().decode())" "$URL/_stats" > "$T/stats.json"
python3 - "$T/stats.json" "$TODAY" <<'PY' || fail "server saw: $(cat "$T/stats.json")"
import json, sys
s = json.load(open(sys.argv[1]))
today = sys.argv[2]
assert s.get("304:drop.txt", 0) >= 1, "no conditional GET"
assert s.get("200:drop.txt") == 1, s
assert s.get("download:%s-scan_telnet-belgium-geo.csv" % today) == 1, "API report fetched twice"
assert not any("otherland" in k for k in s), "report of another mailing list fetched"
PY
pass "second run: 304 for unchanged files, API reports fetched once, nothing ingested twice"

# The provider sends the same report again, under another name: recorded, not ingested.
cp "$GOLDEN/recipes/shadowserver-imap/2026-11-21-scan_ntp-belgium-asn.input" "$T/drop/again-2026-11-21-scan_ntp-belgium-asn.csv"
out=$("$BELFRY" --config "$T/belfry.toml" collect --feed dropbox --json 2>/dev/null)
echo "$out" | python3 -c 'import json,sys; r=json.load(sys.stdin); assert r["skipped"]==1 and r["events"]==0, r' \
  || fail "resent report: $out"
ls "$T/drop/done/again-2026-11-21-scan_ntp-belgium-asn.csv" >/dev/null || fail "resent file not moved"
"$BELFRY" --config "$T/belfry.toml" feeds reports --feed dropbox --json > "$T/reports.json"
python3 - "$T/reports.json" <<'PY' || fail "feeds reports: $(cat "$T/reports.json")"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert rows[0]["status"] == "duplicate" and "same content as report #" in rows[0]["error"], rows[0]
assert {r["status"] for r in rows} == {"duplicate", "ingested", "failed"}, rows
assert all(len(r["sha256"]) == 64 for r in rows if r["status"] != "failed" or r["sha256"]), rows
PY
pass "a report sent again is skipped by its checksum; the ledger shows it"

# feeds status: last success, last error, next run, events of the last run.
"$BELFRY" --config "$T/belfry.toml" feeds status --json > "$T/status.json"
python3 - "$T/status.json" <<'PY' || fail "feeds status: $(cat "$T/status.json")"
import json, sys
st = {r["feed"]: r for r in map(json.loads, open(sys.argv[1]))}
assert st["broken"]["status"] == "failing" and "HTTP 500" in st["broken"]["last_error"], st["broken"]
assert st["broken"]["consecutive_failures"] == 1 and st["broken"]["next_run"], st["broken"]
assert st["spamhaus-drop"]["status"] == "ok" and st["spamhaus-drop"]["last_success"], st
assert st["slow"]["status"] == "failing", st["slow"]
for k in ("last_run", "last_success", "last_error", "next_run", "last_events", "last_reports"):
    assert k in st["dropbox"], k
PY
set +e; "$BELFRY" --config "$T/belfry.toml" feeds status --check >/dev/null; rc=$?; set -e
[ $rc -eq 1 ] || fail "feeds status --check with a failing feed: $rc"
grep -q 'belfry_feed_up{feed="broken"} 0' "$T/data/metrics.prom" || fail "metrics file"
pass "feeds status and the metrics file show failing feeds"

# Nothing was due right after the run: collect without --feed runs nothing.
out=$("$BELFRY" --config "$T/belfry.toml" collect 2>/dev/null | grep -c "not due") || true
[ "$out" -ge 5 ] || fail "feeds ran before they were due"
pass "collect runs only feeds that are due"
