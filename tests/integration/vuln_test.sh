#!/usr/bin/env bash
# Vulnerability management end to end from the CLI: constituents' products declared by CSV
# (a bad line named) and learned from a Shadowserver report's product fields; our advisory
# matched against them (the affected version told, the fixed and the unaffected not, an
# unknown version told to check), a mail per organisation in its language through the
# outbox, once only (a second match and a revision tell nobody again); a vendor's CSAF
# advisory imported, matched and told; a CSAF failing the mandatory tests refused; a vendor's
# CSAF provider collected through its ROLIE feed over real HTTP (another Belfry publishing as
# the vendor), each new document imported once, one whose .sha512 does not match refused.
set -euo pipefail
BELFRY=$1
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
T=$(mktemp -d)
VENDOR=
trap '[ -n "$VENDOR" ] && kill "$VENDOR" 2>/dev/null; rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
pass() { echo "ok: $*"; }

cat > "$T/belfry.toml" <<CONF
[store]
url = "sqlite://$T/data/belfry.db"
[constituency]
countries = ["BE"]
[team]
short_name = "EXCERT"
[publish]
base_url = "https://cert.example.be"
CONF
export BELFRY_CONFIG="$T/belfry.toml"
B() { "$BELFRY" "$@"; }
B constituency import ripe "$ROOT/examples/constituency/ripe-sample.db" > /dev/null
B constituency import csv "$ROOT/examples/constituency/organisations.csv" > /dev/null

cat > "$T/products.csv" <<'CSV'
organisation,vendor,product,version,cpe
ORG-EH1-RIPE,Example Networks,Example VPN,9.4.1,
ORG-EH1-RIPE,Example Networks,Example VPN,9.4.2,
ORG-EU1-RIPE,example networks,Example-VPN,,
ORG-EU1-RIPE,Example Networks,Example VPN,8.2,
CSV
B products import "$T/products.csv" | grep -q "4 imported" || fail "import"
printf 'organisation,vendor,product,version\nORG-NOBODY,X,Y,1\n' > "$T/bad.csv"
{ B products import "$T/bad.csv" 2>&1 || true; } | grep -q "bad.csv:2: no organisation 'ORG-NOBODY'" \
  || fail "an unknown organisation was not named with its line"
pass "products declared by CSV; an unknown organisation refused with its line"

# 1. Our advisory: the hospital's 9.4.1 is affected, its 9.4.2 is fixed; the university's
#    unknown version is told to check, its 8.2 is outside the range.
id=$(B advisory new "$ROOT/examples/advisories/vpn-en.md" --as ann 2>/dev/null)
B advisory match "$id" > "$T/dry.txt"
grep -q "ORG-EH1-RIPE (soc@hospital.example): 1 product(s) - would be told" "$T/dry.txt" || fail "dry match: $(cat "$T/dry.txt")"
grep -q "9.4.1: version 9.4.1 is affected" "$T/dry.txt" || fail "affected version"
! grep -q "9.4.2:" "$T/dry.txt" || fail "the fixed version matched"
! grep -q " 8.2:" "$T/dry.txt" || fail "a version outside the range matched"
grep -q "(version unknown): version unknown" "$T/dry.txt" || fail "unknown version"
[ -z "$(ls "$T/data/outbox/new" 2>/dev/null)" ] || fail "a dry match sent mail"
B advisory publish "$id" --as ann > /dev/null 2> "$T/publish.err"
grep -q "2 organisation(s) run what it names, 2 told now" "$T/publish.err" || fail "publish did not match: $(cat "$T/publish.err")"
[ "$(ls "$T/data/outbox/new" | wc -l)" = 2 ] || fail "expected 2 mails, got $(ls "$T/data/outbox/new" | wc -l)"
grep -l "soc@hospital.example" "$T/data/outbox/new"/* > "$T/hospital.txt" || fail "no mail to the hospital"
grep -q "Example VPN 9.4.1" "$(cat "$T/hospital.txt")" || fail "the hospital's mail does not name its product"
grep -q "Madame, Monsieur" "$(cat "$T/hospital.txt")" || fail "the hospital's mail is not in French"
grep -q "https://cert.example.be/advisories/EXCERT-" "$(cat "$T/hospital.txt")" || fail "no link to the advisory"
! grep -q "Example VPN 8.2" "$T/data/outbox/new"/* || fail "an unaffected product in a mail"
B ticket list --queue investigations --json | grep -c '"queue": "investigations"' | grep -q 2 || fail "investigations"
pass "an advisory matched at publication: 2 organisations told in their language, fixed and unaffected versions not"

B advisory match "$id" --notify | grep -q "already told as #" || fail "told twice"
sed 's/fixed = "9.4.2"/fixed = "9.4.3"/' "$ROOT/examples/advisories/vpn-en.md" > "$T/v2.md"
B advisory revise "$id" "$T/v2.md" --summary "9.4.3" --as ann > /dev/null 2>&1
[ "$(ls "$T/data/outbox/new" | wc -l)" = 2 ] || fail "a revision told the same organisations again"
nl=$(B advisory new "$ROOT/examples/advisories/vpn-nl.md" --translation-of "$id" --as ann 2>/dev/null)
B advisory publish "$nl" --as ann > /dev/null 2>&1
[ "$(ls "$T/data/outbox/new" | wc -l)" = 2 ] || fail "a translation told the same organisations again"
pass "each organisation told once per advisory (revisions and translations included)"

# 2. Products learned from a feed: a Shadowserver SSH scan names the device on a hospital host.
mkdir -p "$T/in"
cat > "$T/in/2026-11-21-scan_ssh-belgium-asn.csv" <<'CSV'
"timestamp","ip","protocol","port","hostname","tag","asn","geo","region","city","naics","hostname_source","sector","device_vendor","device_type","device_model","device_version","device_sector"
"2026-11-21 03:00:00","198.51.100.200","tcp",22,,"ssh",64496,"BE","BRUSSELS","BRUSSELS",,,,"Example Networks","vpn","Example VPN","9.3.0",
CSV
B ingest --feed shadowserver "$T/in" > /dev/null 2>&1
B products learn --since 3650d | grep -q "1 learned" || fail "learn"
B products list --organisation ORG-EH1-RIPE | grep -q "9.3.0 *observed:Accessible-SSH" || fail "the observed product"
B advisory match "$id" | grep -q "9.3.0: version 9.3.0 is affected" || fail "the observed product does not match"
pass "products learned from a Shadowserver report's device fields, and matched"

# 3. A vendor's CSAF advisory.
cat > "$T/vendor.json" <<'JSON'
{"document": {"category": "csaf_security_advisory", "csaf_version": "2.0",
  "publisher": {"category": "vendor", "name": "Example Networks PSIRT", "namespace": "https://psirt.example.com"},
  "title": "Example VPN: authentication bypass", "lang": "en",
  "distribution": {"tlp": {"label": "WHITE"}},
  "notes": [{"category": "summary", "text": "Bypass."}],
  "tracking": {"id": "EX-2026-021", "status": "final", "version": "1",
    "initial_release_date": "2026-11-28T10:00:00.000Z", "current_release_date": "2026-11-28T10:00:00.000Z",
    "revision_history": [{"date": "2026-11-28T10:00:00.000Z", "number": "1", "summary": "Initial"}]}},
 "product_tree": {"branches": [{"category": "vendor", "name": "Example Networks", "branches": [
   {"category": "product_name", "name": "Example VPN", "branches": [
     {"category": "product_version_range", "name": "vers:generic/>=9.0|<9.4.5",
      "product": {"name": "Example VPN < 9.4.5", "product_id": "P1"}}]}]}]},
 "vulnerabilities": [{"cve": "CVE-2026-49999", "notes": [{"category": "description", "text": "x"}],
   "product_status": {"known_affected": ["P1"]}}]}
JSON
B csaf import "$T/vendor.json" > "$T/vendor.txt"
grep -q "Example Networks PSIRT EX-2026-021 (1 affected product(s), 1 CVE(s))" "$T/vendor.txt" || fail "vendor import: $(cat "$T/vendor.txt")"
grep -q "ORG-EH1-RIPE (soc@hospital.example): 3 product(s) - told" "$T/vendor.txt" || fail "vendor match: $(cat "$T/vendor.txt")"
[ "$(ls "$T/data/outbox/new" | wc -l)" = 4 ] || fail "vendor advisory mails"
B csaf import "$T/vendor.json" | grep -q "already told" || fail "the vendor advisory told twice"
B advisory check-csaf "$ROOT/tests/data/standards/csaf20/test-mandatory/oasis_csaf_tc-csaf_2_0-2021-6-1-01-01.json" > /dev/null \
  && fail "check-csaf passed a failing document"
{ B csaf import "$ROOT/tests/data/standards/csaf20/test-mandatory/oasis_csaf_tc-csaf_2_0-2021-6-1-01-01.json" 2>&1 || true; } \
  | grep -q "fails CSAF mandatory test 6.1.1" || fail "a failing vendor CSAF was imported"
pass "a vendor's CSAF advisory imported, matched and told once; a failing one refused"

# A vendor's CSAF provider, collected by a feed through its ROLIE feed: another Belfry plays
# the vendor's PSIRT and serves its provider on loopback.
VPORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$T/vendor"
cat > "$T/vendor/belfry.toml" <<CONF
[store]
url = "sqlite://$T/vendor/data/belfry.db"
[team]
name = "Example Networks PSIRT"
short_name = "EXNET"
website = "https://psirt.example.com"
[publish]
base_url = "http://127.0.0.1:$VPORT"
publisher_category = "vendor"
CONF
V() { "$BELFRY" --config "$T/vendor/belfry.toml" "$@"; }
cat > "$T/vendor/adv.md" <<'MD'
+++
title = "Example VPN: authentication bypass in the web portal"
cves = ["CVE-2026-50001"]
cvss = ["CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"]
[[products]]
vendor = "Example Networks"
product = "Example VPN"
versions = "< 9.4.2"
fixed = "9.4.2"
+++
Update Example VPN to 9.4.2.
MD
V advisory new "$T/vendor/adv.md" > /dev/null
V advisory publish 1 > /dev/null 2>&1 || fail "the vendor could not publish"
V serve --listen "127.0.0.1:$VPORT" > "$T/vendor/serve.out" 2> "$T/vendor/serve.err" &
VENDOR=$!
for _ in $(seq 100); do grep -q listening "$T/vendor/serve.out" 2>/dev/null && break; sleep 0.1; done
cat >> "$T/belfry.toml" <<CONF
[[feeds]]
name = "exnet-csaf"
parser = "csaf"
source = "rolie:http://127.0.0.1:$VPORT/.well-known/csaf/provider-metadata.json"
CONF
before=$(ls "$T/data/outbox/new" | wc -l)
B collect --feed exnet-csaf --json > "$T/rolie1.json" 2> "$T/rolie1.err" || fail "collect: $(tail -3 "$T/rolie1.err")"
grep -q '"reports": 1' "$T/rolie1.json" || fail "the ROLIE document was not collected: $(cat "$T/rolie1.json")"
grep -q "Example Networks PSIRT EXNET-2026-0001 (1 affected product(s)): 2 organisation(s) run it, 2 told now" "$T/rolie1.err" \
  || fail "the collected advisory was not matched: $(grep csaf "$T/rolie1.err")"
[ $(( $(ls "$T/data/outbox/new" | wc -l) - before )) = 2 ] || fail "the collected advisory's mails"
grep -l "EXNET-2026-0001" "$T"/data/outbox/new/* | xargs grep -l "soc@hospital.example" > /dev/null || fail "the hospital was not told"
B collect --feed exnet-csaf --json > "$T/rolie2.json" 2>&1
grep -q '"reports": 0' "$T/rolie2.json" || fail "the same ROLIE entry was collected again: $(cat "$T/rolie2.json")"
pass "a vendor's ROLIE feed collected over HTTP: the new document imported, matched and told; not again"

# A revision whose published hash does not match its document is refused.
printf '+++\ntitle = "Example VPN: authentication bypass in the web portal"\ncves = ["CVE-2026-50001"]\n[[products]]\nvendor = "Example Networks"\nproduct = "Example VPN"\nversions = "< 9.4.3"\nfixed = "9.4.3"\n+++\nUpdate Example VPN to 9.4.3.\n' > "$T/vendor/rev.md"
BELFRY_TEST_NOW=$(date -u -d tomorrow +%Y-%m-%dT%H:%M:%SZ) V advisory revise 1 "$T/vendor/rev.md" --summary "9.4.2 is affected too" > /dev/null 2>&1 || fail "the vendor could not revise"
for h in "$T"/vendor/data/site/.well-known/csaf/white/*/exnet-2026-0001.json.sha512; do
  printf '%0128d  exnet-2026-0001.json\n' 0 > "$h"
done
B collect --feed exnet-csaf --json > "$T/rolie3.json" 2> "$T/rolie3.err" || true
grep -q "does not match" "$T/rolie3.err" "$T/rolie3.json" || fail "a tampered document was not refused: $(cat "$T/rolie3.json") $(tail -3 "$T/rolie3.err")"
pass "a ROLIE document whose .sha512 does not match is refused"
echo "vuln_test: all passed"
