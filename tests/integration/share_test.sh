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
{ B export misp --for named: 2>&1 || true; } | grep -q "\-\-for: public, community" || fail "a bad --for"
# Bare names, as operators write them: an organisation's handle, else a peer team.
B export misp --for ORG-EH1-RIPE --out "$T/bare-org.json" 2> "$T/bare-org.err"
grep -q "for org:ORG-EH1-RIPE" "$T/bare-org.err" || fail "--for HANDLE: $(cat "$T/bare-org.err")"
B export misp --for CERT-XX --out "$T/bare-peer.json" 2> "$T/bare-peer.err"
grep -q "for peer:CERT-XX" "$T/bare-peer.err" || fail "--for TEAM: $(cat "$T/bare-peer.err")"
pass "the events search filters; a bad recipient named"
# MISP objects: the hashes of the infected host's event as a `file` object. MISP's strict
# schema has no objects: the event is checked against schema-lax, and each object against the
# core format's rules (its fields, MISP's template, each attribute's relation and a
# type/category pair of describeTypes.json).
B export misp --objects --for peer:CERT-XX --out "$T/objects.json" 2> "$T/objects.err" || fail "export --objects"
"$PY" - "$ROOT/tests/data/standards/misp" "$T/objects.json" <<'PYOBJ' || fail "the MISP objects: $(cat "$T/objects.json")"
import json, sys, jsonschema
d, path = sys.argv[1], sys.argv[2]
doc = json.load(open(path))
jsonschema.validate(doc, json.load(open(d + "/schema-lax.json")))
types = json.load(open(d + "/describeTypes.json"))["result"]["category_type_mappings"]
objects = doc["Event"]["Object"]
assert [o["name"] for o in objects] == ["file"], [o["name"] for o in objects]
for o in objects:
    for key in ("uuid", "name", "meta-category", "description", "template_uuid", "template_version", "timestamp", "distribution"):
        assert key in o, key
    assert o["template_uuid"] == "688c46fb-5edb-40a3-8273-1af7923e2215"
    for a in o["Attribute"]:
        assert a["object_relation"] and a["type"] in types[a["category"]], a
assert not any(a["type"] == "sha256" for a in doc["Event"]["Attribute"]), "the hash twice"
PYOBJ
pass "MISP objects (--objects): a file object, valid by the core format's rules"
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

# STIX 2.1: every object valid against its official schema, every pattern parsed by the
# official grammar, every reference resolved, each event under its own TLP 2.0 marking.
stix_for() {
  B export stix --for "$1" --out "$T/$2.stix.json" 2> "$T/$2.stix.err" || fail "export stix for $1: $(cat "$T/$2.stix.err")"
  grep -q "red-marker\|198.51.100.132" "$T/$2.stix.json" && fail "the TLP:RED event left as STIX for $1"
  "$PY" "$ROOT/tests/integration/lib/validate_stix.py" "$ROOT/tests/data/standards/stix21" "$T/$2.stix.json" \
    2> "$T/$2.stix.invalid" || fail "STIX for $1: $(cat "$T/$2.stix.invalid")"
}
[ "$(stix_for public public)" = "identity=1 incident=1 indicator=1 ipv4-addr=1 marking-definition=1 observed-data=1 report=1 sighting=1" ] \
  || fail "STIX for the public: $(stix_for public public)"
[ "$(stix_for peer:CERT-XX peer)" = "file=1 identity=1 incident=1 indicator=3 ipv4-addr=3 marking-definition=3 observed-data=3 report=1 sighting=3" ] \
  || fail "STIX for a peer: $(stix_for peer:CERT-XX peer)"
[ "$(stix_for org:ORG-EH1-RIPE hospital)" = "file=1 identity=1 incident=1 indicator=4 ipv4-addr=4 marking-definition=4 observed-data=4 report=1 sighting=4" ] \
  || fail "STIX for the organisation concerned: $(stix_for org:ORG-EH1-RIPE hospital)"
grep -q '"tlp_2_0":"amber+strict"' "$T/hospital.stix.json" || fail "the AMBER+STRICT marking"
grep -q "amber+strict" "$T/peer.stix.json" && fail "AMBER+STRICT went to a peer as STIX"
pass "STIX 2.1 bundles valid against the schemas and the pattern grammar; TLP per recipient; RED in none"

# IODEF v2: valid against RFC 7970's XSD (xmllint, nothing fetched), one incident per event.
iodef_for() {
  B export iodef --for "$1" --out "$T/$2.xml" 2> "$T/$2.iodef.err" || fail "export iodef for $1: $(cat "$T/$2.iodef.err")"
  XML_CATALOG_FILES="$ROOT/tests/data/standards/iodef2/catalog.xml" xmllint --nonet --noout \
    --schema "$ROOT/tests/data/standards/iodef2/iodef-2.0.xsd" "$T/$2.xml" 2> "$T/$2.iodef.invalid" \
    || fail "IODEF for $1: $(head -5 "$T/$2.iodef.invalid")"
  grep -q "198.51.100.132" "$T/$2.xml" && fail "the TLP:RED event left as IODEF for $1"
  grep -o 'restriction="[^"]*"' "$T/$2.xml" | sort | uniq -c | awk '{printf "%s%s", sep, $2; sep=" "}'
}
[ "$(iodef_for community community)" = 'restriction="green" restriction="white"' ] || fail "IODEF for the community: $(iodef_for community community)"
[ "$(iodef_for org:ORG-EH1-RIPE hospital)" = 'restriction="amber" restriction="amber+strict" restriction="ext-value" restriction="green" restriction="white"' ] \
  || fail "IODEF for the organisation concerned: $(iodef_for org:ORG-EH1-RIPE hospital)"
grep -q 'ext-restriction="amber+strict"' "$T/hospital.xml" || fail "IODEF's AMBER+STRICT"
pass "IODEF v2 valid against the XSD; each incident under its own TLP; RED in none"

# A ticket's evidence: its TLP travels with it (the reporter's AMBER on a GREEN event), and
# lowering it needs a reason that the history keeps; each share is in the history too.
B ticket new --subject "Scanning from a university host" --tlp AMBER --organisation ORG-EU1-RIPE > /dev/null
B ticket link-events 1 --ip 198.51.100.11 > /dev/null
B ticket link-events 1 --ip 198.51.100.132 > /dev/null  # the RED one
B export misp --ticket 1 --for community --out "$T/t-community.json" 2> "$T/t.err"
"$PY" "$T/check.py" "$ROOT/tests/data/standards/misp/schema.json" "$T/t-community.json" | grep -q '^ |' \
  || fail "a TLP:AMBER ticket's GREEN event went to the community: $(cat "$T/t-community.json")"
B export misp --ticket 1 --for peer:CERT-XX --out "$T/t-peer.json" 2> "$T/t.err"
[ "$("$PY" "$T/check.py" "$ROOT/tests/data/standards/misp/schema.json" "$T/t-peer.json")" = '198.51.100.11 | rsit:intrusion-attempts="brute-force" tlp:amber' ] \
  || fail "the ticket's evidence for a peer: $("$PY" "$T/check.py" "$ROOT/tests/data/standards/misp/schema.json" "$T/t-peer.json")"
grep -q '"info": "Example CERT #1: Scanning from a university host"' "$T/t-peer.json" || fail "the ticket's title"
u1=$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["Event"]["uuid"])' "$T/t-peer.json")
B export misp --ticket 1 --for peer:CERT-XX --out "$T/t-peer2.json" 2> /dev/null
u2=$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["Event"]["uuid"])' "$T/t-peer2.json")
[ "$u1" = "$u2" ] || fail "a ticket's MISP event UUID changes between exports"
{ B ticket set tlp GREEN 1 2>&1 || true; } | grep -q "needs a reason" || fail "TLP lowered without a reason"
B ticket set tlp GREEN 1 --reason "the reporter agreed to community sharing" > /dev/null
B export misp --ticket 1 --for community --out "$T/t-community2.json" 2> /dev/null
"$PY" "$T/check.py" "$ROOT/tests/data/standards/misp/schema.json" "$T/t-community2.json" | grep -q '^198.51.100.11 |' \
  || fail "the lowered ticket's GREEN event"
B ticket show 1 > "$T/show.txt"
grep -q "reason .*the reporter agreed" "$T/show.txt" || fail "the downgrade's reason in the history: $(cat "$T/show.txt")"
grep -q "share .*peer:CERT-XX: 1 event(s), 1 withheld" "$T/show.txt" || fail "the share in the history: $(cat "$T/show.txt")"
for f in stix iodef xarf; do
  B export $f --ticket 1 --for community --out "$T/t.$f" 2> /dev/null || fail "export $f --ticket"
  grep -q "198.51.100.132" "$T/t.$f" && fail "the ticket's TLP:RED event left as $f"
done
{ B export misp --ticket 99 2>&1 || true; } | grep -q "no ticket #99" || fail "an unknown ticket"
pass "a ticket's TLP travels with its evidence; lowering it needs a reason; shares in the history"

# The API: the same documents for analysts, nothing for a constituent; and TLP:RED through
# every exit: CLI exports in each format and for each recipient, the API, the notifications.
echo 'analyst password 1' | B user add --role analyst --password-stdin analyst-ann > /dev/null
echo 'constituent password 1' | B user add --role constituent --organisation ORG-EH1-RIPE --password-stdin hospital-hal > /dev/null
ATOKEN=$(B user token analyst-ann 2>/dev/null)
CTOKEN=$(B user token hospital-hal 2>/dev/null)
WPORT=$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
URL="http://127.0.0.1:$WPORT"
B serve --listen "127.0.0.1:$WPORT" > "$T/serve.out" 2> "$T/serve.err" &
SERVE=$!
trap 'kill $SERVE 2>/dev/null || true; rm -rf "$T"' EXIT
for _ in $(seq 100); do grep -q listening "$T/serve.out" 2>/dev/null && break; sleep 0.1; done
curl -sf -H "Authorization: Bearer $ATOKEN" -D "$T/api.h" "$URL/api/v1/share/misp?for=peer:CERT-XX" -o "$T/api.json" \
  || fail "GET /api/v1/share/misp"
[ "$("$PY" "$T/check.py" "$ROOT/tests/data/standards/misp/schema.json" "$T/api.json")" = "$(cat "$T/peer.txt")" ] \
  || fail "the API's MISP export differs from the CLI's"
grep -qi "^x-withheld-events: 2" "$T/api.h" || fail "X-Withheld-Events: $(cat "$T/api.h")"
curl -sf -H "Authorization: Bearer $ATOKEN" "$URL/api/v1/share/stix?ticket=1&for=peer:CERT-XX" -o "$T/api.stix.json" \
  || fail "GET /api/v1/share/stix?ticket=1"
"$PY" "$ROOT/tests/integration/lib/validate_stix.py" "$ROOT/tests/data/standards/stix21" "$T/api.stix.json" > /dev/null \
  || fail "the API's STIX bundle"
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $CTOKEN" "$URL/api/v1/share/misp?for=org:ORG-EH1-RIPE")
[ "$code" = 403 ] || fail "a constituent shared: HTTP $code"
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $ATOKEN" "$URL/api/v1/share/pdf")
[ "$code" = 400 ] || fail "an unknown format: HTTP $code"
for f in misp stix iodef xarf; do
  for to in public community peer:CERT-XX org:ORG-EH1-RIPE org:ORG-EU1-RIPE named:CERT-XX; do
    B export $f --for "$to" 2> /dev/null | grep -q "198.51.100.132\|red-marker" && fail "TLP:RED left by export $f for $to"
    curl -sf -H "Authorization: Bearer $ATOKEN" "$URL/api/v1/share/$f?for=$to" | grep -q "198.51.100.132\|red-marker" \
      && fail "TLP:RED left by the API's $f for $to"
  done
done
kill $SERVE 2>/dev/null; wait $SERVE 2>/dev/null || true
B notify run > "$T/notify.txt" 2>&1 || fail "notify run: $(cat "$T/notify.txt")"
grep -q "1 by TLP" "$T/notify.txt" || fail "the notifier's TLP count: $(cat "$T/notify.txt")"
grep -rq "198.51.100.132\|red-marker" "$T/data/outbox" && fail "TLP:RED left in a notification"
pass "the API shares for analysts only; TLP:RED through every exit (4 formats x 6 recipients, CLI and API, notifications): nowhere"

# Import: our own exports come back as the same events (round trip), a peer's MISP search
# response with a bad value keeps it as a dead letter, a URL is fetched, a MISP feed is
# collected once per event version. Into a second installation (a peer team's).
P="$T/peer"
mkdir -p "$P"
cat > "$P/belfry.toml" <<CONF
[store]
url = "sqlite://$P/data/belfry.db"
[team]
name = "Peer CERT"
[[feeds]]
name = "cert-ex-misp"
parser = "misp"
provider = "CERT-EX"
source = "misp-feed:http://127.0.0.1:@HPORT@/misp-feed/"
CONF
fields() {  # the events of a database as "ip class tlp" lines, sorted
  BELFRY_CONFIG="$1" B events search --limit 100 --json 2>/dev/null | "$PY" -c '
import json, sys
for l in sys.stdin:
    e = json.loads(l)
    print(e.get("source.ip") or e.get("destination.ip") or e.get("source.url") or e.get("source.fqdn")
          or e.get("malware.hash.sha256", "")[:8],
          e["classification.type"], e.get("extra.tlp") or e.get("tlp"))' | sort
}
B export misp --for org:ORG-EH1-RIPE --out "$T/rt.misp.json" 2> /dev/null
BELFRY_CONFIG="$P/belfry.toml" B import misp "$T/rt.misp.json" > "$T/imp1.txt" 2>&1 || fail "import misp: $(cat "$T/imp1.txt")"
grep -q "import misp: 5 event(s) stored" "$T/imp1.txt" || fail "import misp: $(cat "$T/imp1.txt")"
grep -q "linked to ticket #1" "$T/imp1.txt" || fail "the imported events' incident report: $(cat "$T/imp1.txt")"
fields "$P/belfry.toml" > "$T/rt.misp.txt"
cat > "$T/rt.want" <<'WANT'
198.51.100.10 scanner WHITE
198.51.100.11 brute-force GREEN
198.51.100.130 infected-system AMBER
198.51.100.131 system-compromise AMBER+STRICT
aaaaaaaa infected-system AMBER
WANT
diff "$T/rt.want" "$T/rt.misp.txt" > /dev/null || fail "MISP round trip: $(diff "$T/rt.want" "$T/rt.misp.txt")"
BELFRY_CONFIG="$P/belfry.toml" B ticket show 1 > "$T/imp-ticket.txt"
grep -q "Shared by Example CERT" "$T/imp-ticket.txt" || fail "the import's ticket: $(head -5 "$T/imp-ticket.txt")"
grep -qi "tlp: *AMBER+STRICT\|AMBER+STRICT" "$T/imp-ticket.txt" || fail "the import's ticket keeps the strictest TLP: $(head -12 "$T/imp-ticket.txt")"
rm -rf "$P/data"
B export stix --for org:ORG-EH1-RIPE --out "$T/rt.stix.json" 2> /dev/null
BELFRY_CONFIG="$P/belfry.toml" B import stix "$T/rt.stix.json" > "$T/imp2.txt" 2>&1 || fail "import stix: $(cat "$T/imp2.txt")"
fields "$P/belfry.toml" > "$T/rt.stix.txt"
diff "$T/rt.want" "$T/rt.stix.txt" > /dev/null || fail "STIX round trip: $(diff "$T/rt.want" "$T/rt.stix.txt")"
pass "MISP and STIX round trips: the same addresses, classes and TLP labels, linked to an incident report"

# A peer's MISP feed over HTTP (a loopback server), and a URL import.
HPORT=$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cp -r "$ROOT/tests/data/share/misp-feed" "$T/www-misp-feed" && mkdir -p "$T/www" && mv "$T/www-misp-feed" "$T/www/misp-feed"
sed -i "s/@HPORT@/$HPORT/" "$P/belfry.toml"
(cd "$T/www" && exec "$PY" -m http.server --bind 127.0.0.1 "$HPORT" > "$T/http.log" 2>&1) &
HTTPD=$!
trap 'kill $SERVE $HTTPD 2>/dev/null || true; rm -rf "$T"' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$HPORT/misp-feed/manifest.json" > /dev/null && break; sleep 0.1; done
rm -rf "$P/data"
BELFRY_CONFIG="$P/belfry.toml" B collect --feed cert-ex-misp --json > "$T/feed1.json" 2> "$T/feed1.err" || fail "collect misp-feed: $(tail -3 "$T/feed1.err")"
grep -q '"reports": 2' "$T/feed1.json" || fail "the MISP feed's two events: $(cat "$T/feed1.json")"
fields "$P/belfry.toml" > "$T/feed.txt"
cat > "$T/feed.want" <<'WANT'
198.51.100.140 phishing GREEN
203.0.113.77 c2-server AMBER
bbbbbbbb malware-distribution AMBER
http://login-bank.example.net/verify phishing GREEN
login-bank.example.net phishing GREEN
WANT
diff "$T/feed.want" "$T/feed.txt" > /dev/null || fail "the MISP feed's events: $(diff "$T/feed.want" "$T/feed.txt")"
BELFRY_CONFIG="$P/belfry.toml" B events search --limit 100 --json 2>/dev/null | grep '"destination.ip": "203.0.113.77"' \
  | grep -q '"destination.port": 8443' || fail "the ip-port object as one event"
BELFRY_CONFIG="$P/belfry.toml" B collect --feed cert-ex-misp --json > "$T/feed2.json" 2> /dev/null
grep -q '"reports": 0' "$T/feed2.json" || fail "the MISP feed collected twice: $(cat "$T/feed2.json")"
"$PY" - "$T/www/misp-feed" <<'PYEDIT'
import json, os, sys
# The peer adds an attribute to its botnet event: a new timestamp in the event and the manifest.
m = json.load(open(os.path.join(sys.argv[1], "manifest.json")))
for uuid, v in m.items():
    if not v["info"].startswith("Botnet"):
        continue
    v["timestamp"] = str(int(v["timestamp"]) + 60)
    path = os.path.join(sys.argv[1], uuid + ".json")
    e = json.load(open(path))
    e["Event"]["timestamp"] = v["timestamp"]
    e["Event"]["Attribute"].append({"uuid": "1f0e6c3a-7b2d-4e8f-9a1b-2c3d4e5f6a24", "type": "ip-dst",
        "category": "Network activity", "value": "203.0.113.78", "to_ids": True,
        "timestamp": v["timestamp"], "distribution": "5", "deleted": False, "comment": ""})
    json.dump(e, open(path, "w"))
json.dump(m, open(os.path.join(sys.argv[1], "manifest.json"), "w"))
PYEDIT
BELFRY_CONFIG="$P/belfry.toml" B collect --feed cert-ex-misp --json > "$T/feed3.json" 2> /dev/null
grep -q '"reports": 1' "$T/feed3.json" || fail "a changed MISP event is fetched again: $(cat "$T/feed3.json")"
rm -rf "$P/data"
cp "$ROOT/tests/data/share/misp-feed/1f0e6c3a-7b2d-4e8f-9a1b-2c3d4e5f6a01.json" "$T/www/event.json"
BELFRY_CONFIG="$P/belfry.toml" B import misp "http://127.0.0.1:$HPORT/event.json" > "$T/imp3.txt" 2>&1 || fail "import by URL: $(cat "$T/imp3.txt")"
grep -q "import misp: 3 event(s) stored" "$T/imp3.txt" || fail "import by URL: $(cat "$T/imp3.txt")"
BELFRY_CONFIG="$P/belfry.toml" B ticket list > "$T/imp3.list"
grep -q "Shared by CERT-EX: Phishing kit hosting, week 48" "$T/imp3.list" || fail "the URL import's ticket: $(cat "$T/imp3.list")"
{ BELFRY_CONFIG="$P/belfry.toml" B import misp "http://127.0.0.1:$HPORT/none.json" 2>&1 || true; } | grep -q "404" || fail "a missing URL"
pass "a MISP feed collected once per event version (an ip-port object is one event); a URL imported"

# Bad input: a value that fits no field is a dead letter naming the file and the attribute;
# a file that is not MISP is kept whole; nothing else is lost.
"$PY" - "$T/bad.json" <<'PYBAD'
import json, sys
e = json.load(open(sys.argv[1].replace("bad.json", "rt.misp.json")))
e["Event"]["Attribute"][0]["value"] = "not-an-address"
json.dump({"response": [e]}, open(sys.argv[1], "w"))
PYBAD
rm -rf "$P/data"
BELFRY_CONFIG="$P/belfry.toml" B import misp "$T/bad.json" > "$T/imp4.txt" 2>&1 || fail "import with a bad value: $(cat "$T/imp4.txt")"
grep -q "4 event(s) stored, 0 duplicate(s), 1 rejected" "$T/imp4.txt" || fail "the bad attribute: $(cat "$T/imp4.txt")"
grep -q '"file": "bad.json".*MISP attribute .*not-an-address' "$P/data/dead-letters.jsonl" || fail "the dead letter: $(cat "$P/data/dead-letters.jsonl")"
echo '{"not": "misp"}' > "$T/notmisp.json"
BELFRY_CONFIG="$P/belfry.toml" B import misp "$T/notmisp.json" > "$T/imp5.txt" 2>&1 || true
grep -q "not a MISP event" "$P/data/dead-letters.jsonl" || fail "a file that is not MISP: $(cat "$T/imp5.txt")"
pass "bad input: a dead letter naming the file and the attribute; a non-MISP file kept whole"

# A MISP instance kept in sync: a loopback server that speaks MISP's REST calls and
# validates every body against MISP's schema (no MISP runs offline). Incident #1 (its TLP
# lowered to GREEN above) is tagged for the sync; a TLP:RED incident too, which must never
# reach it.
MPORT=$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$T/misp-state" "$T/misp-preload"
cp "$ROOT/tests/data/share/misp-feed/1f0e6c3a-7b2d-4e8f-9a1b-2c3d4e5f6a02.json" "$T/misp-preload/"
"$PY" "$ROOT/tests/integration/lib/misp_server.py" "$MPORT" "test-key-4f1c" "$ROOT/tests/data/standards/misp" \
  "$T/misp-state" "$T/misp-preload" > "$T/misp.out" 2> "$T/misp.err" &
MISPD=$!
trap 'kill $SERVE $HTTPD $MISPD 2>/dev/null || true; rm -rf "$T"' EXIT
for _ in $(seq 100); do grep -q listening "$T/misp.out" 2>/dev/null && break; sleep 0.1; done
cat >> "$T/belfry.toml" <<CONF
[share.misp]
url = "http://127.0.0.1:$MPORT"
key = "test-key-4f1c"
distribution = 1
for = "peer:MISP-COMMUNITY"
[[feeds]]
name = "misp-pull"
parser = "misp"
source = "misp-api:http://127.0.0.1:$MPORT/?tags=tlp:amber&org=!Example%20CERT"
api_key = "test-key-4f1c"
CONF
state() { curl -sf "http://127.0.0.1:$MPORT/_state"; }
B ticket set tags +share:misp 1 > /dev/null
B ticket new --subject "Leaked credentials (reporter: TLP:RED)" --tlp RED > "$T/red-ticket.txt"
RED_TICKET=$(grep -o '#[0-9]*' "$T/red-ticket.txt" | head -1 | tr -d '#')
B ticket link-events "$RED_TICKET" --ip 198.51.100.10 > /dev/null
B ticket set tags +share:misp "$RED_TICKET" > /dev/null
{ B share push 2>&1 || true; } > "$T/push1.txt"
grep -q "2 queued; 1 created, 0 updated, 0 to retry, 1 refused" "$T/push1.txt" || fail "first push: $(cat "$T/push1.txt")"
state > "$T/state1.json"
"$PY" -c 'import json,sys; s=json.load(open(sys.argv[1])); e=s["events"]; print(len(e), [x["values"] for x in e if x["info"].startswith("Example CERT #1")])' "$T/state1.json" \
  | grep -q "^2 \[\['198.51.100.11'\]\]" || fail "the instance's events: $(cat "$T/state1.json")"
grep -rq "198.51.100.132\|red-marker" "$T/misp-state" && fail "TLP:RED reached the MISP instance"
B share status > "$T/status1.txt"
grep -q "#$RED_TICKET .*failed.*nothing peer:MISP-COMMUNITY may have" "$T/status1.txt" || fail "the RED incident's record: $(cat "$T/status1.txt")"
B share push > "$T/push2.txt" 2>&1 || true
grep -q "0 queued; 0 created, 0 updated" "$T/push2.txt" || fail "an unchanged incident was pushed again: $(cat "$T/push2.txt")"
pass "MISP sync: the incident pushed (valid against MISP's schema), the TLP:RED one refused, nothing pushed twice"

# Changed evidence edits the same event; a lost answer (our record gone) edits too; a 503
# is retried after the back-off.
B ticket link-events 1 --ip 198.51.100.10 > /dev/null
B share push > "$T/push3.txt" 2>&1 || fail "push after a change: $(cat "$T/push3.txt")"
grep -q "1 queued; 0 created, 1 updated" "$T/push3.txt" || fail "push after a change: $(cat "$T/push3.txt")"
"$PY" -c 'import json,sys; s=json.load(open(sys.argv[1])); print([x["values"] for x in s["events"] if x["info"].startswith("Example CERT #1")], s["calls"].get("/events/add"))' \
  <(state) | grep -q "^\[\['198.51.100.10', '198.51.100.11'\]\] 1$" || fail "the edited event: $(state)"
sqlite3 "$T/data/belfry.db" "DELETE FROM misp_pushes WHERE ticket = 1"
B share push > "$T/push4.txt" 2>&1 || fail "push without a record: $(cat "$T/push4.txt")"
grep -q "0 created, 1 updated" "$T/push4.txt" || fail "a lost answer: $(cat "$T/push4.txt")"
[ "$("$PY" -c 'import json,sys; s=json.load(open(sys.argv[1])); print(len(s["events"]))' <(state))" = 2 ] \
  || fail "a repeated push duplicated the event: $(state)"
curl -sf -X POST "http://127.0.0.1:$MPORT/_fail?n=1" > /dev/null
B ticket link-events 1 --ip 198.51.100.130 > /dev/null
{ B share push 2>&1 || true; } > "$T/push5.txt"
grep -q "1 to retry" "$T/push5.txt" || fail "a 503: $(cat "$T/push5.txt")"
B share status --json | grep '"ticket": 1,' | grep -q '"state": "pending", "attempts": 1.*HTTP 503' \
  || fail "the retry record: $(B share status --json)"
B share push > "$T/push6.txt" 2>&1 || true
grep -q "0 updated" "$T/push6.txt" || fail "retried before its time: $(cat "$T/push6.txt")"
BELFRY_TEST_NOW=$(date -u -d '+3 min' +%Y-%m-%dT%H:%M:%SZ) B share push > "$T/push7.txt" 2>&1 || fail "the retry: $(cat "$T/push7.txt")"
grep -q "0 created, 1 updated" "$T/push7.txt" || fail "the retry: $(cat "$T/push7.txt")"
pass "MISP sync: a change edits the same event, a lost answer edits rather than duplicates, a 503 is retried after its back-off"

# Pull: the instance's TLP:AMBER events through a misp-api feed, once per version; our own
# pushes (TLP:AMBER since #1 holds an AMBER event) left out by MISP's org filter.
B collect --feed misp-pull --json > "$T/pull1.json" 2> "$T/pull1.err" || fail "pull: $(tail -3 "$T/pull1.err")"
grep -q '"reports": 1' "$T/pull1.json" || fail "pull: $(cat "$T/pull1.json")"
B events search --limit 200 --json > "$T/pulled.jsonl"; grep -q "203.0.113.77" "$T/pulled.jsonl" || fail "the pulled event: $(cut -c1-300 "$T/pulled.jsonl")"
B collect --feed misp-pull --json > "$T/pull2.json" 2> /dev/null
grep -q '"reports": 0' "$T/pull2.json" || fail "pulled twice: $(cat "$T/pull2.json")"
pass "MISP sync: events pulled by tag through a misp-api feed, once per version"
echo "share_test: all passed"
