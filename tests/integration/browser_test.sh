#!/usr/bin/env bash
# The console in a real headless Chromium (Debian's chromium, driven by playwright-core from
# npm): an analyst signs in, sees the dashboard's charts drawn, finds an event, opens a
# report and launches its investigation; a constituent sees only its own data and declares a
# product it runs; /check answers in Dutch. Screenshots are kept in build/test-artifacts/browser.
# Usage: browser_test.sh BELFRY [ARTIFACT_DIR]
set -euo pipefail
BELFRY=$1
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
ART=${2:-$(dirname "$BELFRY")/test-artifacts/browser}
T=$(mktemp -d)
SERVE=
cleanup() {
  [ -n "$SERVE" ] && kill "$SERVE" 2>/dev/null
  rm -rf "$T"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; [ -f "$T/serve.err" ] && tail -5 "$T/serve.err" >&2; exit 1; }

command -v chromium >/dev/null || fail "chromium is not installed (scripts/install-deps.sh)"
[ -d "$ROOT/node_modules/playwright-core" ] || fail "playwright-core is not installed (npm ci)"
[ -f "$(dirname "$BELFRY")/web/index.html" ] || fail "the console was not built (node web/build.mjs build/web)"
mkdir -p "$ART"
cat > "$T/belfry.toml" <<TOML
[store]
url = "sqlite://$T/belfry.db"
[constituency]
countries = ["BE"]
[web]
dashboard_days = 3660
check_days = 36500
[[web.annotations]]
date = "2026-11-21"
text = "awareness campaign"
[publish]
four_eyes = true
TOML
B() { "$BELFRY" --config "$T/belfry.toml" "$@"; }
B constituency import ripe "$ROOT/examples/constituency/ripe-sample.db" >/dev/null
B constituency import csv "$ROOT/examples/constituency/organisations.csv" >/dev/null
B constituency import ti "$ROOT/examples/constituency/peer-teams.json" >/dev/null
cp -r "$ROOT/examples/feeds/shadowserver" "$T/in"
B ingest --feed shadowserver "$T/in" >/dev/null 2>&1 || fail "ingest"
B mail-gateway < "$ROOT/examples/mail/peer-ftp-accounts.eml" >/dev/null 2>&1 || fail "mail-gateway"
ORG=$(B events sql "SELECT constituency FROM events WHERE route = 'constituent' GROUP BY 1 ORDER BY count(*) DESC LIMIT 1" | tail -n 1)
IP=$(B events sql "SELECT \"source.ip\" FROM events WHERE constituency = '$ORG' LIMIT 1" | tail -n 1)
INFECTED=$(B events sql "SELECT \"source.ip\" FROM events WHERE \"classification.type\" = 'infected-system' LIMIT 1" | tail -n 1)
echo 'a long enough password' | B user add --role analyst --password-stdin ana >/dev/null
echo 'a long enough password' | B user add --role analyst --password-stdin bob >/dev/null
echo 'a long enough password' | B user add --role constituent --organisation "$ORG" --password-stdin portal >/dev/null
"$BELFRY" --config "$T/belfry.toml" serve --listen 127.0.0.1:0 > "$T/serve.out" 2> "$T/serve.err" &
SERVE=$!
for _ in $(seq 100); do grep -q listening "$T/serve.out" 2>/dev/null && break; sleep 0.1; done
URL=$(sed -n 's/.*listening on \(http:[^ ]*\).*/\1/p' "$T/serve.out")
[ -n "$URL" ] || fail "serve did not start"
cd "$ROOT"
node tests/browser/console_test.mjs "$URL" "$ART" "$ORG" "$IP" "$INFECTED"
kill -TERM "$SERVE"; wait "$SERVE" || fail "serve exited non-zero"; SERVE=
B products list --organisation "$ORG" --json | grep -q '"product": "Example VPN", "version": "9.4.1", .*"source": "declared"' \
  || fail "the product declared in the portal is not stored"
echo "browser: all passed (screenshots in $ART)"
