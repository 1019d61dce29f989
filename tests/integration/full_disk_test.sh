#!/usr/bin/env bash
# A full disk and a read-only mount, on a small tmpfs this test mounts (as root; skipped
# visibly, exit 77, where it cannot mount):
#  - an ingest that fills the disk says exactly what it committed (the summary matches the
#    database) and exits 1;
#  - `events sql` and `events search` work while the disk is full, and on a read-only mount;
#  - once there is space, the same ingest again completes: every event once, each rejected
#    row once in the dead-letter file, as whole lines.
set -euo pipefail
BELFRY=$1
HERE=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d)
M="$T/small"
mkdir -p "$M"
cleanup() {
  umount "$M" 2>/dev/null || true
  rm -rf "$T"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
if ! mount -t tmpfs -o size=40m tmpfs "$M" 2>/dev/null; then
  echo "SKIPPED: cannot mount a tmpfs here (needs root)"
  exit 77
fi
ROWS=400000
NAME=2026-11-21-scan_http-belgium-asn.csv
"$BELFRY" sample scan-report --rows $ROWS "$T/raw.csv"
python3 - "$T/raw.csv" "$T/$NAME" <<'PY'
import sys
lines = open(sys.argv[1], 'rb').read().split(b'\n')
for at in (390000, 200000, 10):
    lines.insert(at, b'"broken","row"')
open(sys.argv[2], 'wb').write(b'\n'.join(lines))
PY
DB="$M/belfry.db"
count() { "$BELFRY" events sql --db "$DB" 'SELECT count(*) FROM events' | tail -n 1; }

set +e
"$BELFRY" ingest --db "$DB" --feed shadowserver --json "$T/$NAME" > "$T/s1.json" 2> "$T/e1"
rc=$?
set -e
cat "$T/s1.json" "$T/e1"
[ "$rc" = 1 ] || fail "an ingest onto a full disk exited $rc"
grep -q "disk is full" "$T/e1" || fail "the error does not say the disk is full"
stored=$(python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); assert s["rows"]==s["stored"]+s["duplicates"]+s["rejected"], s; print(s["stored"])' "$T/s1.json")
[ "$stored" -gt 0 ] || fail "nothing was committed before the disk filled (make the tmpfs larger)"
n=$(count) || fail "events sql fails on a full disk"
echo "full disk: the summary says $stored stored, the database holds $n"
[ "$n" = "$stored" ] || fail "the summary says $stored stored, the database holds $n"
"$BELFRY" events search --db "$DB" --limit 3 > /dev/null || fail "events search fails on a full disk"

mount -o remount,ro "$M"
n_ro=$(count) || fail "events sql fails on a read-only mount"
[ "$n_ro" = "$n" ] || fail "read-only: $n_ro events, expected $n"
"$BELFRY" events search --db "$DB" --limit 3 > /dev/null || fail "events search fails on a read-only mount"
echo "read-only mount: $n_ro events readable"

mount -o remount,rw,size=400m "$M"
"$BELFRY" ingest --db "$DB" --feed shadowserver --json "$T/$NAME" > "$T/s2.json"
cat "$T/s2.json"
python3 - "$DB" "$ROWS" "$M/dead-letters.jsonl" "$HERE" <<'PY'
import json, sys
sys.path.insert(0, sys.argv[4])
import stored_events
n, d = stored_events.count(sys.argv[1])
print(f"after space returned: {n} events, {d} distinct")
if n != d or n != int(sys.argv[2]):
    print("FAIL: events lost or doubled"); sys.exit(1)
data = open(sys.argv[3], 'rb').read()
if data and not data.endswith(b'\n'):
    print("FAIL: the dead-letter file ends in half a line"); sys.exit(1)
lines = [json.loads(l) for l in data.splitlines()]
if sorted(l["line"] for l in lines) != [11, 200002, 390003]:
    print("FAIL: dead letters", [l["line"] for l in lines]); sys.exit(1)
print("dead letters: 3 whole lines, once each")
PY
echo "full disk: passed"
