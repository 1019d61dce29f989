#!/usr/bin/env bash
# `belfry serve` over real HTTP on loopback: /healthz, /metrics, the public self-check in
# HTML and JSON (the visitor's own address only, X-Forwarded-For believed only from trusted
# proxies, the language from Accept-Language or ?lang=), unknown paths and methods, and
# malformed or oversized requests answered 4xx while the server stays up; SIGTERM stops it.
set -euo pipefail
BELFRY=$1
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
T=$(mktemp -d)
SERVE=
cleanup() {
  [ -n "$SERVE" ] && kill "$SERVE" 2>/dev/null
  rm -rf "$T"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; [ -f "$T/serve.err" ] && tail -5 "$T/serve.err" >&2; exit 1; }
pass() { echo "ok: $*"; }

mkdir -p "$T/in"
cp "$ROOT/examples/feeds/shadowserver/2026-11-21-event4_sinkhole_http-belgium-asn.csv" "$T/in/"
"$BELFRY" ingest --db "$T/belfry.db" --feed shadowserver "$T/in" >/dev/null 2>&1 || fail "ingest"
INFECTED=$("$BELFRY" events sql --db "$T/belfry.db" \
  "SELECT \"source.ip\" FROM events WHERE \"classification.type\" = 'infected-system' LIMIT 1" 2>/dev/null | tail -n 1)
[ -n "$INFECTED" ] || fail "no infected-system event in the sample"

start() {  # start CONFIG_EXTRA: serve on a free port, set URL
  printf '[store]\nurl = "sqlite://%s/belfry.db"\n[web]\ncheck_days = 36500\n%s\n' "$T" "$1" > "$T/web.toml"
  "$BELFRY" --config "$T/web.toml" serve --listen 127.0.0.1:0 > "$T/serve.out" 2> "$T/serve.err" &
  SERVE=$!
  for _ in $(seq 100); do grep -q listening "$T/serve.out" 2>/dev/null && break; sleep 0.1; done
  URL=$(sed -n 's/.*listening on \(https\{0,1\}:[^ ]*\).*/\1/p' "$T/serve.out")
  [ -n "$URL" ] || fail "serve did not start"
}
stop() { kill -TERM "$SERVE"; wait "$SERVE" || fail "serve exited non-zero on SIGTERM"; SERVE=; }
code() { curl -s -o /dev/null -w '%{http_code}' "$@"; }

# 1. No trusted proxy: the visitor is the TCP peer, whatever the headers claim.
start ""
[ "$(curl -s "$URL/healthz")" = "ok" ] || fail "/healthz"
curl -s "$URL/check.json" | grep -q '"result": "clean", "address": "127.0.0.1"' || fail "clean visitor"
curl -s -H "X-Forwarded-For: $INFECTED" "$URL/check.json" | grep -q '"result": "clean"' \
  || fail "a spoofed X-Forwarded-For from an untrusted peer was believed"
curl -s "$URL/check.json?ip=$INFECTED&address=$INFECTED" | grep -q "\"address\": \"127.0.0.1\"" \
  || fail "a parameter chose the address"
[ "$(code -X POST "$URL/check")" = 405 ] || fail "POST /check"
[ "$(code "$URL/../../etc/passwd")" = 404 ] || fail "path traversal"
[ "$(code "$URL/check?lang=%zz")" = 400 ] || fail "bad escape"
[ "$(code -H "X-Big: $(head -c 20000 /dev/zero | tr '\0' a)" "$URL/healthz")" = 413 ] || fail "oversized header"
raw() {  # raw BYTES: send them as they are, print the status line
  python3 - "${URL##*:}" "$1" <<'PY'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5)
s.sendall(sys.argv[2].encode().decode("unicode_escape").encode("latin-1"))
print(s.recv(4096).split(b"\r\n")[0].decode(errors="replace"))
PY
}
raw 'GARBAGE\r\n\r\n' | grep -q ' 400 ' || fail "a malformed request was not answered 400"
raw 'GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999\r\n\r\n' | grep -q ' 413 ' \
  || fail "an oversized body was not answered 413"
[ "$(curl -s "$URL/healthz")" = "ok" ] || fail "the server did not stay up"
curl -s "$URL/metrics" | grep -q 'belfry_check_requests_total{result="clean"} 3' || fail "/metrics counts"
curl -s "$URL/metrics" | grep -q "$INFECTED" && fail "a visitor address reached the metrics"
stop
pass "untrusted X-Forwarded-For ignored, no address parameter, 4xx for bad requests, metrics without addresses"

# 2. Behind a trusted proxy the forwarded address is the visitor's.
start 'trusted_proxies = ["127.0.0.1"]'
curl -s -H "X-Forwarded-For: $INFECTED" "$URL/check.json" | grep -q '"result": "listed"' || fail "listed visitor"
curl -s -H "X-Forwarded-For: $INFECTED" -H 'Accept-Language: nl-BE,nl;q=0.9,en;q=0.5' "$URL/check" > "$T/nl.html"
grep -q '<html lang="nl">' "$T/nl.html" && grep -q "Uw internetverbinding ($INFECTED)" "$T/nl.html" || fail "Dutch answer"
curl -s -H "X-Forwarded-For: 203.0.113.250" "$URL/check?lang=fr" | grep -q 'Bonne nouvelle' || fail "?lang=fr"
stop
pass "behind a trusted proxy the visitor's address is checked, answered in Dutch or French"
# 3. HTTPS with the team's certificate (a throw-away one here): the same server over TLS,
# session cookies Secure, plain HTTP refused on that port.
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=127.0.0.1" \
  -addext "subjectAltName=IP:127.0.0.1" -keyout "$T/key.pem" -out "$T/cert.pem" 2>/dev/null
start "tls_cert = \"$T/cert.pem\"
tls_key = \"$T/key.pem\""
case "$URL" in https://*) ;; *) fail "serve did not announce https: $URL" ;; esac
[ "$(curl -s --cacert "$T/cert.pem" "$URL/healthz")" = "ok" ] || fail "/healthz over TLS"
curl -s --cacert "$T/cert.pem" "$URL/check.json" | grep -q '"result": "clean"' || fail "/check.json over TLS"
echo 'a long enough password' | "$BELFRY" user add --db "$T/belfry.db" --role analyst --password-stdin tls-user >/dev/null
curl -s -D "$T/login.h" -o /dev/null --cacert "$T/cert.pem" -H 'Content-Type: application/json' \
  -d '{"user": "tls-user", "password": "a long enough password"}' "$URL/api/v1/login"
grep -qi '^set-cookie: belfry_session=.*HttpOnly; SameSite=Strict; .*Secure' "$T/login.h" \
  || fail "the session cookie over TLS is not Secure: $(grep -i set-cookie "$T/login.h")"
[ "$(code "http://${URL#https://}/healthz")" = 000 ] || [ "$(code "http://${URL#https://}/healthz")" = 400 ] \
  || fail "plain HTTP answered on the TLS port"
curl -s --tlsv1.1 --tls-max 1.1 --cacert "$T/cert.pem" "$URL/healthz" >/dev/null 2>&1 && fail "TLS 1.1 accepted"
[ "$(curl -s --cacert "$T/cert.pem" "$URL/healthz")" = "ok" ] || fail "the TLS server did not stay up"
stop
printf '[store]\nurl = "sqlite://%s/belfry.db"\n[web]\ntls_cert = "%s/missing.pem"\ntls_key = "%s/key.pem"\n' "$T" "$T" "$T" > "$T/bad.toml"
"$BELFRY" --config "$T/bad.toml" serve --listen 127.0.0.1:0 > /dev/null 2> "$T/bad.err" && fail "a missing certificate was accepted"
grep -q "web.tls_cert" "$T/bad.err" || fail "a missing certificate is not named: $(cat "$T/bad.err")"
pass "HTTPS with the configured certificate, Secure cookies, TLS 1.1 and plain HTTP refused, a bad certificate named"
echo "web: all passed"
