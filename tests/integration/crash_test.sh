#!/usr/bin/env bash
# Crash consistency: `ingest`, `collect` (a watched folder) and `run` are each killed with
# SIGKILL at random points, several times, on a report large enough (more rows than a
# segment) that partial commits happen; then run to the end. Afterwards every event is
# stored exactly once, and the dead-letter file holds each rejected row exactly once, as
# whole JSON lines. BELFRY_CRASH_ROWS / BELFRY_CRASH_KILLS / BELFRY_CRASH_SEED change it.
set -euo pipefail
BELFRY=$1
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
  python3 - "$1/data/belfry.db" "$ROWS" "$1/data/dead-letters.jsonl" "$BAD" "$2" <<'PY'
import json, sqlite3, sys
db, rows, dl, bad, label = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
con = sqlite3.connect(db)
tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' AND name GLOB 'ev_[0-9]*'")]
union = " UNION ALL ".join(f"SELECT hash FROM {t}" for t in tables)
n, d = con.execute(f"SELECT count(*), count(DISTINCT hash) FROM ({union})").fetchone()
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
  python3 - "$1/data/belfry.db" <<'PY'
import os, sqlite3, sys
if not os.path.exists(sys.argv[1]): print(0); sys.exit()
con = sqlite3.connect(sys.argv[1])
t = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' AND name GLOB 'ev_[0-9]*'")]
print(con.execute("SELECT count(*) FROM (%s)" % " UNION ALL ".join("SELECT 1 FROM %s" % x for x in t)).fetchone()[0] if t else 0)
PY
}

kill_after() {  # kill_after SECONDS PID
  sleep "$1"
  kill -9 "$2" 2>/dev/null || true
  wait "$2" 2>/dev/null || true
}

# --- ingest ----------------------------------------------------------------------------
setup_dir "$T/ingest"
for i in $(seq "$KILLS"); do
  "$BELFRY" --config "$T/ingest/belfry.toml" ingest --feed dropbox "$T/$NAME" > /dev/null 2>&1 &
  kill_after "$(random_delay)" $!
  echo "ingest: killed; $(committed "$T/ingest") events committed so far"
done
"$BELFRY" --config "$T/ingest/belfry.toml" ingest --feed dropbox "$T/$NAME" > /dev/null
check "$T/ingest" ingest

# --- collect (watched folder) ----------------------------------------------------------
setup_dir "$T/collect"
for i in $(seq "$KILLS"); do
  "$BELFRY" --config "$T/collect/belfry.toml" collect > /dev/null 2>&1 &
  kill_after "$(random_delay)" $!
  echo "collect: killed; $(committed "$T/collect") events committed so far"
done
# Until the folder is done (a kill after the ingest but before the move leaves it there).
for _ in 1 2 3; do
  "$BELFRY" --config "$T/collect/belfry.toml" collect > /dev/null 2>&1 || true
  [ -e "$T/collect/drop/$NAME" ] || break
done
[ -e "$T/collect/drop/$NAME" ] && fail "collect: the report is still in the watched folder"
check "$T/collect" collect

# --- run -------------------------------------------------------------------------------
setup_dir "$T/run"
for i in $(seq "$KILLS"); do
  "$BELFRY" --config "$T/run/belfry.toml" run > /dev/null 2>&1 &
  kill_after "$(random_delay)" $!
  echo "run: killed; $(committed "$T/run") events committed so far"
done
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
