#!/usr/bin/env bash
# The on-disk format is forever: databases written by earlier versions (tests/data/store,
# never regenerated) read identically with this build, through `events search --json` and
# the eventdb view; a database from a newer format is refused with its version named.
# Usage: store_format_test.sh BELFRY DATA_DIR
set -euo pipefail
BELFRY=$1
DATA=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

for db in "$DATA"/schema*.db; do
  name=$(basename "$db" .db)
  cp "$db" "$T/$name.db"   # opening may migrate: never touch the golden copy
  "$BELFRY" events search --db "$T/$name.db" --limit 1000 --json > "$T/$name.search"
  diff -u "$DATA/$name.search.expected" "$T/$name.search" || fail "$name: search output changed"
  "$BELFRY" events sql --db "$T/$name.db" \
    'SELECT "source.ip", "classification.type", "constituency", route, route_to FROM events ORDER BY id' \
    > "$T/$name.sql"
  diff -u "$DATA/$name.sql.expected" "$T/$name.sql" || fail "$name: eventdb view changed"
  # Opened once (and migrated), it reads the same again.
  "$BELFRY" events search --db "$T/$name.db" --limit 1000 --json | diff -q - "$DATA/$name.search.expected" \
    > /dev/null || fail "$name: second read differs"
  echo "ok: $name"
done

# A database from a newer format is refused, naming both versions.
cp "$DATA/schema2.db" "$T/newer.db"
sqlite3 "$T/newer.db" "UPDATE meta SET value = '99' WHERE key = 'schema_version'"
set +e
out=$("$BELFRY" events search --db "$T/newer.db" 2>&1); rc=$?
set -e
[ $rc -ne 0 ] || fail "a newer database was opened"
echo "$out" | grep -q "schema version 99, newer than this Belfry" || fail "newer database message: $out"
echo "ok: newer format refused"
