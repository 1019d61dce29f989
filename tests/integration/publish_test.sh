#!/usr/bin/env bash
# Publications end to end, from the CLI and over real HTTP: an English advisory and its
# French translation under four-eyes review (the author cannot approve, a second analyst
# does), published with real GnuPG signatures; the CSAF documents valid against the official
# schema and passing the mandatory tests; the provider metadata and the ROLIE feed fetched
# from `belfry serve`, every listed document with its .sha512 and a verifying .asc; the Atom
# feeds parsed by a feed parser; a revision and a withdrawal; a TLP:AMBER advisory in no
# public file and readable only by an analyst; a scheduled publication; bad sources refused
# with the key or line named.
set -euo pipefail
BELFRY=$1
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
SCHEMAS="$ROOT/tests/data/standards/csaf20"
T=$(mktemp -d)
SERVE=
cleanup() {
  [ -n "$SERVE" ] && kill "$SERVE" 2>/dev/null
  gpgconf --homedir "$T/gnupg" --kill gpg-agent 2>/dev/null || true
  rm -rf "$T"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; [ -f "$T/serve.err" ] && tail -5 "$T/serve.err" >&2; exit 1; }
pass() { echo "ok: $*"; }
# Debian's python3 has the feed parser; a python3 earlier on PATH may not.
PY=python3
/usr/bin/python3 -c 'import feedparser, jsonschema' 2>/dev/null && PY=/usr/bin/python3

export GNUPGHOME="$T/gnupg"
mkdir -m 700 "$GNUPGHOME"
gpg --batch --pinentry-mode loopback --passphrase '' \
  --quick-gen-key 'Example CERT <cert@example.be>' ed25519 sign never 2>/dev/null
FPR=$(gpg --batch --with-colons --list-secret-keys cert@example.be | awk -F: '/^fpr/ {print $10; exit}')

cat > "$T/belfry.toml" <<CONF
[store]
url = "sqlite://$T/data/belfry.db"
[notify]
signing_key = "$FPR"
[team]
name = "Example CERT"
short_name = "EXCERT"
website = "https://cert.example.be"
email = "cert@example.be"
[publish]
base_url = "https://cert.example.be"
four_eyes = true
CONF
B() { "$BELFRY" --config "$T/belfry.toml" "$@"; }
export BELFRY_CONFIG="$T/belfry.toml"

cat > "$T/vpn-en.md" <<'MD'
+++
title = "Critical vulnerability in Example VPN appliances actively exploited"
audience = "pro"
kind = "advisory"
lang = "en"
tlp = "CLEAR"
severity = "critical"
cves = ["CVE-2026-41234", "CVE-2026-41235"]
cvss = ["CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"]
references = ["https://psirt.example.com/advisories/EX-2026-017"]
[[products]]
vendor = "Example Networks"
product = "Example VPN"
versions = ">= 9.0 < 9.4.2, 8.8.1"
fixed = "9.4.2"
cpe = "cpe:2.3:a:example:vpn:*:*:*:*:*:*:*:*"
[[products]]
vendor = "Example Networks"
product = "Example Gateway"
versions = "< 3.1"
purl = "pkg:generic/example/gateway"
+++
An unauthenticated attacker can run code on Example VPN appliances through the web portal.
Exploitation in the wild has been reported.

## What to do

1. Update to **9.4.2** or later.
2. Look for requests to `/portal/../cgi-bin` in the appliance's logs.
MD
sed -e 's/lang = "en"/lang = "fr"/' \
    -e 's/^title = .*/title = "Vulnérabilité critique dans les appliances Example VPN, activement exploitée"/' \
    -e 's/^An unauthenticated.*/Un attaquant non authentifié peut exécuter du code sur les appliances Example VPN./' \
    "$T/vpn-en.md" > "$T/vpn-fr.md"

# 1. Drafts, four eyes.
EN=$(B advisory new "$T/vpn-en.md" --as ann 2>/dev/null)
FR=$(B advisory new "$T/vpn-fr.md" --translation-of "$EN" --as ann 2>/dev/null)
[ "$EN" = 1 ] && [ "$FR" = 2 ] || fail "advisory new printed '$EN' '$FR'"
out=$(B advisory publish "$EN" --as ann 2>&1) && fail "published without review"
echo "$out" | grep -q "four-eyes" || fail "no four-eyes message: $out"
B advisory submit "$EN" --as ann > /dev/null
{ B advisory review "$EN" --approve --as ann 2>&1 || true; } | grep -q "cannot approve their own" \
  || fail "the author approved their own advisory"
B advisory review "$EN" --approve --as bob | grep -q approved || fail "review by a second analyst"
B advisory review "$FR" --approve --as bob > /dev/null
B advisory publish "$EN" --as ann | grep -q "published: published" || fail "publish"
B advisory publish "$FR" --as ann > /dev/null
B advisory show "$EN" --json | grep -q '"reviewer": "bob"' || fail "the reviewer is not recorded"
pass "four-eyes review, then publication of an advisory and its translation"

SITE="$T/data/site"
CSAF="$SITE/.well-known/csaf"
DOC_EN="$CSAF/white/$(date -u +%Y)/excert-$(date -u +%Y)-0001.json"
DOC_FR="$CSAF/white/$(date -u +%Y)/excert-$(date -u +%Y)-0001-fr.json"
[ -f "$DOC_EN" ] && [ -f "$DOC_FR" ] || fail "no CSAF documents: $(find "$SITE" -type f | head)"
"$PY" "$HERE/csaf_validate.py" "$SCHEMAS" "$DOC_EN" "$DOC_FR" || fail "CSAF schema"
"$PY" "$HERE/csaf_validate.py" "$SCHEMAS" --provider "$CSAF/provider-metadata.json" \
  || fail "provider metadata schema"
B advisory check-csaf "$DOC_EN" "$DOC_FR" > /dev/null || fail "mandatory tests"
grep -q '"category": "csaf_security_advisory"' "$DOC_EN" || fail "profile"
grep -q '"role":"csaf_trusted_provider"' "$CSAF/provider-metadata.json" || fail "trusted provider role"
pass "CSAF 2.0 documents and provider metadata valid (schema, mandatory tests 6.1.x)"

# 2. Served: provider metadata, ROLIE, documents, hashes, signatures; pages and feeds.
"$BELFRY" --config "$T/belfry.toml" serve --listen 127.0.0.1:0 > "$T/serve.out" 2> "$T/serve.err" &
SERVE=$!
for _ in $(seq 100); do grep -q listening "$T/serve.out" 2>/dev/null && break; sleep 0.1; done
URL=$(sed -n 's/.*listening on \(http:[^ ]*\).*/\1/p' "$T/serve.out")
[ -n "$URL" ] || fail "serve did not start"
curl -sf "$URL/.well-known/csaf/provider-metadata.json" > "$T/pm.json" || fail "provider metadata over HTTP"
# The metadata names the public base_url; fetch what it lists from this server instead.
ROLIE=$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["distributions"][0]["rolie"]["feeds"][0]["url"])' "$T/pm.json")
curl -sf "$URL${ROLIE#https://cert.example.be}" > "$T/rolie.json" || fail "ROLIE feed"
"$PY" - "$T/rolie.json" "$URL" "$T" <<'PYCHECK' || fail "ROLIE entries"
import hashlib, json, subprocess, sys, urllib.request
feed, url, tmp = json.load(open(sys.argv[1]))["feed"], sys.argv[2], sys.argv[3]
assert len(feed["entry"]) == 2, feed["entry"]
for entry in feed["entry"]:
    links = {l["rel"]: l["href"].replace("https://cert.example.be", url) for l in entry["link"]}
    doc = urllib.request.urlopen(links["self"]).read()
    digest = urllib.request.urlopen(links["hash"]).read().decode().split()[0]
    assert hashlib.sha512(doc).hexdigest() == digest, "sha512 of " + links["self"]
    sig = urllib.request.urlopen(links["signature"]).read()
    open(tmp + "/doc.json", "wb").write(doc)
    open(tmp + "/doc.json.asc", "wb").write(sig)
    subprocess.run(["gpg", "--batch", "--verify", tmp + "/doc.json.asc", tmp + "/doc.json"],
                   check=True, capture_output=True)
PYCHECK
curl -sf "$URL/.well-known/csaf/white/index.txt" | grep -q "excert-" || fail "index.txt"
curl -sf "$URL/.well-known/csaf/white/changes.csv" | grep -q '"' || fail "changes.csv"
curl -sf "$URL/.well-known/csaf/openpgp/$FPR.asc" | grep -q "BEGIN PGP PUBLIC KEY" || fail "public key"
pass "provider metadata, ROLIE, documents with verifying .sha512 and .asc over HTTP"

curl -sf "$URL/advisories/EXCERT-$(date -u +%Y)-0001-FR.html" > "$T/fr.html" || fail "French page"
grep -q 'lang="fr"' "$T/fr.html" && grep -q "Produits concernés" "$T/fr.html" || fail "French page words"
grep -q 'hreflang="en"' "$T/fr.html" || fail "the French page does not link the English one"
curl -sf "$URL/advisories/" | grep -q "pro-fr.html" || fail "advisories index"
for feed in pro-en pro-fr; do
  curl -sf "$URL/feeds/$feed.atom" > "$T/$feed.atom" || fail "feed $feed"
  xmllint --noout "$T/$feed.atom" || fail "feed $feed is not well-formed XML"
  "$PY" - "$T/$feed.atom" <<'PYFEED' || fail "feed $feed does not parse as Atom"
import feedparser, sys
d = feedparser.parse(open(sys.argv[1], "rb").read())
assert not d.bozo, d.get("bozo_exception")
assert d.version == "atom10", d.version
assert len(d.entries) == 1 and d.entries[0].link.endswith(".html"), d.entries
assert d.entries[0].published and d.entries[0].summary
PYFEED
done
pass "pages in both languages linked to each other, index, Atom feeds per audience and language"

# The RFC 2350 description: all seven sections, clear-signed, at its stable URLs.
curl -sf "$URL/rfc2350.txt" > "$T/rfc2350.txt" || fail "rfc2350.txt"
gpg --batch --verify "$T/rfc2350.txt" 2>/dev/null || fail "rfc2350.txt does not verify"
for section in "1. Document Information" "2. Contact Information" "3. Charter" "4. Policies" \
               "5. Services" "6. Incident Reporting Forms" "7. Disclaimers" "2.8. Public Keys"; do
  grep -q "^$section" "$T/rfc2350.txt" || fail "rfc2350.txt lacks '$section'"
done
grep -q "$FPR" "$T/rfc2350.txt" || fail "rfc2350.txt does not name the key"
curl -sf "$URL/rfc2350.html" | grep -q '<h2 id="s7">7. Disclaimers</h2>' || fail "rfc2350.html"
pass "RFC 2350: seven sections, clear-signed text and HTML at stable URLs"

# 3. A revision, then a withdrawal.
sed 's/fixed = "9.4.2"/fixed = "9.4.3"/' "$T/vpn-en.md" > "$T/vpn-en-2.md"
B advisory revise "$EN" "$T/vpn-en-2.md" --summary "9.4.2 did not fix it; 9.4.3 does" --as ann \
  | grep -q revised || fail "revise"
grep -q '"version": "2"' "$DOC_EN" || fail "the CSAF document is not at version 2"
grep -q '9.4.3' "$DOC_EN" || fail "the revision's content"
"$PY" "$HERE/csaf_validate.py" "$SCHEMAS" "$DOC_EN" || fail "revised CSAF schema"
B advisory check-csaf "$DOC_EN" > /dev/null || fail "revised CSAF mandatory tests"
B advisory withdraw "$FR" --reason "merged into the English advisory" --as ann > /dev/null
curl -sf "$URL/advisories/EXCERT-$(date -u +%Y)-0001-FR.html" | grep -q 'class="withdrawn"' \
  || fail "withdrawn page"
B advisory check-csaf "$DOC_FR" > /dev/null || fail "withdrawn CSAF mandatory tests"
pass "a revision (CSAF version 2) and a withdrawal"

# 4. TLP:AMBER stays inside: no public file, no feed, no CSAF; analysts only.
sed -e 's/tlp = "CLEAR"/tlp = "AMBER"/' -e 's/^title = .*/title = "Targeted phishing against hospitals"/' \
    -e 's/audience = "pro"/audience = "pro"/' "$T/vpn-en.md" > "$T/amber.md"
AMBER=$(B advisory new "$T/amber.md" --as ann 2>/dev/null)
B advisory submit "$AMBER" --as ann > /dev/null
B advisory review "$AMBER" --approve --as bob > /dev/null
B advisory publish "$AMBER" --as ann > /dev/null
AMBER_ID=$(B advisory show "$AMBER" --json | sed -n 's/.*"tracking_id": "\([^"]*\)".*/\1/p')
! grep -rl "Targeted phishing" "$SITE/advisories" "$SITE/feeds" "$CSAF" > /dev/null \
  || fail "a TLP:AMBER advisory in a public file"
[ "$(curl -s -o /dev/null -w '%{http_code}' "$URL/advisories/$AMBER_ID.html")" = 404 ] \
  || fail "TLP:AMBER page served to an anonymous visitor"
echo 'analyst password 1' | B user add --role analyst --password-stdin analyst-ann > /dev/null
TOKEN=$(B user token analyst-ann 2>/dev/null)
curl -sf -H "Authorization: Bearer $TOKEN" "$URL/advisories/$AMBER_ID.html" | grep -q "Targeted phishing" \
  || fail "TLP:AMBER page not served to an analyst"
pass "TLP:AMBER: in no public file, feed or CSAF listing; served to analysts only"

# 5. Scheduled publication.
sed 's/^title = .*/title = "Scheduled advisory"/' "$T/vpn-en.md" > "$T/later.md"
LATER=$(B advisory new "$T/later.md" --as ann 2>/dev/null)
B advisory submit "$LATER" --as ann > /dev/null
B advisory review "$LATER" --approve --as bob > /dev/null
B advisory publish "$LATER" --at 2099-01-01T08:00:00Z --as ann | grep -q scheduled || fail "schedule"
[ -z "$(B advisory publish-due)" ] || fail "published before its time"
BELFRY_TEST_NOW=2099-01-01T08:00:01Z B advisory publish-due | grep -q "published" \
  || fail "not published when due"
pass "scheduled publication"

# 5b. A CVSS v4.0 vector: scored by Belfry, shown on the page, and in the CSAF 2.0 document
# (which has no cvss_v4) as a note, still valid against the schema and the mandatory tests.
sed -e 's/^title = .*/title = "Advisory scored with CVSS v4.0"/' \
    -e 's|^cvss = .*|cvss = ["CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"]|' \
    "$T/vpn-en.md" > "$T/v4.md"
grep -q 'CVSS:4.0' "$T/v4.md" || fail "the v4 source has no v4 vector"
V4=$(B advisory new "$T/v4.md" --as ann 2>/dev/null)
B advisory submit "$V4" --as ann > /dev/null
B advisory review "$V4" --approve --as bob > /dev/null
B advisory publish "$V4" --as ann > /dev/null 2>&1 || fail "publish the v4 advisory"
B advisory show "$V4" --json | grep -q '"version": "4.0", "base_score": 9.3, "severity": "Critical"' \
  || fail "CVSS v4.0 score: $(B advisory show "$V4" --json | grep -o '"cvss": \[[^]]*\]')"
DOC_V4=$(ls "$CSAF"/white/*/*.json | xargs grep -l "Advisory scored with CVSS v4.0")
"$PY" "$HERE/csaf_validate.py" "$SCHEMAS" "$DOC_V4" || fail "CSAF schema with a v4 vector"
B advisory check-csaf "$DOC_V4" > /dev/null || fail "mandatory tests with a v4 vector"
grep -q '"text": "9.3 (Critical) CVSS:4.0/AV:N' "$DOC_V4" || fail "the v4 vector is not in the CSAF document"
B advisory export --format html "$V4" | grep -q "CVSS 4.0</dt><dd>9.3 Critical" || fail "the page does not show the v4 score"
pass "CVSS v4.0: scored (9.3 Critical), on the page, a note in the valid CSAF document"

# 6. Bad sources are refused with the line or key named; nothing is stored.
before=$(B advisory list | wc -l)
printf '+++\ntitle = "x"\ncolour = "red"\n+++\n' > "$T/bad1.md"
{ B advisory new "$T/bad1.md" 2>&1 || true; } | grep -q "unknown key 'colour'" || fail "unknown key"
printf '+++\ntitle = "x"\ncvss = ["CVSS:3.1/AV:N/AC:L"]\n+++\n' > "$T/bad2.md"
{ B advisory new "$T/bad2.md" 2>&1 || true; } | grep -q "base metric PR is missing" || fail "bad CVSS"
printf '+++\ntitle = "x\n+++\n' > "$T/bad3.md"
{ B advisory new "$T/bad3.md" 2>&1 || true; } | grep -q "bad3.md: line 2" || fail "TOML error line"
[ "$(B advisory list | wc -l)" = "$before" ] || fail "a bad source was stored"
pass "bad sources refused with the key or line named"

kill -TERM "$SERVE"; wait "$SERVE" || fail "serve exited non-zero"; SERVE=
echo "publish_test: all passed"
