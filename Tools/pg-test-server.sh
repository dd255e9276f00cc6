#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server for the tests and prints its URL: a new cluster in a temp
# folder, on 127.0.0.1, trust authentication, stopped by `Tools/pg-test-server.sh stop DIR`.
# Installs Debian's postgresql if the machine lacks it. Usage:
#   export EDUCLUSTER_TEST_PG=$(Tools/pg-test-server.sh start /tmp/educluster-pg 55432)
#   Tools/pg-test-server.sh stop /tmp/educluster-pg
set -euo pipefail
action=${1:-start}
dir=${2:-/tmp/educluster-pg}
port=${3:-55432}

bin=""
for candidate in /usr/lib/postgresql/*/bin; do [ -x "$candidate/initdb" ] && bin=$candidate; done
if [ -z "$bin" ]; then
  echo "installing PostgreSQL (Debian's postgresql)…" >&2
  export DEBIAN_FRONTEND=noninteractive
  (apt-get update -qq && apt-get install -y -qq postgresql) >&2
  for candidate in /usr/lib/postgresql/*/bin; do [ -x "$candidate/initdb" ] && bin=$candidate; done
fi
[ -n "$bin" ] || { echo "no PostgreSQL found or installable" >&2; exit 1; }

# initdb refuses to run as root: run the server as the postgres user then.
as() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "$action" in
  start)
    if [ ! -f "$dir/PG_VERSION" ]; then
      mkdir -p "$dir"
      [ "$(id -u)" = 0 ] && chown postgres "$dir"
      as "$bin/initdb" -D "$dir" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    fi
    if ! as "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
      as "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off" start >/dev/null
    fi
    echo "postgres://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    as "$bin/pg_ctl" -D "$dir" -m fast stop >/dev/null 2>&1 || true
    ;;
  *) echo "usage: $0 start|stop [DIR] [PORT]" >&2; exit 2 ;;
esac
