# A throw-away PostgreSQL server on 127.0.0.1 for tests (sourced): Debian's PostgreSQL
# binaries, a fresh data directory under $T, a free port, trust authentication on loopback
# only. start_postgres sets PGPORT and PG_URL (postgresql://belfry@127.0.0.1:PORT/belfry);
# stop_postgres stops it (call it from the test's EXIT trap). PostgreSQL refuses to run as
# root: as root, the server runs as the `postgres` user.
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)

start_postgres() {
  local dir="$T/pg" as=()
  mkdir -p "$dir"
  if [ "$(id -u)" = 0 ]; then
    chmod o+x "$T"  # the server's user must reach its directory inside the test's
    chown postgres "$dir"
    chmod 700 "$dir"
    as=(runuser -u postgres --)
  fi
  PGPORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  "${as[@]}" "$PG_BIN/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 \
    > "$T/pg-initdb.log" 2>&1 || { cat "$T/pg-initdb.log" >&2; return 1; }
  "${as[@]}" "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PGPORT -c unix_socket_directories=$dir -c fsync=off" \
    start > /dev/null || { cat "$dir/server.log" >&2; return 1; }
  "${as[@]}" "$PG_BIN/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -q -c "CREATE ROLE belfry LOGIN" \
    -c "CREATE DATABASE belfry OWNER belfry" postgres > /dev/null
  PG_URL="postgresql://belfry@127.0.0.1:$PGPORT/belfry"
  PG_AS=("${as[@]}")
}

stop_postgres() {
  [ -n "${PGPORT:-}" ] || return 0
  "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$T/pg/data" -m immediate stop > /dev/null 2>&1 || true
}

# psql as the test's role: pg_sql "SQL" prints the rows unaligned, fields separated by |.
pg_sql() {
  "$PG_BIN/psql" "$PG_URL" -X -A -t -q -v ON_ERROR_STOP=1 -c "$1"
}
