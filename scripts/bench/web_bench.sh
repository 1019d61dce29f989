#!/usr/bin/env bash
# The web benchmarks of docs/PERFORMANCE.md, as a user runs them, on loopback:
#  1. GET /check (a clean and a listed visitor) with CHECK_EVENTS (1M) stored, beside nginx
#     serving the same page as a static file: wrk -t2 -c64 -d8s, alternating, ROUNDS rounds;
#  2. console first page load (headless Chromium, cold page, until both charts are drawn);
#  3. GET /api/v1/events?cidr=<random /48> with SEARCH_EVENTS (10M) stored: wrk, p95.
# Usage: scripts/bench/web_bench.sh [BELFRY] (env: CHECK_EVENTS SEARCH_EVENTS ROUNDS DIR)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BELFRY=${1:-$ROOT/build/belfry}
CHECK_EVENTS=${CHECK_EVENTS:-1000000}
SEARCH_EVENTS=${SEARCH_EVENTS:-10000000}
ROUNDS=${ROUNDS:-3}
DIR=${DIR:-$ROOT/build/bench-web}
export BELFRY_TEST_NOW=2026-11-29T12:00:00Z  # the generated reports end on 2026-11-28
mkdir -p "$DIR"
SERVE= NGINX=
cleanup() {
  [ -n "$SERVE" ] && kill "$SERVE" 2>/dev/null || true
  [ -n "$NGINX" ] && kill "$(cat "$DIR/nginx.pid" 2>/dev/null)" 2>/dev/null || true
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

database() {  # database NAME EVENTS: a store with EVENTS generated sinkhole events (reused)
  local name=$1 events=$2
  if [ ! -f "$DIR/$name.db" ]; then
    rm -rf "$DIR/in-$name" && mkdir -p "$DIR/in-$name"
    local left=$events part=0
    while [ "$left" -gt 0 ]; do  # reports of at most 2M rows, as a feed delivers them
      local n=$(( left > 2000000 ? 2000000 : left ))
      python3 "$ROOT/scripts/bench/make_sinkhole_report.py" "$n" --seed $((part + 7)) \
        "$DIR/in-$name/2026-11-28-event4_sinkhole_http-part$part.csv"
      left=$(( left - n )); part=$(( part + 1 ))
    done
    "$BELFRY" ingest --db "$DIR/$name.db" --feed shadowserver "$DIR/in-$name" | tail -n 2
    rm -rf "$DIR/in-$name"
  fi
  cat > "$DIR/$name.toml" <<TOML
[store]
url = "sqlite://$DIR/$name.db"
[web]
check_classifications = ["infected-system"]
check_days = 30
trusted_proxies = ["127.0.0.1"]
TOML
}

serve() {  # serve NAME: belfry serve on a free port; sets URL
  "$BELFRY" --config "$DIR/$1.toml" serve --listen 127.0.0.1:0 > "$DIR/serve.out" 2> "$DIR/serve.err" &
  SERVE=$!
  local start=$(date +%s.%N)
  for _ in $(seq 3000); do grep -q listening "$DIR/serve.out" 2>/dev/null && break; sleep 0.1; done
  URL=$(sed -n 's/.*listening on \(http:[^ ]*\).*/\1/p' "$DIR/serve.out")
  [ -n "$URL" ] || { cat "$DIR/serve.err"; exit 1; }
  echo "serve: ready in $(python3 -c "print(round($(date +%s.%N) - $start, 1))") s ($(sed -n 's/.*(\(.*\))/\1/p' "$DIR/serve.out")), RSS $(grep VmRSS /proc/$SERVE/status | awk '{print $2}') kB"
}
stop() { kill -TERM "$SERVE"; wait "$SERVE" || true; SERVE=; }
wrk_line() {  # wrk_line LABEL ARGS...: requests/s and p99
  local out; out=$(wrk -t2 -c64 -d8s --latency "${@:2}")
  printf '%-34s %10s req/s  p99 %s\n' "$1" "$(echo "$out" | awk '/Requests\/sec/ {print $2}')" \
    "$(echo "$out" | awk '$1 == "99%" {print $2}')"
}

echo "== 1. /check with $CHECK_EVENTS events stored, beside nginx"
database check "$CHECK_EVENTS"
serve check
LISTED=$("$BELFRY" events sql --db "$DIR/check.db" \
  "SELECT \"source.ip\" FROM events WHERE \"source.ip\" LIKE '192.0.2.%' LIMIT 1" | tail -n 1)
mkdir -p "$DIR/www"
curl -s "$URL/check?lang=en" > "$DIR/www/check.html"
NPORT=$(free_port)
cat > "$DIR/nginx.conf" <<NGINX
worker_processes 2;
pid $DIR/nginx.pid;
error_log $DIR/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  server {
    listen 127.0.0.1:$NPORT;
    root $DIR/www;
    location = /check { default_type "text/html; charset=utf-8"; try_files /check.html =404; }
  }
}
NGINX
nginx -c "$DIR/nginx.conf" -p "$DIR"
NGINX=1
sleep 0.5
for r in $(seq "$ROUNDS"); do
  wrk_line "belfry /check (clean visitor)" "$URL/check"
  wrk_line "belfry /check (listed visitor)" -H "X-Forwarded-For: $LISTED" "$URL/check"
  wrk_line "belfry /check.json (clean)" "$URL/check.json"
  wrk_line "nginx static /check" "http://127.0.0.1:$NPORT/check"
done
kill "$(cat "$DIR/nginx.pid")"; NGINX=

echo "== 2. console first page load with $CHECK_EVENTS events (headless Chromium, cold page)"
echo 'a long enough password' | "$BELFRY" user add --db "$DIR/check.db" --role analyst --password-stdin bench >/dev/null 2>&1 || true
(cd "$ROOT" && node scripts/bench/console_load.mjs "$URL" bench 'a long enough password' 7)
curl -s -o /dev/null -w 'GET /api/v1/dashboard: %{time_total} s\n' -H "Authorization: Bearer $("$BELFRY" user token --db "$DIR/check.db" bench 2>/dev/null)" "$URL/api/v1/dashboard"
stop

echo "== 3. GET /api/v1/events?cidr= with $SEARCH_EVENTS events stored"
database search "$SEARCH_EVENTS"
serve search
echo 'a long enough password' | "$BELFRY" user add --db "$DIR/search.db" --role analyst --password-stdin bench >/dev/null 2>&1 || true
TOKEN=$("$BELFRY" user token --db "$DIR/search.db" bench 2>/dev/null)
export TOKEN
for r in $(seq "$ROUNDS"); do
  wrk -t1 -c1 -d10s -s "$ROOT/scripts/bench/cidr.lua" "$URL" | grep '^cidr:'
done
echo "one /24 of the IPv4 ranges (a third of all events match; the page is the newest 100):"
for r in 1 2 3; do
  curl -s -o /dev/null -w '  %{time_total} s\n' -H "Authorization: Bearer $TOKEN" "$URL/api/v1/events?cidr=192.0.2.0/24&limit=100"
done
stop
