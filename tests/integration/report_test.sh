#!/usr/bin/env bash
# `belfry report annual` end to end: sixty days of sinkhole history and the sample reports
# ingested, a ticket, an advisory and a notification run; the report's HTML, its SVG charts,
# every CSV table and a real PDF printed by headless Chromium, read back with pdftotext: the
# year's event count, the families of infected hosts and the ticket counts are the stored
# ones.
set -euo pipefail
BELFRY=$1
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
pass() { echo "ok: $*"; }

cat > "$T/belfry.toml" <<CONF
[store]
url = "sqlite://$T/data/belfry.db"
[constituency]
countries = ["BE"]
[team]
name = "Example CERT"
CONF
export BELFRY_CONFIG="$T/belfry.toml"
B() { "$BELFRY" "$@"; }
B constituency import ripe "$ROOT/examples/constituency/ripe-sample.db" > /dev/null 2>&1
B constituency import csv "$ROOT/examples/constituency/organisations.csv" > /dev/null 2>&1
mkdir -p "$T/in"
cp "$ROOT"/examples/feeds/shadowserver/*.csv "$T/in/"
python3 "$ROOT/scripts/make_demo_history.py" "$T/in/2026-11-21-event4_sinkhole_http-history.csv"
B ingest --feed shadowserver "$T/in" > /dev/null 2>&1 || fail "ingest"
B ticket new --subject "Phishing wave" --queue incidents > /dev/null
B ticket new --subject "Report" > /dev/null
printf '+++\ntitle = "Update your browser"\naudience = "citizen"\nkind = "recommendation"\n+++\nUpdate it.\n' > "$T/a.md"
id=$(B advisory new "$T/a.md" 2>/dev/null)
B advisory publish "$id" > /dev/null 2>&1

B report annual --year 2026 --out "$T/report" > "$T/out.txt" 2>&1 || fail "report annual: $(cat "$T/out.txt")"
for f in annual-2026.html annual-2026.pdf infected-hosts.svg events-per-classification.svg \
         csv/tickets.csv csv/events-per-month.csv csv/infected-hosts-per-month.csv \
         csv/publications.csv csv/notifications.csv csv/top-classifications.csv csv/events-by-sector.csv; do
  [ -s "$T/report/$f" ] || fail "no $f"
done
xmllint --noout "$T/report/infected-hosts.svg" || fail "the SVG is not XML"
pass "HTML, PDF, SVG charts and CSV tables written"

EVENTS=$(B events sql "SELECT count(*) FROM events WHERE \"time.source\" >= '2026-01-01' AND \"time.source\" < '2027-01-01'" 2>/dev/null | tail -n 1)
[ "$EVENTS" -gt 1000 ] || fail "too few events in the sample: $EVENTS"
SUM=$(python3 - "$T/report/csv/events-per-month.csv" <<'PY'
import csv, sys
print(sum(int(v) for row in list(csv.reader(open(sys.argv[1])))[1:] for v in row[1:]))
PY
)
[ "$SUM" = "$EVENTS" ] || fail "events per month add up to $SUM, the store holds $EVENTS"
pdftotext -layout "$T/report/annual-2026.pdf" "$T/report.txt"
grep -q "Annual report 2026" "$T/report.txt" || fail "the PDF's title"
grep -q "$(python3 -c "print(f'{int(\"$EVENTS\"):,}')") events collected" "$T/report.txt" || fail "the PDF's event count ($EVENTS)"
grep -Eq "incidents +1 +0" "$T/report.txt" || fail "the PDF's incident count"
grep -Eq "recommendation for citizens +1" "$T/report.txt" || fail "the PDF's publications"
FAMILY=$(python3 - "$T/report/csv/infected-hosts-per-month.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1])))[1:]
print(max(rows, key=lambda r: int(r[11]))[0] if rows else "")
PY
)
[ -n "$FAMILY" ] || fail "no infected hosts per family"
grep -q "$FAMILY" "$T/report.txt" || fail "the PDF does not name the family $FAMILY"
pass "the PDF read back: events ($EVENTS), tickets, publications, infected hosts ($FAMILY)"
echo "report_test: all passed"
