#!/usr/bin/env bash
# CLI behaviour an operator scripts against: exit codes, messages, dead letters, search.
set -euo pipefail
BELFRY=$1
HERE=$(cd "$(dirname "$0")" && pwd)
GOLDEN=$HERE/../golden
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
pass() { echo "ok: $*"; }

# A bad configuration names the key and the line, exit status 2.
printf '[store]\nurl = "sqlite:///%s/x.db"\n[dedup]\nttl = "forever"\n' "$T" > "$T/bad.toml"
set +e; out=$("$BELFRY" --config "$T/bad.toml" feeds list 2>&1); rc=$?; set -e
[ $rc -eq 2 ] || fail "bad config exit status $rc"
echo "$out" | grep -q "bad.toml:4: dedup.ttl" || fail "bad config message: $out"
pass "bad configuration names key and line"
set +e; out=$(BELFRY_CONFIG="$T/bad.toml" "$BELFRY" feeds list 2>&1); rc=$?; set -e
[ $rc -eq 2 ] || fail "\$BELFRY_CONFIG not read"
pass "\$BELFRY_CONFIG is read"

# Unknown feed: clear error, non-zero.
set +e; out=$("$BELFRY" ingest --db "$T/a.db" --feed nosuchfeed "$GOLDEN/csv" 2>&1); rc=$?; set -e
[ $rc -ne 0 ] || fail "unknown feed accepted"
echo "$out" | grep -q "unknown feed 'nosuchfeed'" || fail "unknown feed message: $out"
pass "unknown feed is refused"

# Ingest a report with malformed rows: exit 0, summary counts, dead letters with file and line.
mkdir -p "$T/in"
cp "$GOLDEN/shadowserver/2026-11-21-scan_telnet-malformed.input" "$T/in/2026-11-21-scan_telnet-malformed.csv"
cp "$GOLDEN/shadowserver/2026-11-21-scan_http-belgium-asn.input" "$T/in/2026-11-21-scan_http-belgium-asn.csv"
out=$("$BELFRY" ingest --db "$T/a.db" --feed shadowserver "$T/in")
echo "$out" | grep -q "2 files, 9 rows read, 6 events stored, 0 duplicates dropped, 3 rows rejected" || fail "summary: $out"
[ -s "$T/dead-letters.jsonl" ] || fail "no dead-letter file beside the database"
python3 - "$T/dead-letters.jsonl" <<'PY' || fail "dead letters"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert len(rows) == 3, rows
for r in rows:
    assert r["file"] == "2026-11-21-scan_telnet-malformed.csv", r
    assert set(r) >= {"file", "line", "reason", "raw"}, r
assert sorted(r["line"] for r in rows) == [4, 5, 6], rows
PY
pass "malformed rows go to the dead-letter file with file and line"

# --json summary for scripts.
"$BELFRY" ingest --db "$T/j.db" --feed shadowserver --json "$T/in" > "$T/sum.json"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["stored"] == 6 and d["rejected"] == 3 and d["files"] == 2, d' "$T/sum.json" || fail "ingest --json"
pass "ingest --json"

# Replaying stores nothing twice.
out=$("$BELFRY" ingest --db "$T/a.db" --feed shadowserver --dead-letter "$T/dl2.jsonl" "$T/in")
echo "$out" | grep -q "0 events stored, 6 duplicates dropped" || fail "replay: $out"
pass "replay stores nothing twice"

# Search: table, JSON lines that are IntelMQ events, filters.
out=$("$BELFRY" events search --db "$T/a.db" --feed Accessible-Telnet)
echo "$out" | grep -q "(3 events)" || fail "search table: $out"
"$BELFRY" events search --db "$T/a.db" --json --limit 100 > "$T/found.jsonl"
python3 - "$T/found.jsonl" <<'PY' || fail "search --json"
import json, sys, base64
rows = [json.loads(l) for l in open(sys.argv[1])]
assert len(rows) == 6, len(rows)
for r in rows:
    assert list(r) == sorted(r), "keys not sorted"
    assert r["feed.provider"] == "Shadowserver"
    assert base64.b64decode(r["raw"]).startswith(b'"timestamp",')
PY
out=$("$BELFRY" events search --db "$T/a.db" --cidr 198.51.100.0/24 --json)
[ -n "$out" ] || fail "cidr search found nothing"
out=$("$BELFRY" events sql --db "$T/a.db" 'SELECT count(*) AS n FROM events WHERE "feed.name" = '"'"'Accessible-Telnet'"'"'')
echo "$out" | tail -1 | grep -qx 3 || fail "events view: $out"
set +e; "$BELFRY" events sql --db "$T/a.db" 'DROP TABLE reports' >/dev/null 2>&1; rc=$?; set -e
[ $rc -ne 0 ] || fail "events sql allowed a write"
pass "events search and the eventdb view"

# parse: IntelMQ JSON lines on stdout, nothing stored; rejected rows on stderr with file:line.
"$BELFRY" parse --feed shadowserver "$T/in/2026-11-21-scan_telnet-malformed.csv" > "$T/p.jsonl" 2> "$T/p.err"
[ "$(wc -l < "$T/p.jsonl")" -eq 3 ] || fail "parse output"
grep -q "2026-11-21-scan_telnet-malformed.csv:4: rejected" "$T/p.err" || fail "parse stderr: $(cat "$T/p.err")"
pass "parse writes IntelMQ JSON lines"

# A configured CSV feed and IntelMQ JSON input.
"$BELFRY" --config "$GOLDEN/csv/feed.toml" ingest --db "$T/b.db" --feed "Example SSH Blocklist" "$GOLDEN/csv/blocklist-ssh.input" | grep -q "4 events stored" || fail "csv feed"
"$BELFRY" ingest --db "$T/b.db" --feed intelmq-json "$GOLDEN/intelmq-json/intelmq-file-output.input" | grep -q "3 events stored" || fail "intelmq-json"
pass "csv and intelmq-json feeds"

# feeds list knows every Shadowserver report type.
n=$("$BELFRY" feeds list --json | grep -c shadowserver_report_type)
[ "$n" -eq 170 ] || fail "feeds list shows $n report types"
pass "feeds list"

# purge runs with the configured retention.
"$BELFRY" purge --db "$T/a.db" | grep -q "^purge:" || fail "purge"
pass "purge"
echo "cli: all passed"
