#!/usr/bin/env bash
# The sharing benchmarks of docs/PERFORMANCE.md, whole processes, alternating, three runs
# each: MISP and STIX exports of 1,000,000 stored events beside their Python baselines, and
# the import of a 100,000-attribute MISP event beside its baseline.
# Usage: scripts/bench/share_bench.sh [BELFRY] [WORKDIR]   (WORKDIR needs ~6 GB free)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
BELFRY=$(realpath "${1:-build/belfry}")
W=${2:-$(mktemp -d)}
mkdir -p "$W"
cd "$W"
cat > belfry.toml <<CONF
[store]
url = "sqlite://$W/data/belfry.db"
[team]
name = "Example CERT"
CONF
export BELFRY_CONFIG="$W/belfry.toml"
if [ ! -f data/belfry.db ]; then
  "$BELFRY" sample scan-report --rows 1000000 2026-11-29-scan_http-example.csv > /dev/null
  "$BELFRY" ingest --feed shadowserver 2026-11-29-scan_http-example.csv > /dev/null 2>&1
  rm -f 2026-11-29-scan_http-example.csv
fi
t() { /usr/bin/time -f "$1 %e s %M KB" "${@:2}" 2>&1 > /dev/null | tail -1; }
for format in misp stix; do
  for i in 1 2 3; do
    rm -f out.json base.json
    t "export $format" "$BELFRY" export "$format" --for peer:CERT-XX --out out.json
    rm -f out.json
    t "baseline $format" python3 "$HERE/${format}_baseline.py" data/belfry.db base.json
    rm -f base.json
  done
done
python3 "$HERE/make_misp_event.py" 100000 big.json
cat > import.toml <<CONF
[store]
url = "sqlite://$W/import/belfry.db"
CONF
for i in 1 2 3; do
  rm -rf import base.db
  BELFRY_CONFIG="$W/import.toml" t "import misp" "$BELFRY" import misp big.json
  t "baseline import" python3 "$HERE/misp_import_baseline.py" big.json base.db
done
