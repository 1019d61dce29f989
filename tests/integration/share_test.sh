#!/usr/bin/env bash
# Sharing end to end from the CLI: events of every TLP label, routed to their organisations,
# exported as MISP events for each kind of recipient. Every export is valid against MISP's
# event schema (Python jsonschema), carries MISP's types and the TLP and RSIT tags, holds
# exactly what the TLP policy lets that recipient have, and the TLP:RED event is in none; the
# same for X-ARF v4 reports to an abuse desk, each valid against X-ARF's schemas.
set -euo pipefail
BELFRY=$1
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
pass() { echo "ok: $*"; }
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3

cat > "$T/belfry.toml" <<CONF
[store]
url = "sqlite://$T/data/belfry.db"
[constituency]
countries = ["BE"]
[team]
name = "Example CERT"
short_name = "EXCERT"
CONF
export BELFRY_CONFIG="$T/belfry.toml"
B() { "$BELFRY" "$@"; }
B constituency import ripe "$ROOT/examples/constituency/ripe-sample.db" > /dev/null 2>&1
B constituency import csv "$ROOT/examples/constituency/organisations.csv" > /dev/null

# One event per label: ORG-EU1-RIPE holds 198.51.100.0/25, ORG-EH1-RIPE 198.51.100.128-200.
now=$(date -u +%Y-%m-%dT%H:00:00+00:00)
cat > "$T/events.jsonl" <<JSON
{"feed.name": "Example Scans", "classification.type": "scanner", "source.ip": "198.51.100.10", "time.source": "$now", "tlp": "CLEAR"}
{"feed.name": "Example SSH", "classification.type": "brute-force", "source.ip": "198.51.100.11", "time.source": "$now", "tlp": "GREEN"}
{"feed.name": "Example Sinkhole", "classification.type": "infected-system", "source.ip": "198.51.100.130", "malware.hash.sha256": "$(printf 'a%.0s' $(seq 64))", "time.source": "$now", "tlp": "AMBER"}
{"feed.name": "Example Partner", "classification.type": "system-compromise", "source.ip": "198.51.100.131", "time.source": "$now", "tlp": "AMBER+STRICT"}
{"feed.name": "Example Partner", "classification.type": "phishing", "source.ip": "198.51.100.132", "source.url": "http://red-marker.example.com/login", "time.source": "$now", "tlp": "RED"}
JSON
B ingest --feed intelmq-json "$T/events.jsonl" > /dev/null 2>&1 || fail "ingest"
[ "$(B events search --limit 10 --json | wc -l)" = 5 ] || fail "the five events were not stored"

cat > "$T/check.py" <<'PY'
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
doc = json.load(open(sys.argv[2]))
jsonschema.validate(doc, schema)  # draft-04, as MISP's schema says
ips = sorted(a["value"] for a in doc["Event"]["Attribute"] if a["type"] == "ip-src")
tags = sorted(t["name"] for t in doc["Event"]["Tag"])
print(" ".join(ips) + " | " + " ".join(tags))
PY
export_for() {
  B export misp --for "$1" --out "$T/$2.json" 2> "$T/$2.err" || fail "export for $1: $(cat "$T/$2.err")"
  "$PY" "$T/check.py" "$ROOT/tests/data/standards/misp/schema.json" "$T/$2.json" > "$T/$2.txt" \
    || fail "export for $1 is not valid against MISP's schema"
  grep -q "red-marker" "$T/$2.json" && fail "the TLP:RED event left in the export for $1"
  cat "$T/$2.txt"
}
[ "$(export_for public public)" = '198.51.100.10 | rsit:information-gathering="scanner" tlp:clear' ] \
  || fail "public: $(cat "$T/public.txt")"
[ "$(export_for community community)" = '198.51.100.10 198.51.100.11 | rsit:information-gathering="scanner" rsit:intrusion-attempts="brute-force" tlp:green' ] \
  || fail "community: $(cat "$T/community.txt")"
[ "$(export_for peer:CERT-XX peer)" = '198.51.100.10 198.51.100.11 198.51.100.130 | rsit:information-gathering="scanner" rsit:intrusion-attempts="brute-force" rsit:malicious-code="infected-system" tlp:amber' ] \
  || fail "peer: $(cat "$T/peer.txt")"
[ "$(export_for org:ORG-EH1-RIPE hospital)" = '198.51.100.10 198.51.100.11 198.51.100.130 198.51.100.131 | rsit:information-gathering="scanner" rsit:intrusion-attempts="brute-force" rsit:intrusions="system-compromise" rsit:malicious-code="infected-system" tlp:amber+strict' ] \
  || fail "the organisation concerned: $(cat "$T/hospital.txt")"
[ "$(export_for org:ORG-EU1-RIPE university)" = '198.51.100.10 198.51.100.11 | rsit:information-gathering="scanner" rsit:intrusion-attempts="brute-force" tlp:green' ] \
  || fail "another organisation: $(cat "$T/university.txt")"
grep -q "1 withheld by TLP" "$T/hospital.err" || fail "the withheld count: $(cat "$T/hospital.err")"
grep -q '"type": "sha256", "category": "Payload delivery"' "$T/peer.json" || fail "the hash attribute"
pass "MISP exports valid against MISP's schema; each recipient gets what TLP allows; TLP:RED in none"

B export misp --cidr 198.51.100.128/25 --for peer:CERT-XX --out "$T/cidr.json" 2> /dev/null
"$PY" "$T/check.py" "$ROOT/tests/data/standards/misp/schema.json" "$T/cidr.json" | grep -q '^198.51.100.130 |' \
  || fail "the --cidr filter: $(cat "$T/cidr.json")"
{ B export misp --for everyone 2>&1 || true; } | grep -q "\-\-for: public, community" || fail "a bad --for"
pass "the events search filters; a bad recipient named"
# X-ARF: one report per event for an abuse desk (a peer), each valid against X-ARF v4's schemas.
B export xarf --for peer:abuse-desk --out "$T/xarf.jsonl" 2> "$T/xarf.err" || fail "export xarf: $(cat "$T/xarf.err")"
[ "$(wc -l < "$T/xarf.jsonl")" = 3 ] || fail "X-ARF reports: $(wc -l < "$T/xarf.jsonl") (CLEAR, GREEN and AMBER go to a peer)"
grep -q "red-marker" "$T/xarf.jsonl" && fail "the TLP:RED event left as X-ARF"
mkdir -p "$T/x"
split -l 1 -d --additional-suffix=.json "$T/xarf.jsonl" "$T/x/xarf-"
"$PY" "$ROOT/tests/integration/lib/validate_xarf.py" "$ROOT/tests/data/standards/xarf/v4" "$T"/x/xarf-*.json \
  > "$T/xarf.txt" 2>&1 || fail "X-ARF validation: $(cat "$T/xarf.txt")"
grep -q "2 withheld by TLP" "$T/xarf.err" || fail "X-ARF withheld: $(cat "$T/xarf.err")"
pass "X-ARF v4: one report per event the abuse desk may have, each valid against the schemas"
echo "share_test: all passed"
