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
  # The tracker's tables join an older event database without changing what it reads.
  cp "$db" "$T/tracked.db"
  "$BELFRY" ticket new --db "$T/tracked.db" --subject "added to an old database" > /dev/null \
    || fail "$(basename "$db"): the tracker could not open it"
  "$BELFRY" events search --db "$T/tracked.db" --limit 1000 --json \
    | diff -q - "$DATA/$(basename "$db" .db).search.expected" > /dev/null \
    || fail "$(basename "$db"): events changed when the tracker was added"
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

# Tracker databases written by each released version read the same: tickets, links, merges,
# correspondence, history, linked events, the outbox and the statistics counters.
for db in "$DATA"/tracker*.db; do
  name=$(basename "$db" .db)
  cp "$db" "$T/$name.db"
  B() { "$BELFRY" --db "$T/$name.db" "$@"; }
  B ticket show 1 --json | diff -u "$DATA/$name.show1.expected" - || fail "$name: ticket show 1 changed"
  B ticket show 3 --json | diff -u "$DATA/$name.show3.expected" - || fail "$name: ticket show 3 changed"
  B ticket list --all --json | diff -u "$DATA/$name.list.expected" - || fail "$name: ticket list changed"
  B stats --year 2026 --json | diff -u "$DATA/$name.stats.expected" - || fail "$name: stats changed"
  B outbox list --json | diff -u "$DATA/$name.outbox.expected" - || fail "$name: outbox changed"
  # Migrated to the current tracker schema (version 1 had no notifications, 2 no accounts,
  # 3 no advisories, 4 no newsletter, 5 no MISP pushes).
  [ "$(sqlite3 "$T/$name.db" "SELECT value FROM tracker_meta WHERE key = 'schema_version'")" = 6 ] \
    || fail "$name: not migrated to tracker schema 6"
  if [ -f "$DATA/$name.newsletter.expected" ]; then
    B newsletter subscribers --json | diff -u "$DATA/$name.newsletter.expected" - \
      || fail "$name: newsletter subscribers changed"
  fi
  B share status --json > "$T/$name.share" || fail "$name: share status on the migrated database"
  [ ! -s "$T/$name.share" ] || fail "$name: MISP pushes out of nowhere: $(cat "$T/$name.share")"
  if [ -f "$DATA/$name.users.expected" ]; then
    { B user list --json; B user audit --json; } | diff -u "$DATA/$name.users.expected" - \
      || fail "$name: accounts changed"
  fi
  if [ -f "$DATA/$name.advisories.expected" ]; then
    { B advisory list --json; B advisory show 1 --json; B products list --json; } |
      diff -u "$DATA/$name.advisories.expected" - || fail "$name: advisories or products changed"
  fi
  printf '+++\ntitle = "Golden advisory"\n+++\nBody.\n' > "$T/adv.md"
  B advisory new "$T/adv.md" > /dev/null || fail "$name: no advisory could be added to the migrated database"
  B advisory list --json | grep -q '"title": "Golden advisory"' || fail "$name: the advisory did not read back"
  echo 'a long enough password' | B user add --role analyst --password-stdin golden-analyst > /dev/null \
    || fail "$name: no account could be added to the migrated database"
  B user list --json | grep -q '"name": "golden-analyst", "role": "analyst"' \
    || fail "$name: the account did not read back"
  B newsletter subscribe golden@example.org --audience pro --lang nl --confirmed > /dev/null \
    || fail "$name: no newsletter subscriber could be added to the migrated database"
  B newsletter subscribers --json | grep -q '"email": "golden@example.org", "audience": "pro", "lang": "nl", "state": "confirmed"' \
    || fail "$name: the subscriber did not read back"
  if [ -f "$DATA/$name.notify.expected" ]; then
    { B notify list --json; B notify inhibitions --all --json; B notify failing --json; } |
      diff -u "$DATA/$name.notify.expected" - || fail "$name: notifications changed"
  else
    [ -z "$(B notify list --json)" ] || fail "$name: notifications out of nowhere"
  fi
  B notify run --dry-run > /dev/null 2>&1 || fail "$name: notify run --dry-run on the migrated database"
  echo "ok: $name"
done
cp "$DATA/tracker1.db" "$T/newer-tracker.db"
sqlite3 "$T/newer-tracker.db" "UPDATE tracker_meta SET value = '99' WHERE key = 'schema_version'"
set +e
out=$("$BELFRY" ticket list --db "$T/newer-tracker.db" 2>&1); rc=$?
set -e
[ $rc -ne 0 ] || fail "a newer tracker database was opened"
echo "$out" | grep -q "tracker schema version 99, newer than this Belfry" || fail "newer tracker message: $out"
echo "ok: newer tracker format refused"

# A database from a newer format is refused, naming both versions.
cp "$DATA/schema2.db" "$T/newer.db"
sqlite3 "$T/newer.db" "UPDATE meta SET value = '99' WHERE key = 'schema_version'"
set +e
out=$("$BELFRY" events search --db "$T/newer.db" 2>&1); rc=$?
set -e
[ $rc -ne 0 ] || fail "a newer database was opened"
echo "$out" | grep -q "schema version 99, newer than this Belfry" || fail "newer database message: $out"
echo "ok: newer format refused"
