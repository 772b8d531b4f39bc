# A throwaway PostgreSQL server for tests and benchmarks: `source` this file, then
# start_test_postgres (exports NORTHSTAR_TEST_DATABASE_URL) and stop_test_postgres.
PG_TEST_ROOT=${PG_TEST_ROOT:-/tmp/northstar-pg-test}
PG_TEST_PORT=${PG_TEST_PORT:-55432}

find_pg_bin() {
  if [ -x /usr/local/bin/postgres ]; then dirname "$(readlink -f /usr/local/bin/postgres)"; return; fi
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$found" ]; then
    echo "Installing PostgreSQL from Debian's packages…" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    found=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  fi
  echo "$found"
}

start_test_postgres() {
  local bin; bin=$(find_pg_bin)
  # PostgreSQL refuses to run as root: run it as the postgres user.
  local as=()
  if [ "$(id -u)" -eq 0 ]; then
    id -u postgres >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin postgres
    as=(runuser -u postgres --)
  fi
  stop_test_postgres
  rm -rf "$PG_TEST_ROOT"
  install -d -m 700 "$PG_TEST_ROOT"
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$PG_TEST_ROOT"
  "${as[@]}" "$bin/initdb" -D "$PG_TEST_ROOT/data" -U postgres --auth=trust -E UTF8 --no-locale >/dev/null
  "${as[@]}" "$bin/pg_ctl" -D "$PG_TEST_ROOT/data" -l "$PG_TEST_ROOT/server.log" -w -t 30 \
    -o "-c listen_addresses=127.0.0.1 -p $PG_TEST_PORT -k $PG_TEST_ROOT -c fsync=off" start >/dev/null
  export NORTHSTAR_TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$PG_TEST_PORT/postgres"
  echo "PostgreSQL test server on port $PG_TEST_PORT"
}

stop_test_postgres() {
  [ -f "$PG_TEST_ROOT/data/postmaster.pid" ] || return 0
  local bin; bin=$(find_pg_bin)
  local as=()
  [ "$(id -u)" -eq 0 ] && as=(runuser -u postgres --)
  "${as[@]}" "$bin/pg_ctl" -D "$PG_TEST_ROOT/data" -m fast -w stop >/dev/null || true
}
