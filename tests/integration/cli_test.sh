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
echo "$out" | grep -q "2 files, 9 rows read, 7 events stored, 0 duplicates dropped, 2 rows rejected" || fail "summary: $out"
[ -s "$T/dead-letters.jsonl" ] || fail "no dead-letter file beside the database"
python3 - "$T/dead-letters.jsonl" <<'PY' || fail "dead letters"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert len(rows) == 2, rows
for r in rows:
    assert r["file"] == "2026-11-21-scan_telnet-malformed.csv", r
    assert set(r) >= {"file", "line", "reason", "raw"}, r
assert sorted(r["line"] for r in rows) == [5, 6], rows
PY
echo "$out" | grep -q "2 rows had fewer columns than the header; kept" || fail "short rows: $out"
pass "malformed rows go to the dead-letter file with file and line; short rows kept as IntelMQ does"

# --json summary for scripts.
"$BELFRY" ingest --db "$T/j.db" --feed shadowserver --json "$T/in" > "$T/sum.json"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["stored"] == 7 and d["rejected"] == 2 and d["short_rows"] == 2 and d["files"] == 2, d' "$T/sum.json" || fail "ingest --json"
pass "ingest --json"

# Replaying stores nothing twice.
out=$("$BELFRY" ingest --db "$T/a.db" --feed shadowserver --dead-letter "$T/dl2.jsonl" "$T/in")
echo "$out" | grep -q "0 events stored, 7 duplicates dropped" || fail "replay: $out"
pass "replay stores nothing twice"

# Search: table, JSON lines that are IntelMQ events, filters.
out=$("$BELFRY" events search --db "$T/a.db" --feed Accessible-Telnet)
echo "$out" | grep -q "(4 events)" || fail "search table: $out"
"$BELFRY" events search --db "$T/a.db" --json --limit 100 > "$T/found.jsonl"
python3 - "$T/found.jsonl" <<'PY' || fail "search --json"
import json, sys, base64
rows = [json.loads(l) for l in open(sys.argv[1])]
assert len(rows) == 7, len(rows)
for r in rows:
    assert list(r) == sorted(r), "keys not sorted"
    assert r["feed.provider"] == "Shadowserver"
    assert base64.b64decode(r["raw"]).startswith(b'"timestamp",')
PY
out=$("$BELFRY" events search --db "$T/a.db" --cidr 198.51.100.0/24 --json)
[ -n "$out" ] || fail "cidr search found nothing"
out=$("$BELFRY" events sql --db "$T/a.db" 'SELECT count(*) AS n FROM events WHERE "feed.name" = '"'"'Accessible-Telnet'"'"'')
echo "$out" | tail -1 | grep -qx 4 || fail "events view: $out"
set +e; "$BELFRY" events sql --db "$T/a.db" 'DROP TABLE reports' >/dev/null 2>&1; rc=$?; set -e
[ $rc -ne 0 ] || fail "events sql allowed a write"
pass "events search and the eventdb view"

# parse: IntelMQ JSON lines on stdout, nothing stored; rejected rows on stderr with file:line.
"$BELFRY" parse --feed shadowserver "$T/in/2026-11-21-scan_telnet-malformed.csv" > "$T/p.jsonl" 2> "$T/p.err"
[ "$(wc -l < "$T/p.jsonl")" -eq 4 ] || fail "parse output"
grep -q "2026-11-21-scan_telnet-malformed.csv:5: rejected" "$T/p.err" || fail "parse stderr: $(cat "$T/p.err")"
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
# Constituency: RIPE import then lookup (IPv4, IPv6, outside every network), CSV and TI
# imports, re-routing of stored events, --mmdb enrichment.
EX=$HERE/../../examples/constituency
printf '[constituency]\ncountries = ["BE"]\nlanguages = ["nl", "fr"]\n' > "$T/be.toml"
C="--config $T/be.toml"
out=$("$BELFRY" $C constituency import ripe --db "$T/c.db" "$EX/ripe-sample.db" 2> "$T/ripe.err")
echo "$out" | grep -q "6 inetnum" || fail "ripe import: $out"
grep -q "ripe-sample.db:102: rejected: inetnum 192.0.2.0 - 192.0.2." "$T/ripe.err" || fail "malformed object not reported: $(cat "$T/ripe.err")"
python3 - "$T/dead-letters.jsonl" <<'PY' || fail "malformed object not in the dead-letter file"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
r = [r for r in rows if r["feed"] == "constituency import ripe"][0]
assert r["line"] == 102 and r["file"].endswith("ripe-sample.db"), r
assert "BROKEN-RANGE" in r["raw"], r
PY
"$BELFRY" $C constituency lookup --db "$T/c.db" --json 198.51.100.70 > "$T/l1.json"
"$BELFRY" $C constituency lookup --db "$T/c.db" --json 2001:db8:1234::1 > "$T/l2.json"
"$BELFRY" $C constituency lookup --db "$T/c.db" --json 192.0.2.200 > "$T/l3.json"
python3 - "$T" <<'PY' || fail "constituency lookup"
import json, sys
t = sys.argv[1]
a = json.load(open(t + "/l1.json"))
for k in ("network", "organisation", "handle", "sector", "asn", "abuse_email", "in_constituency", "route_to"):
    assert k in a, k
assert a["network"] == "198.51.100.64/27", a
assert a["organisation"] == "Example University" and a["handle"] == "ORG-EU1-RIPE", a
assert a["abuse_email"] == "cert@university.example", a   # inherited from the /25
assert a["in_constituency"] is True and a["route_to"] == "cert@university.example", a
b = json.load(open(t + "/l2.json"))
assert b["network"] == "2001:db8:1000::/36" and b["handle"] == "ORG-EU1-RIPE", b
c = json.load(open(t + "/l3.json"))
assert c["in_constituency"] is False and c["network"] is None, c
PY
pass "constituency import ripe + lookup (IPv4, IPv6, outside)"
"$BELFRY" $C constituency import csv --db "$T/c.db" "$EX/organisations.csv" | grep -q "imported 3 organisations" || fail "csv import"
"$BELFRY" $C constituency import ti --db "$T/c.db" "$EX/peer-teams.json" | grep -q "imported 2 peer teams" || fail "ti import"
"$BELFRY" $C constituency lookup --db "$T/c.db" 198.51.100.70 | grep -q "labs-abuse@university.example" || fail "manual contact"
"$BELFRY" $C constituency lookup --db "$T/c.db" 203.0.113.9 | grep -q "peer -> EXAMPLE-CERT-NL" || fail "peer route"
set +e; "$BELFRY" $C constituency lookup --db "$T/c.db" "not an address" > /dev/null 2>&1; rc=$?; set -e
[ $rc -eq 2 ] || fail "bad lookup target exit status $rc"
pass "constituency csv and ti imports, manual contacts, peers"
"$BELFRY" $C ingest --db "$T/c.db" --feed shadowserver "$HERE/../../examples/feeds/shadowserver" > /dev/null
n=$("$BELFRY" $C events sql --db "$T/c.db" "SELECT count(*) FROM events WHERE route = 'constituent' AND constituency IS NOT NULL" | tail -1)
[ "$n" -gt 0 ] || fail "no routed events"
n=$("$BELFRY" $C events sql --db "$T/c.db" "SELECT count(*) FROM events WHERE route = 'peer' AND constituency IS NOT NULL" | tail -1)
[ "$n" -eq 0 ] || fail "events outside the constituency carry a constituency"
printf 'organisation,name,networks,email\nCUST-1,Example Customer,198.51.100.224/28,it@customer.example\n' > "$T/more.csv"
"$BELFRY" $C constituency import csv --db "$T/c.db" "$T/more.csv" | grep -q "re-routed" || fail "no re-route after import"
pass "ingested events carry constituency and route; re-routed after a change"
MM=$HERE/../data/maxmind
printf '"timestamp","ip","port","asn","geo"\n"2026-11-21 01:00:00","89.160.20.113","23","",""\n"2026-11-21 01:00:00","81.2.69.142","23","64500","BE"\n' > "$T/2026-11-21-scan_telnet-x.csv"
"$BELFRY" parse --feed shadowserver --mmdb "$MM/GeoLite2-ASN-Test.mmdb" --mmdb "$MM/GeoLite2-Country-Test.mmdb" "$T/2026-11-21-scan_telnet-x.csv" > "$T/geo.jsonl" 2>/dev/null
python3 - "$T/geo.jsonl" <<'PY' || fail "--mmdb enrichment"
import json, sys
a, b = [json.loads(l) for l in open(sys.argv[1])]
assert a["source.asn"] == 29518 and a["source.geolocation.cc"] == "SE", a
assert b["source.asn"] == 64500 and b["source.geolocation.cc"] == "BE", b   # the feed's values kept
PY
"$BELFRY" ingest --db "$T/g.db" --feed shadowserver --mmdb "$MM/GeoLite2-ASN-Test.mmdb" "$T/2026-11-21-scan_telnet-x.csv" > /dev/null
"$BELFRY" events search --db "$T/g.db" --asn 29518 | grep -q "89.160.20.113" || fail "ingest --mmdb"
set +e; out=$("$BELFRY" parse --feed shadowserver --mmdb "$T/none.mmdb" "$T/2026-11-21-scan_telnet-x.csv" 2>&1); rc=$?; set -e
[ $rc -ne 0 ] && echo "$out" | grep -q "none.mmdb" || fail "missing mmdb: $out"
pass "--mmdb fills source.asn and source.geolocation.cc without overwriting"
# CLI conventions: global options before and after the verb, --version, typed JSON from SQL.
"$BELFRY" --version | grep -q "schema version" || fail "--version"
"$BELFRY" ingest --config "$T/be.toml" --db "$T/opts.db" --feed shadowserver -q \
  "$HERE/../../examples/feeds/shadowserver/2026-11-21-scan_ntp-belgium-asn.csv" > /dev/null \
  || fail "--config after the verb"
"$BELFRY" --db "$T/opts.db" --json events search --limit 1 | python3 -c 'import json,sys; json.loads(sys.stdin.readline())' \
  || fail "--db and --json before the verb"
"$BELFRY" events sql --db "$T/opts.db" --json 'SELECT count(*) AS n, NULL AS x, 1.5 AS f, '"'"'a'"'"' AS s FROM events' \
  | grep -qx '{"n": 3, "x": null, "f": 1.5, "s": "a"}' || fail "events sql --json types"
# Any SQLite client sees the key columns under eventdb names, without Belfry.
sqlite3 "$T/opts.db" 'SELECT "classification.type", "classification.taxonomy" FROM events LIMIT 1' \
  | grep -q "vulnerable-system|vulnerable" || fail "permanent events view"
pass "global options, --version, typed SQL JSON, the eventdb key view for plain SQLite"
echo "cli: all passed"
