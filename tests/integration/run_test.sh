#!/usr/bin/env bash
# `belfry run` left running: picks up every source on its schedule, exactly once, and stops
# cleanly on SIGTERM; a collector killed in the middle of a report resumes it exactly once.
set -euo pipefail
BELFRY=$1
HERE=$(cd "$(dirname "$0")" && pwd)
GOLDEN=$HERE/../golden
T=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null || true; done; rm -rf "$T"; }
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; [ -f "$T/run.log" ] && tail -20 "$T/run.log" >&2; exit 1; }
pass() { echo "ok: $*"; }
sql() { "$BELFRY" --config "$T/belfry.toml" events sql "$1" 2>/dev/null | tail -n 1; }
wait_for() {  # wait_for SQL VALUE: poll until the query answers VALUE (at most 30 s)
  for _ in $(seq 300); do [ "$(sql "$1")" = "$2" ] && return 0; sleep 0.1; done
  fail "waited for [$1] = $2, got $(sql "$1")"
}

mkdir -p "$T/drop" "$T/files"
cp "$GOLDEN/recipes/blocklistde-ssh/ssh.input" "$T/files/ssh.txt"
python3 "$HERE/../servers/feed_server.py" --files "$T/files" --port-file "$T/port" &
PIDS+=($!)
disown
for _ in $(seq 100); do [ -s "$T/port" ] && break; sleep 0.1; done
cat > "$T/belfry.toml" <<TOML
[store]
url = "sqlite://$T/data/belfry.db"

[[feeds]]
name = "dropbox"
parser = "shadowserver"
source = "dir:$T/drop"
schedule = "every 1s"

[[feeds]]
name = "ssh-list"
parser = "csv"
source = "http://127.0.0.1:$(cat "$T/port")/files/ssh.txt"
schedule = "every 2s"
constants = { "classification.type" = "brute-force" }
[feeds.csv]
columns = ["source.ip"]

[web]
listen = "127.0.0.1:0"
TOML

"$BELFRY" --config "$T/belfry.toml" run 2> "$T/run.log" &
RUN=$!
PIDS+=($RUN)
# The console, the API and the self-check are served by the run itself.
for _ in $(seq 100); do grep -q "run: console, API and self-check on" "$T/run.log" && break; sleep 0.1; done
WEB=$(sed -n 's/.*run: console, API and self-check on \(http:[^ ]*\).*/\1/p' "$T/run.log" | head -n 1)
[ -n "$WEB" ] || fail "run did not start its web server"
[ "$(curl -s "$WEB/healthz")" = "ok" ] || fail "run's web server does not answer"
[ "$(curl -s -o /dev/null -w '%{http_code}' "$WEB/api/v1/events")" = 401 ] || fail "run's API without login"
echo "ok: belfry run serves the console, the API and the self-check"
wait_for "SELECT count(*) FROM events WHERE \"feed.name\" = 'ssh-list'" 3
cp "$GOLDEN/recipes/shadowserver-imap/2026-11-21-scan_ntp-belgium-asn.input" "$T/drop/.part"
mv "$T/drop/.part" "$T/drop/2026-11-21-scan_ntp-belgium-asn.csv"
wait_for "SELECT count(*) FROM events WHERE \"feed.name\" = 'NTP-Version'" 3
cp "$GOLDEN/shadowserver/2026-11-21-scan_http-belgium-asn.input" "$T/drop/.part"
mv "$T/drop/.part" "$T/drop/2026-11-21-scan_http-belgium-asn.csv"
wait_for "SELECT count(*) FROM events WHERE \"feed.name\" = 'Accessible-HTTP'" 3
# The blocklist is polled again (every 2 s) but, unchanged, never ingested again.
for _ in $(seq 100); do
  [ "$(grep -c "feed ssh-list: .* not modified" "$T/run.log")" -ge 2 ] && break; sleep 0.1
done
grep -q "feed ssh-list: .* not modified" "$T/run.log" || fail "the blocklist was not polled again"
pass "run picks up each source on its schedule"

# SIGHUP: a feed added to the configuration is collected without a restart; a broken
# configuration is refused and the running one stays.
cp "$T/belfry.toml" "$T/good.toml"
printf '[store]\nurl = 42\n' > "$T/belfry.toml"
kill -HUP $RUN
for _ in $(seq 100); do grep -q "configuration not reloaded" "$T/run.log" && break; sleep 0.1; done
grep -q "configuration not reloaded.*store.url" "$T/run.log" || fail "a bad configuration was not refused by name"
mkdir -p "$T/drop2"
cp "$T/good.toml" "$T/belfry.toml"
cat >> "$T/belfry.toml" <<TOML

[[feeds]]
name = "dropbox2"
parser = "shadowserver"
source = "dir:$T/drop2"
schedule = "every 1s"
TOML
kill -HUP $RUN
for _ in $(seq 100); do grep -q "configuration reloaded" "$T/run.log" && break; sleep 0.1; done
cp "$GOLDEN/recipes/shadowserver-api/2026-11-21-scan_telnet-belgium-geo.input" "$T/drop2/.part"
mv "$T/drop2/.part" "$T/drop2/2026-11-21-scan_telnet-belgium-geo.csv"
wait_for "SELECT count(*) FROM events WHERE \"feed.name\" = 'Accessible-Telnet'" 4
pass "SIGHUP reloads the configuration; a broken one is refused"

# Other processes write the same database meanwhile (30 ingests: more segments than
# [store] max_segments, so they merge segments `run` had seen); `run` keeps working.
for i in $(seq 1 30); do
  printf '203.0.113.%d\n' "$i" > "$T/manual-$i.txt"
  "$BELFRY" --config "$T/belfry.toml" ingest --feed ssh-list "$T/manual-$i.txt" >/dev/null
done
cp "$GOLDEN/shadowserver/2026-11-21-scan_rdp-belgium-asn.input" "$T/drop/.part"
mv "$T/drop/.part" "$T/drop/2026-11-21-scan_rdp-belgium-asn.csv"
wait_for "SELECT count(*) FROM collected_reports WHERE file_name LIKE '%scan_rdp%' AND status = 'ingested'" 1
grep -q "collection failed" "$T/run.log" && fail "run failed after other processes wrote the database"
pass "run keeps working while other processes ingest and merge segments"

kill -TERM $RUN
set +e; wait $RUN; rc=$?; set -e
[ $rc -eq 0 ] || fail "run exit status after SIGTERM: $rc"
grep -q "run: stopped" "$T/run.log" || fail "no clean stop"
rdp=$(sql "SELECT events FROM collected_reports WHERE file_name LIKE '%scan_rdp%'")
[ "$(sql "SELECT count(*) FROM events")" = $((13 + 30 + rdp)) ] || fail "events after run: $(sql "SELECT count(*) FROM events")"
[ "$(sql "SELECT count(*) FROM collected_reports WHERE status = 'ingested'")" = 5 ] \
  || fail "ledger: $(sql "SELECT feed, file_name, status FROM collected_reports")"
[ -z "$(ls "$T/drop" | grep -v -e done -e failed)" ] || fail "files left behind"
pass "SIGTERM stops run cleanly; every report ingested exactly once"

# A collector killed with -9 in the middle of a large report: the next run resumes the
# report from the spool and stores each event exactly once.
"$BELFRY" sample scan-report --rows 400000 "$T/big.csv" >/dev/null
mv "$T/big.csv" "$T/drop/2026-11-21-scan_http-bigcity-geo.csv"
"$BELFRY" --config "$T/belfry.toml" collect --feed dropbox 2> "$T/kill.log" &
COLLECT=$!
PIDS+=($COLLECT)
resumed=no
for _ in $(seq 600); do
  if [ "$(sql "SELECT count(*) FROM collected_reports WHERE status = 'pending'")" = 1 ]; then
    kill -9 $COLLECT; resumed=yes; break
  fi
  kill -0 $COLLECT 2>/dev/null || break
  sleep 0.05
done
wait $COLLECT 2>/dev/null || true
"$BELFRY" --config "$T/belfry.toml" collect --feed dropbox 2> "$T/resume.log" >/dev/null
if [ $resumed = yes ]; then
  grep -q "resuming report" "$T/resume.log" || fail "pending report not resumed: $(cat "$T/resume.log")"
fi
[ "$(sql "SELECT count(*) FROM events WHERE \"feed.name\" = 'Accessible-HTTP'")" = 400003 ] \
  || fail "events after kill -9: $(sql "SELECT count(*) FROM events WHERE \"feed.name\" = 'Accessible-HTTP'")"
[ "$(sql "SELECT count(*) FROM collected_reports WHERE status = 'pending'")" = 0 ] || fail "still pending"
pass "a report interrupted by kill -9 is resumed exactly once (killed mid-report: $resumed)"
