#!/usr/bin/env bash
# kill -9 in the middle of an ingest, then run it again: every event is stored exactly once.
set -euo pipefail
BELFRY=$1
HERE=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
ROWS=${BELFRY_KILL9_ROWS:-600000}
F="$T/in/2026-11-21-scan_http-belgium-asn.csv"
mkdir -p "$T/in"
"$BELFRY" sample scan-report --rows "$ROWS" "$F"

# Reference: an uninterrupted ingest of the same file.
"$BELFRY" ingest --db "$T/ref.db" --feed shadowserver "$F" > /dev/null

count() { python3 "$HERE/stored_events.py" "$1"; }

"$BELFRY" ingest --db "$T/k.db" --feed shadowserver "$F" > /dev/null &
pid=$!
# Wait until part of the run is committed, then kill without warning.
for _ in $(seq 1 200); do
  sleep 0.05
  if [ -f "$T/k.db" ] && [ "$(count "$T/k.db" 2>/dev/null | cut -d' ' -f1)" -gt 0 ] 2>/dev/null; then break; fi
done
kill -9 $pid 2>/dev/null || true
wait $pid 2>/dev/null || true
partial=$(count "$T/k.db" | cut -d' ' -f1)
echo "killed after $partial of $ROWS events were committed"

"$BELFRY" ingest --db "$T/k.db" --feed shadowserver "$F"
read -r ref_n ref_d <<< "$(count "$T/ref.db")"
read -r n d <<< "$(count "$T/k.db")"
echo "reference: $ref_n events; after kill -9 and re-run: $n events, $d distinct"
[ "$n" -eq "$ref_n" ] || { echo "FAIL: $n events stored, expected $ref_n"; exit 1; }
[ "$n" -eq "$d" ] || { echo "FAIL: duplicates stored"; exit 1; }
[ "$partial" -lt "$ref_n" ] || echo "note: the ingest finished before the kill; rerun with more rows"
echo "kill9: passed"
