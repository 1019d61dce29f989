#!/usr/bin/env bash
# Belfry's entry point for people: set up, demo, test, benchmark.
#   ./belfry.sh demo    install dependencies, build, collect the sample feeds, show results
#   ./belfry.sh test    install dependencies, build, run every test
#   ./belfry.sh bench   build and run the benchmarks (docs/PERFORMANCE.md)
#   ./belfry.sh build   install dependencies and build everything
set -euo pipefail
cd "$(dirname "$0")"
export TZ=UTC LC_ALL=C

JOBS=$(nproc 2>/dev/null || echo 2)

# setup [TARGET...]: install dependencies and build the named targets (default: everything).
setup() {
  ./scripts/install-deps.sh
  # From npm (package-lock.json): the console's front end (Preact, htm, uPlot, built with
  # esbuild) and the tests' loopback servers and browser driver (smtp-server, playwright-core).
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund --loglevel=error
  fi
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build build -j "$JOBS" ${1:+--target "$@"}
  # The console, served by belfry from build/web.
  node web/build.mjs build/web >/dev/null
}

demo() {
  setup belfry   # only what the demo runs; `test` builds the rest
  local cfg=examples/belfry.toml
  local bin=build/belfry
  echo
  echo "== Importing the constituency: RIPE objects, the team's own CSV, peer CSIRTs"
  $bin --config $cfg constituency import ripe examples/constituency/ripe-sample.db
  $bin --config $cfg constituency import csv examples/constituency/organisations.csv
  $bin --config $cfg constituency import ti examples/constituency/peer-teams.json
  echo
  echo "== Whose is 198.51.100.70?"
  $bin --config $cfg constituency lookup 198.51.100.70
  echo
  echo "== Collecting the sample feeds: examples/feeds dropped into the watched folders"
  local kind f
  for kind in shadowserver blocklist intelmq; do
    mkdir -p "belfry-data/inbox/$kind"
    for f in examples/feeds/$kind/*; do
      # Written beside, then renamed: a watched folder never sees half a file.
      cp "$f" "belfry-data/inbox/$kind/.$(basename "$f").part"
      mv "belfry-data/inbox/$kind/.$(basename "$f").part" "belfry-data/inbox/$kind/$(basename "$f")"
    done
  done
  # Sixty days of sinkhole history for the dashboard's infection chart (a campaign's effect).
  python3 scripts/make_demo_history.py belfry-data/inbox/shadowserver/.history.part
  mv belfry-data/inbox/shadowserver/.history.part \
    belfry-data/inbox/shadowserver/2026-11-21-event4_sinkhole_http-history.csv
  # Every feed is due now: `collect --feed` runs one whatever its schedule says.
  for f in "Shadowserver" "Example SSH Blocklist" "IntelMQ export"; do
    $bin --config $cfg collect --feed "$f" || true
  done
  echo
  echo "== Feed status (a second demo run finds the same reports and skips them)"
  $bin --config $cfg feeds status
  echo
  echo "== Most recent events from 192.0.2.0/24"
  $bin --config $cfg events search --cidr 192.0.2.0/24 --limit 5
  echo
  echo "== Where the events go (routing: constituents, peer CSIRTs, triage)"
  $bin --config $cfg events sql \
    'SELECT route, route_to, count(*) AS events FROM events GROUP BY 1, 2 ORDER BY 3 DESC'
  echo
  echo "== Events per classification (eventdb view)"
  $bin --config $cfg events sql \
    'SELECT "classification.type" AS type, count(*) AS events FROM events GROUP BY 1 ORDER BY 2 DESC'
  echo
  echo "== The same database from the plain sqlite3 shell (the key columns, no Belfry needed)"
  sqlite3 -header -column belfry-data/belfry.db \
    'SELECT "source.ip", "classification.taxonomy", "classification.type", constituency, route
     FROM events WHERE route = '"'"'constituent'"'"' LIMIT 3'
  echo
  echo "== The tracker: a peer CERT mails log lines of compromised FTP accounts (examples/mail)"
  $bin --config $cfg mail-gateway < examples/mail/peer-ftp-accounts.eml
  local report
  report=$($bin --config $cfg ticket list --queue reports --all --limit 100000 --json | tail -n 1 |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])')
  echo
  echo "== The duty officer classifies it (triage proposes the severity; SLA due in business time)"
  $bin --config $cfg ticket set classification system-compromise "$report"
  $bin --config $cfg ticket show "$report" | head -12
  echo
  echo "== Who would get which lines (ticket investigate $report --dry-run)"
  $bin --config $cfg ticket investigate "$report" --dry-run
  echo
  echo "== Investigate: one Investigation and one mail per site admin, only its own masked lines"
  $bin --config $cfg ticket investigate "$report"
  echo
  echo "== The tickets, and the mails in the outbox Maildir (no SMTP server configured)"
  $bin --config $cfg ticket list
  ls belfry-data/outbox/new | head -10
  echo
  echo "== Automatic notifications: each party's own feed events, once, signed (notify run)"
  if [ ! -d belfry-data/gnupg ]; then
    # A throw-away team key for the demo (production: [notify] signing_key and gnupg_home).
    mkdir -m 700 -p belfry-data/gnupg
    gpg --homedir belfry-data/gnupg --batch --quiet --pinentry-mode loopback --passphrase '' \
      --quick-gen-key 'Example CERT <cert@example.be>' ed25519 sign never 2>/dev/null
  fi
  $bin --config $cfg notify inhibit --organisation ORG-EH1-RIPE --network 198.51.100.197 \
    --identifier open-telnet --until 2030-01-01 --reason "the hospital's telnet honeypot"
  $bin --config $cfg notify run --dry-run
  $bin --config $cfg notify run
  echo "-- a second run finds nothing new:"
  $bin --config $cfg notify run | sed -n 1p
  $bin --config $cfg notify inhibitions
  local mail
  mail=$(grep -l "^X-Belfry-Notification" belfry-data/outbox/new/* | sed -n 1p)
  echo "-- one of them ($mail), its headers:"
  sed -n '1,/^$/p' "$mail" | grep -E '^(From|To|Subject|Content-Type|X-TLP):'
  echo
  echo "== This year's counts (belfry stats)"
  $bin --config $cfg stats

  echo
  echo "== Publications: a Pro advisory in English and Dutch, a citizens' warning in French and Dutch"
  echo "   (four-eyes review on: demo-author writes, demo-reviewer approves; examples/advisories)"
  echo "-- what the constituents run (declared by CSV; 'products learn' adds what feeds observe):"
  $bin --config $cfg products import examples/constituency/products.csv
  $bin --config $cfg products list
  if [ -z "$($bin --config $cfg advisory list)" ]; then
    local en nl fr
    en=$($bin --config $cfg advisory new examples/advisories/vpn-en.md --as demo-author)
    nl=$($bin --config $cfg advisory new examples/advisories/vpn-nl.md --translation-of "$en" --as demo-author)
    fr=$($bin --config $cfg advisory new examples/advisories/parcel-sms-fr.md --as demo-author)
    local id
    id=$($bin --config $cfg advisory new examples/advisories/parcel-sms-nl.md --translation-of "$fr" --as demo-author)
    for id in "$en" "$nl" "$fr" "$id"; do
      $bin --config $cfg advisory submit "$id" --as demo-author > /dev/null
      $bin --config $cfg advisory review "$id" --approve --as demo-reviewer > /dev/null
      $bin --config $cfg advisory publish "$id" --as demo-author
    done
  fi
  $bin --config $cfg advisory list
  echo "-- who runs what the VPN advisory names (they were told when it was published, once):"
  $bin --config $cfg advisory match "$($bin --config $cfg advisory list --lang en --json |
    python3 -c 'import json, sys; print(json.loads(sys.stdin.readline())["id"])')"
  echo "-- the CSAF provider (signed with the team key), checked with CSAF's mandatory tests:"
  ls belfry-data/site/.well-known/csaf/white/*/ | head -8
  $bin --config $cfg advisory check-csaf belfry-data/site/.well-known/csaf/white/*/*.json
  echo "-- the team's RFC 2350 description (clear-signed; /rfc2350.txt), its charter:"
  $bin --config $cfg rfc2350 2>/dev/null | sed -n '/^3\. Charter/,/^4\. Policies/p' | head -16
  echo "-- the French citizens' warning as text (advisory export --format text):"
  $bin --config $cfg advisory export --format text "$($bin --config $cfg advisory list --lang fr --json |
    python3 -c 'import json, sys; print(json.loads(sys.stdin.readline())["id"])')" | head -12
  echo
  echo "== The newsletter: an edition per audience and language, double opt-in, one-click unsubscribe"
  $bin --config $cfg newsletter subscribe citizen@example.org --audience citizen --lang fr
  $bin --config $cfg newsletter subscribe soc@hospital.example --audience pro --lang en --confirmed
  $bin --config $cfg newsletter subscribe cert@university.example --audience pro --lang nl --confirmed
  printf 'This week: **patch Example VPN now**, it is being exploited.\n' |
    $bin --config $cfg newsletter intro --audience pro --lang en - > /dev/null
  echo "-- the English Pro issue as it goes out (newsletter preview):"
  $bin --config $cfg newsletter preview --audience pro --lang en | head -24
  $bin --config $cfg newsletter send
  $bin --config $cfg newsletter subscribers
  echo "   (each mail in ./belfry-data/outbox/new carries its own List-Unsubscribe link and"
  echo "    List-Unsubscribe-Post: List-Unsubscribe=One-Click; the archive is at /newsletter/)"
  echo
  share_demo
  echo
  echo "== The annual report: HTML, a PDF printed by headless Chromium, SVG charts, CSV tables"
  $bin --config $cfg report annual --year 2026 || echo "(the PDF needs chromium: ./belfry.sh installs it)"
  echo
  echo "== The web console: accounts (argon2id passwords), the API, the public self-check"
  local pw=belfry-demo-password
  echo "$pw" | $bin --config $cfg user add --role analyst --password-stdin demo-analyst 2>/dev/null || true
  echo "$pw" | $bin --config $cfg user add --role constituent --organisation ORG-EH1-RIPE \
    --password-stdin demo-hospital 2>/dev/null || true
  $bin --config $cfg user list
  local token url web
  token=$($bin --config $cfg user token demo-analyst 2>/dev/null)
  $bin --config $cfg serve --listen 127.0.0.1:0 > belfry-data/serve.out 2> belfry-data/serve.log &
  web=$!
  for _ in $(seq 100); do grep -q listening belfry-data/serve.out 2>/dev/null && break; sleep 0.1; done
  url=$(sed -n 's/.*listening on \(http:[^ ]*\).*/\1/p' belfry-data/serve.out)
  echo "-- GET $url/api/v1/events?cidr=198.51.100.0/24&limit=2 (Authorization: Bearer <token>):"
  curl -s -H "Authorization: Bearer $token" "$url/api/v1/events?cidr=198.51.100.0/24&limit=2" | head -c 600
  echo
  echo "-- the dashboard: infected hosts per malware family (unique addresses a day), before and after the campaign:"
  curl -s -H "Authorization: Bearer $token" "$url/api/v1/dashboard" | python3 -c '
import json, sys
c = json.load(sys.stdin)["charts"]
try:
    i, j = c["days"].index("2026-10-20"), c["days"].index("2026-11-20")
except ValueError:
    sys.exit(0)  # the sample period left the dashboard window
total = lambda k: sum(v[k] for v in c["infected_by_family"].values())
for fam, v in c["infected_by_family"].items():
    print(f"  {fam:<12} {v[i]:>4} on 2026-10-20 -> {v[j]:>4} on 2026-11-20")
print("  all         ", f"{total(i):>4} on 2026-10-20 -> {total(j):>4} on 2026-11-20")'
  echo "-- the published site: $url/advisories/, feeds at $url/feeds/pro-en.atom, CSAF at:"
  curl -s "$url/.well-known/csaf/provider-metadata.json" | head -c 300
  echo
  echo "-- a citizen asks /check.json (this visitor is 127.0.0.1: not listed):"
  curl -s "$url/check.json"
  echo
  kill -TERM "$web"; wait "$web" 2>/dev/null || true
  echo
  $bin --version
  echo
  echo "Database:     ./belfry-data/belfry.db"
  echo "Dead letters: ./belfry-data/dead-letters.jsonl"
  echo "Outbox:       ./belfry-data/outbox/new (the mails investigate and notify sent; less FILE)"
  echo "Reports:      ./belfry-data/spool (every fetched report), ./belfry-data/inbox/*/done"
  echo "Try:          $bin --config $cfg events search --asn 64496 --json | head -1"
  echo
  echo "The console:  $bin --config $cfg serve    (or: $bin --config $cfg run)"
  echo "              then open http://127.0.0.1:8080/ and sign in as demo-analyst / belfry-demo-password"
  echo "              (constituent portal: demo-hospital / belfry-demo-password; citizens: /check)"
  echo "Advisories:   http://127.0.0.1:8080/advisories/ (pages, Atom feeds, CSAF provider:"
  echo "              /.well-known/csaf/provider-metadata.json); files in ./belfry-data/site"
  echo "Newsletter:   http://127.0.0.1:8080/newsletter/ (subscribe, archive)"
}

# Sharing: exports for a peer team and for the organisation concerned, a peer's MISP event
# imported, an incident pushed to a MISP instance (a local stand-in speaking MISP's REST
# calls and checking every body against MISP's schema: no MISP instance ships with Belfry).
share_demo() {
  local bin=build/belfry cfg=examples/belfry.toml f
  echo "== Sharing with peer teams: one TLP policy at every exit (docs/SHARING.md)"
  mkdir -p belfry-data/share
  echo "-- the hospital's network for a peer team, as MISP, STIX 2.1 and IODEF v2:"
  for f in misp stix iodef; do
    $bin --config $cfg export $f --cidr 198.51.100.128/25 --for peer:CERT-XX \
      --out belfry-data/share/hospital-for-peer.$f
  done
  echo "-- the same for the hospital itself (TLP:AMBER+STRICT goes to the organisation concerned only):"
  $bin --config $cfg export misp --cidr 198.51.100.128/25 --for org:ORG-EH1-RIPE \
    --out belfry-data/share/hospital-for-hospital.misp
  echo "-- the STIX bundle's first indicator and its TLP 2.0 marking:"
  python3 -c '
import json, sys
b = json.load(open(sys.argv[1]))
marks = {o["id"]: o["name"] for o in b["objects"] if o["type"] == "marking-definition"}
i = next(o for o in b["objects"] if o["type"] == "indicator")
print("  ", i["pattern"], "|", i["name"], "|", ", ".join(marks[m] for m in i["object_marking_refs"]))' \
    belfry-data/share/hospital-for-peer.stix
  if [ -n "$($bin --config $cfg share status 2>/dev/null)" ]; then
    echo "-- (the import and the MISP push ran on an earlier demo: belfry share status)"
    $bin --config $cfg share status
    return 0
  fi
  echo "-- a peer's MISP event imported (its events linked to a new incident report):"
  $bin --config $cfg import misp tests/data/share/misp-feed/1f0e6c3a-7b2d-4e8f-9a1b-2c3d4e5f6a01.json
  local port key=demo-misp-key misp sharecfg=belfry-data/share/with-misp.toml incident
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  mkdir -p belfry-data/share/misp-standin
  python3 tests/integration/lib/misp_server.py "$port" "$key" tests/data/standards/misp \
    belfry-data/share/misp-standin > belfry-data/share/misp.out 2> belfry-data/share/misp.log &
  misp=$!
  for _ in $(seq 100); do grep -q listening belfry-data/share/misp.out 2>/dev/null && break; sleep 0.1; done
  cp $cfg $sharecfg
  printf '\n[share.misp]\nurl = "http://127.0.0.1:%s"\nkey = "%s"\nfor = "peer:MISP-COMMUNITY"\n' \
    "$port" "$key" >> $sharecfg
  echo "-- an incident tagged share:misp, its evidence the hospital's network, pushed (belfry share push):"
  incident=$($bin --config $sharecfg ticket new --queue incidents --tlp AMBER --tag share:misp \
    --subject "Botnet infections in the hospital's network" --json | python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])')
  $bin --config $sharecfg ticket link-events "$incident" --cidr 198.51.100.128/25 --limit 1000
  $bin --config $sharecfg share push || true
  $bin --config $sharecfg share status
  echo "-- what the MISP stand-in holds (every body checked against MISP's schema):"
  curl -s "http://127.0.0.1:$port/_state" | python3 -c '
import json, sys
for e in json.load(sys.stdin)["events"]:
    print("   event %s %s \"%s\": %d attribute(s)" % (e["id"], e["uuid"], e["info"], len(e["values"])))'
  kill "$misp" 2>/dev/null; wait "$misp" 2>/dev/null || true
}

run_tests() {
  setup
  (cd build && ctest --output-on-failure -j "$JOBS")
}

bench() {
  setup
  local mm=tests/data/maxmind
  build/belfry bench ingest --rows "${ROWS:-1000000}" --enrich \
    --mmdb $mm/GeoLite2-ASN-Test.mmdb --mmdb $mm/GeoLite2-City-Test.mmdb
  build/belfry bench ripe-import --objects "${RIPE_OBJECTS:-5500000}"
  build/belfry bench collect --rows "${ROWS:-1000000}"
  build/belfry bench tickets --tickets "${TICKETS:-1000000}"
  build/belfry bench mail-gateway --messages "${MESSAGES:-5000}" --runs 3
  build/belfry bench observables --mb "${LOG_MB:-200}"
  build/belfry bench publish --advisories "${ADVISORIES:-10000}"
  build/belfry bench match --products "${PRODUCTS:-50000}"
  build/belfry bench newsletter --subscribers "${SUBSCRIBERS:-10000}"
  build/belfry bench notify --events "${NOTIFY_EVENTS:-100000}" --contacts "${NOTIFY_CONTACTS:-5000}"
  build/bench/belfry_bench_kernels --benchmark_min_time=0.5
  build/bench/belfry_bench_lookup
  scripts/bench/web_bench.sh build/belfry
  scripts/bench/share_bench.sh build/belfry
}

case "${1:-}" in
  demo) demo ;;
  test) run_tests ;;
  bench) bench ;;
  build) setup ;;
  *) echo "usage: $0 demo|test|bench|build" >&2; exit 2 ;;
esac
