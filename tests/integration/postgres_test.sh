#!/usr/bin/env bash
# The PostgreSQL backend's schema against a real, throw-away PostgreSQL server on loopback:
# `belfry db migrate` creates IntelMQ's eventdb `events` table exactly (columns, types and
# indexes compared with IntelMQ's own initdb.sql run in a reference database), is
# idempotent, migrates once when two processes race, refuses a newer schema naming both
# versions, and a server that is not there is a clear error.
set -euo pipefail
BELFRY=$1
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
T=$(mktemp -d)
. "$HERE/lib/postgres_server.sh"
trap 'stop_postgres; rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
pass() { echo "ok: $*"; }
B() { "$BELFRY" "$@"; }
start_postgres || fail "PostgreSQL did not start"

{ B db status --url "$PG_URL" || true; } | grep -q "schema version 0 (this Belfry: 1): run .belfry db migrate." \
  || fail "status of an empty database: $(B db status --url "$PG_URL" 2>&1 || true)"
B db migrate --url "$PG_URL" > "$T/m1.txt" || fail "migrate: $(cat "$T/m1.txt")"
grep -q "migrated from schema version 0 to 1" "$T/m1.txt" || fail "migrate: $(cat "$T/m1.txt")"
B db migrate --url "$PG_URL" | grep -q "at schema version 1: nothing to do" || fail "a second migrate"
B db status --url "$PG_URL" > /dev/null || fail "status after migrate"
pass "db migrate: 0 -> 1, then nothing to do"

# The events table is IntelMQ's eventdb: the same columns, types and indexes as IntelMQ's
# initdb.sql creates in a reference database.
"${PG_AS[@]}" "$PG_BIN/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -q -c "CREATE DATABASE reference OWNER belfry" postgres > /dev/null
"$PG_BIN/psql" "postgresql://belfry@127.0.0.1:$PGPORT/reference" -X -q -v ON_ERROR_STOP=1 \
  -f "$ROOT/tests/data/intelmq/initdb.sql" > /dev/null
shape() {
  "$PG_BIN/psql" "$1" -X -A -t -q -c "
    SELECT column_name || ' ' || data_type || ' ' || coalesce(character_maximum_length::text, '')
           || ' ' || coalesce(column_default, '')
      FROM information_schema.columns WHERE table_name = 'events' ORDER BY ordinal_position;
    SELECT indexdef FROM pg_indexes WHERE tablename = 'events' ORDER BY indexname;"
}
shape "$PG_URL" > "$T/ours.txt"
shape "postgresql://belfry@127.0.0.1:$PGPORT/reference" > "$T/intelmq.txt"
[ "$(wc -l < "$T/intelmq.txt")" -gt 90 ] || fail "the reference table: $(cat "$T/intelmq.txt")"
diff -u "$T/intelmq.txt" "$T/ours.txt" || fail "the events table differs from IntelMQ's eventdb"
pass "the events table is IntelMQ's eventdb: $(grep -c . "$T/ours.txt") columns and indexes, identical"

# Two processes migrating a fresh database at once: one migrates, the other finds it done.
"${PG_AS[@]}" "$PG_BIN/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -q -c "CREATE DATABASE race OWNER belfry" postgres > /dev/null
RACE="postgresql://belfry@127.0.0.1:$PGPORT/race"
B db migrate --url "$RACE" > "$T/r1.txt" 2>&1 & p1=$!
B db migrate --url "$RACE" > "$T/r2.txt" 2>&1 & p2=$!
wait $p1 || fail "racing migrate 1: $(cat "$T/r1.txt")"
wait $p2 || fail "racing migrate 2: $(cat "$T/r2.txt")"
[ "$(cat "$T/r1.txt" "$T/r2.txt" | grep -c "migrated from schema version 0 to 1")" = 1 ] \
  || fail "racing migrations: $(cat "$T/r1.txt" "$T/r2.txt")"
pass "two racing migrations migrate once"

# A newer schema is refused naming both versions; an absent server is a clear error.
"$PG_BIN/psql" "$RACE" -X -q -c "UPDATE belfry_meta SET value = '99' WHERE key = 'schema_version'"
out=$(B db migrate --url "$RACE" 2>&1) && fail "a newer schema was migrated: $out"
echo "$out" | grep -q "schema version 99, newer than this Belfry (1)" || fail "newer schema message: $out"
[ "$("$PG_BIN/psql" "$RACE" -X -A -t -q -c "SELECT value FROM belfry_meta")" = 99 ] || fail "the refused database was changed"
out=$(B db status --url "postgresql://belfry:secret-pw@127.0.0.1:1/belfry" --wait 1 2>&1) && fail "no server, yet ok: $out"
echo "$out" | grep -q "PostgreSQL at postgresql://belfry:\*\*\*@127.0.0.1:1/belfry" || fail "no server: $out"
echo "$out" | grep -q "secret-pw" && fail "the password in a message: $out"
pass "a newer schema refused; no server: a clear error without the password"
echo "postgres_test: all passed"
