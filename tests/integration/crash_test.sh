#!/usr/bin/env bash
# Crash consistency: `ingest`, `collect` (a watched folder) and `run` are each killed with
# SIGKILL at random points, several times, on a report large enough (more rows than a
# segment) that partial commits happen; then run to the end. Afterwards every event is
# stored exactly once, and the dead-letter file holds each rejected row exactly once, as
# whole JSON lines. BELFRY_CRASH_ROWS / BELFRY_CRASH_KILLS / BELFRY_CRASH_SEED change it.
set -euo pipefail
BELFRY=$1
HERE=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null || true; done; rm -rf "$T"; }
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
ROWS=${BELFRY_CRASH_ROWS:-300000}
KILLS=${BELFRY_CRASH_KILLS:-4}
RANDOM=${BELFRY_CRASH_SEED:-$$}
echo "crash test: $ROWS rows, $KILLS kills per command, seed $RANDOM"
NAME=2026-11-21-scan_http-belgium-asn.csv
"$BELFRY" sample scan-report --rows "$ROWS" "$T/raw.csv"
# Rejected rows spread over the report (so some are written before each kill).
python3 - "$T/raw.csv" "$T/$NAME" "$ROWS" > "$T/bad-lines" <<'PY'
import sys
lines = open(sys.argv[1], 'rb').read().split(b'\n')
rows = int(sys.argv[3])
at = sorted({max(2, rows * k // 9) for k in range(1, 9)}, reverse=True)
for a in at:
    lines.insert(a, b'"not a time","info","192.0.2.1","tcp","80"')
open(sys.argv[2], 'wb').write(b'\n'.join(lines))
# 1-based physical line numbers after all insertions.
print(" ".join(str(a + 1 + sum(1 for b in at if b < a)) for a in sorted(at)))
PY
BAD=$(cat "$T/bad-lines")

random_delay() {  # 0.15 .. 2.5 s
  python3 -c "import random; random.seed($RANDOM); print(round(random.uniform(0.15, 2.5), 2))"
}

check() {  # check DIR LABEL
  python3 - "$1/data/belfry.db" "$ROWS" "$1/data/dead-letters.jsonl" "$BAD" "$2" "$HERE" <<'PY'
import json, sys
sys.path.insert(0, sys.argv[6])
import stored_events
db, rows, dl, bad, label = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
n, d = stored_events.count(db)
data = open(dl, 'rb').read()
if data and not data.endswith(b'\n'):
    print(f"FAIL: {label}: the dead-letter file ends in half a line"); sys.exit(1)
lines = sorted(json.loads(l)["line"] for l in data.splitlines())
expected = sorted(int(x) for x in bad.split())
print(f"{label}: {n} events stored, {d} distinct (expected {rows}); dead letters at {lines}")
if n != d: print(f"FAIL: {label}: events stored twice"); sys.exit(1)
if n != rows: print(f"FAIL: {label}: {n} events, expected {rows}"); sys.exit(1)
if lines != expected: print(f"FAIL: {label}: dead letters {lines}, expected {expected}"); sys.exit(1)
PY
}

setup_dir() {  # setup_dir DIR: a config with a watched folder holding the report
  mkdir -p "$1/drop"
  cat > "$1/belfry.toml" <<TOML
[store]
url = "sqlite://$1/data/belfry.db"

[[feeds]]
name = "dropbox"
parser = "shadowserver"
source = "dir:$1/drop"
schedule = "every 1s"
TOML
  cp "$T/$NAME" "$1/drop/.part" && mv "$1/drop/.part" "$1/drop/$NAME"
}

committed() {  # committed DIR: events committed so far (0 before the database exists)
  python3 "$HERE/stored_events.py" "$1/data/belfry.db" | cut -d' ' -f1
}

kill_randomly() {  # kill_randomly DIR ARGS...: `belfry ARGS` on DIR's config, SIGKILLed KILLS times
  local dir=$1 mode
  shift
  mode=$(basename "$dir")
  for _ in $(seq "$KILLS"); do
    "$BELFRY" --config "$dir/belfry.toml" "$@" > /dev/null 2>&1 &
    local pid=$!
    sleep "$(random_delay)"
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    echo "$mode: killed; $(committed "$dir") events committed so far"
  done
}

# --- ingest ----------------------------------------------------------------------------
setup_dir "$T/ingest"
kill_randomly "$T/ingest" ingest --feed dropbox "$T/$NAME"
"$BELFRY" --config "$T/ingest/belfry.toml" ingest --feed dropbox "$T/$NAME" > /dev/null
check "$T/ingest" ingest

# --- collect (watched folder) ----------------------------------------------------------
setup_dir "$T/collect"
kill_randomly "$T/collect" collect
# Until the folder is done (a kill after the ingest but before the move leaves it there).
for _ in 1 2 3; do
  "$BELFRY" --config "$T/collect/belfry.toml" collect > /dev/null 2>&1 || true
  [ -e "$T/collect/drop/$NAME" ] || break
done
[ -e "$T/collect/drop/$NAME" ] && fail "collect: the report is still in the watched folder"
check "$T/collect" collect

# --- run -------------------------------------------------------------------------------
setup_dir "$T/run"
kill_randomly "$T/run" run
"$BELFRY" --config "$T/run/belfry.toml" run > "$T/run.log" 2>&1 &
RUN=$!
PIDS+=($RUN)
# Until the report is done and `run` has finished a feed run (a SIGTERM before its signal
# handlers are in place would end it like any process).
for _ in $(seq 600); do
  [ ! -e "$T/run/drop/$NAME" ] && grep -q "feed dropbox:" "$T/run.log" && break
  sleep 0.1
done
kill -TERM "$RUN"
wait "$RUN" || fail "run did not stop cleanly on SIGTERM: $(tail -5 "$T/run.log")"
[ -e "$T/run/drop/$NAME" ] && fail "run: the report is still in the watched folder"
check "$T/run" run
echo "crash: passed"
