#!/usr/bin/env bash
# Several processes store into one database at once: two `ingest` of the same report, one
# `ingest` of a larger report that overlaps it, a `collect` of two watched folders holding
# both reports, and a `run` watching the same folders. Each event is stored once, each process's summary adds up
# (rows = stored + duplicates + rejected), the stored counts sum to the distinct events, and
# the dead-letter file holds each rejected row once, as whole lines.
set -euo pipefail
BELFRY=$1
HERE=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
ROWS=${BELFRY_CONCURRENCY_ROWS:-40000}
NAME=2026-11-21-scan_http-belgium-asn.csv
mkdir -p "$T/a" "$T/b" "$T/drop" "$T/drop2"
"$BELFRY" sample scan-report --rows "$ROWS" "$T/a/$NAME.tmp"
"$BELFRY" sample scan-report --rows $((ROWS * 3 / 2)) "$T/b/$NAME"
# Three rejected rows in the smaller report (a wrong column count, a NUL, bad UTF-8).
python3 - "$T/a/$NAME.tmp" "$T/a/$NAME" <<'PY'
import sys
lines = open(sys.argv[1], 'rb').read().split(b'\n')
lines.insert(100, b'"too","few","columns"')
lines.insert(2000, b'"2026-11-21 00:00:00","info","192.0.2.1\x00","tcp"')
lines.insert(3000, b'"2026-11-21 00:00:00","info","\xff\xfe","tcp"')
open(sys.argv[2], 'wb').write(b'\n'.join(lines))
PY
rm "$T/a/$NAME.tmp"
cat > "$T/belfry.toml" <<TOML
[store]
url = "sqlite://$T/data/belfry.db"

[[feeds]]
name = "dropbox"
parser = "shadowserver"
source = "dir:$T/drop"
schedule = "every 1s"

[[feeds]]
name = "dropbox2"
parser = "shadowserver"
source = "dir:$T/drop2"
schedule = "every 1s"
TOML
cp "$T/a/$NAME" "$T/drop/.incoming" && mv "$T/drop/.incoming" "$T/drop/$NAME"
cp "$T/b/$NAME" "$T/drop2/.incoming" && mv "$T/drop2/.incoming" "$T/drop2/$NAME"

B=("$BELFRY" --config "$T/belfry.toml")
"${B[@]}" ingest --feed dropbox --json "$T/a/$NAME" > "$T/s1.json" 2> "$T/e1" &
p1=$!
"${B[@]}" ingest --feed dropbox --json "$T/a/$NAME" > "$T/s2.json" 2> "$T/e2" &
p2=$!
"${B[@]}" ingest --feed dropbox --json "$T/b/$NAME" > "$T/s3.json" 2> "$T/e3" &
p3=$!
"${B[@]}" collect --json > "$T/s4.json" 2> "$T/e4" &
p4=$!
"${B[@]}" run > /dev/null 2> "$T/run.log" &
p5=$!
for p in $p1 $p2 $p3 $p4; do wait "$p" || true; done
# `run` goes on until both folders are done, then stops on SIGTERM.
for _ in $(seq 600); do
  [ -e "$T/drop/$NAME" ] || [ -e "$T/drop2/$NAME" ] || ! grep -q "feed dropbox" "$T/run.log" || break
  sleep 0.1
done
kill -TERM "$p5"
wait "$p5" || { echo "FAIL: run did not stop cleanly"; tail -5 "$T/run.log"; exit 1; }

python3 - "$T" "$ROWS" "$HERE" <<'PY'
import json, sys
sys.path.insert(0, sys.argv[3])
import stored_events
t, rows = sys.argv[1], int(sys.argv[2])
def fail(msg):
    print("FAIL:", msg); sys.exit(1)
summaries = []
for i in (1, 2, 3, 4):
    for line in open(f"{t}/s{i}.json"):
        if line.strip():
            summaries.append((i, json.loads(line)))
stored = 0
for i, s in summaries:
    if "events" in s:  # collect: one object per feed run
        s = dict(s, stored=s["events"], rows=s["events"] + s["duplicates"] + s["rejected"])
    print(f"process {i}: rows {s['rows']} stored {s['stored']} duplicates {s['duplicates']} rejected {s['rejected']}")
    if s["rows"] != s["stored"] + s["duplicates"] + s["rejected"]:
        fail(f"process {i}: the summary does not add up: {s}")
    if i in (1, 2) and s["rows"] != rows + 3:
        fail(f"process {i}: {s['rows']} rows, the report has {rows + 3}")
    stored += s["stored"]
# `run` logs one line per report it ingested.
import re
for m in re.finditer(r"(\d+) events stored, (\d+) duplicates, (\d+) rows rejected", open(f"{t}/run.log").read()):
    print(f"run: stored {m.group(1)} duplicates {m.group(2)} rejected {m.group(3)}")
    stored += int(m.group(1))
n, d = stored_events.count(f"{t}/data/belfry.db")
expected = rows * 3 // 2
print(f"stored {n} events, {d} distinct, expected {expected}; summaries say {stored}")
if n != d: fail("events stored twice")
if n != expected: fail(f"{n} events stored, expected {expected}")
if stored != n: fail(f"the summaries say {stored} stored, the database holds {n}")
letters = open(f"{t}/data/dead-letters.jsonl", "rb").read()
if letters and not letters.endswith(b"\n"): fail("the dead-letter file ends in half a line")
entries = [json.loads(l) for l in letters.splitlines()]
keys = sorted(e["line"] for e in entries)
print(f"dead letters: {len(entries)} at lines {keys}")
if len(entries) != 3: fail(f"{len(entries)} dead letters for 3 rejected rows")
import os
for d in ("drop", "drop2"):
    if any(not f.startswith(".") and f not in ("done", "failed") for f in os.listdir(f"{t}/{d}")):
        fail(f"the watched folder {d} was not done")
PY
echo "concurrency: passed"
