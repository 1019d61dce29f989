#!/usr/bin/env bash
# Hostile and odd input at the command line, each a regression test of a finding:
# compressed reports under any name, a feed named "..", SQL with two statements or a
# pointer-leaking function, --limit -1, lookups of a CIDR, a zone id and an IPv4-mapped
# IPv6 address, a wide report and a wide JSON line (linear time, capped).
set -euo pipefail
BELFRY=$1
HERE=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
pass() { echo "ok: $*"; }
NAME=2026-11-21-scan_http-belgium-asn.csv
"$BELFRY" sample scan-report --rows 200 "$T/plain.csv"

# A gzip and a zip named .csv, given to ingest: opened by their first bytes.
mkdir -p "$T/in" "$T/zipdir"
gzip -c "$T/plain.csv" > "$T/in/$NAME"
cp "$T/plain.csv" "$T/zipdir/$NAME"
(cd "$T/zipdir" && zip -q "$T/in/2026-11-22-report.csv" "$NAME")
out=$("$BELFRY" ingest --db "$T/a.db" --feed shadowserver --json "$T/in/$NAME" "$T/in/2026-11-22-report.csv")
echo "$out" | grep -q '"stored": 200' || fail "gzip/zip named .csv: $out"
echo "$out" | grep -q '"duplicates": 200' || fail "the zip's report is the same events: $out"
echo "$out" | grep -q '"rejected": 0' || fail "archives read as text: $out"
pass "ingest opens a gzip and a zip named .csv"
n=$("$BELFRY" parse --feed shadowserver "$T/in/$NAME" 2>/dev/null | wc -l)
[ "$n" = 200 ] || fail "parse of a gzip named .csv gave $n events"
pass "parse opens it too"

# The same gzip in a watched folder: the report type comes from its name.
mkdir -p "$T/drop"
cat > "$T/belfry.toml" <<TOML
[store]
url = "sqlite://$T/data/belfry.db"
[[feeds]]
name = "dropbox"
parser = "shadowserver"
source = "dir:$T/drop"
TOML
cp "$T/in/$NAME" "$T/drop/.part" && mv "$T/drop/.part" "$T/drop/$NAME"
"$BELFRY" --config "$T/belfry.toml" collect --json > "$T/c.json" 2> "$T/c.log" || true
grep -q '"events": 200' "$T/c.json" || fail "watched folder gzip named .csv: $(cat "$T/c.json" "$T/c.log")"
pass "a watched folder opens a gzip named .csv"

# A feed named "..": refused, naming the key; nothing outside spool/.
cat > "$T/dots.toml" <<TOML
[store]
url = "sqlite://$T/dots/belfry.db"
[[feeds]]
name = ".."
parser = "shadowserver"
source = "dir:$T/drop"
TOML
set +e
msg=$("$BELFRY" --config "$T/dots.toml" collect 2>&1); rc=$?
set -e
[ "$rc" != 0 ] || fail "a feed named '..' was accepted"
echo "$msg" | grep -q "feeds\[0\].name\|feeds.*name" || fail "the error does not name the key: $msg"
pass "a feed named '..' is refused: $msg"

# SQL: one statement only; fts3_tokenizer refused; --limit -1 refused.
DB="$T/a.db"
set +e
msg=$("$BELFRY" events sql --db "$DB" 'SELECT 1; DROP TABLE segments' 2>&1); rc=$?
set -e
[ "$rc" != 0 ] || fail "two statements ran: $msg"
"$BELFRY" events sql --db "$DB" 'SELECT count(*) FROM segments' > /dev/null || fail "segments dropped"
set +e
msg=$("$BELFRY" events sql --db "$DB" "SELECT fts3_tokenizer('simple')" 2>&1); rc=$?
set -e
[ "$rc" != 0 ] || fail "fts3_tokenizer answered: $msg"
set +e
"$BELFRY" events search --db "$DB" --limit -1 > /dev/null 2>&1; rc=$?
set -e
[ "$rc" = 2 ] || fail "--limit -1 exited $rc"
pass "events sql refuses two statements and fts3_tokenizer; --limit -1 refused"

# Lookups: a CIDR is answered, a zone id refused (exit 2), ::ffff:a.b.c.d is a.b.c.d.
CDB="$T/c.db"
"$BELFRY" constituency import ripe --db "$CDB" "$HERE/../data/ripe/ripe-split-shape.db" > /dev/null
"$BELFRY" constituency lookup --db "$CDB" --json 198.51.100.64/26 | grep -q '"network": "198.51.100.64/26"' \
  || fail "CIDR lookup"
set +e
"$BELFRY" constituency lookup --db "$CDB" '198.51.100.70%eth0' > /dev/null 2>&1; rc=$?
set -e
[ "$rc" = 2 ] || fail "a zone id was answered (exit $rc)"
"$BELFRY" constituency lookup --db "$CDB" --json ::ffff:198.51.100.70 | grep -q 'EXAMPLE-CUSTOMER-NET' \
  || fail "IPv4-mapped lookup"
out=$("$BELFRY" constituency lookup --db "$CDB" --json 8.8.8.8)
echo "$out" | grep -q '"in_constituency": false' || fail "8.8.8.8 is a constituent: $out"
echo "$out" | grep -q '"abuse_email": null' || fail "8.8.8.8 has IANA's contact: $out"
pass "lookup: CIDR, zone id refused, IPv4-mapped, IANA's block owns nothing"
echo '{"feed.name": "x", "source.ip": "::ffff:192.0.2.7", "classification.type": "scanner"}' > "$T/mapped.json"
"$BELFRY" ingest --db "$T/m.db" --feed intelmq-json "$T/mapped.json" > /dev/null 2>&1
"$BELFRY" events search --db "$T/m.db" --json --ip ::ffff:192.0.2.7 | grep -q '"source.ip": "192.0.2.7"' \
  || fail "an IPv4-mapped source.ip is not stored and found as IPv4"
"$BELFRY" events search --db "$T/m.db" --cidr 192.0.2.0/24 | grep -q '(1 events)' || fail "mapped: CIDR search"
pass "events: ::ffff:192.0.2.7 is stored and found as 192.0.2.7"

# Wide input: linear time, capped by [pipeline] max_columns / max_extra_keys.
python3 - "$T/wide.json" "$T/wide/$NAME" <<'PY'
import json, os, sys
e = {"feed.name": "x", "source.ip": "192.0.2.1", "classification.type": "scanner"}
for i in range(40000): e["extra.k%05d" % (40000 - i)] = "v"
open(sys.argv[1], "w").write(json.dumps(e) + "\n")
os.makedirs(os.path.dirname(sys.argv[2]), exist_ok=True)
cols = ["timestamp", "ip", "port"] + ["c%05d" % i for i in range(50000)]
rows = [",".join(cols)] + [",".join(["2026-11-21 00:00:00", "192.0.2.%d" % r, "80"] + ["x"] * 50000) for r in range(5)]
open(sys.argv[2], "w").write("\n".join(rows) + "\n")
PY
out=$(timeout 20 "$BELFRY" ingest --db "$T/w.db" --feed intelmq-json --json "$T/wide.json") || fail "wide JSON line: timeout or error"
echo "$out" | grep -q '"rejected": 1' || fail "a line with 40,000 extras: $out"
grep -q "more than pipeline.max_extra_keys" "$T/dead-letters.jsonl" || fail "the dead letter does not name the cap"
out=$(timeout 20 "$BELFRY" ingest --db "$T/w.db" --feed shadowserver --json "$T/wide/$NAME") || fail "wide report: timeout or error"
echo "$out" | grep -q '"rows": 5, .*"rejected": 5' || fail "50,000 columns: $out"
printf '[pipeline]\nmax_extra_keys = 50000\nmax_columns = 60000\nmax_record_bytes = 2000000\n' > "$T/wide.toml"
out=$(timeout 20 "$BELFRY" --config "$T/wide.toml" ingest --db "$T/w2.db" --feed intelmq-json --json "$T/wide.json") || fail "wide line, caps raised: timeout"
echo "$out" | grep -q '"stored": 1' || fail "caps raised: $out"
timeout 20 "$BELFRY" events search --db "$T/w2.db" --json > /dev/null || fail "showing a 40,000-extra event: timeout"
pass "wide input: dead letters naming the caps, linear time when allowed"
echo "hostile: passed"
