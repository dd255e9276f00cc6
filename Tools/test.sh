#!/usr/bin/env bash
# The test command (README): every suite, each store test on SQLite and on PostgreSQL.
# Uses the PostgreSQL server EDUCLUSTER_TEST_PG names, or starts a throwaway one in a temp
# folder for the run (installing Debian's postgresql if missing) and stops it after.
# Arguments go to `swift test` (e.g. --filter StorageTests).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${EDUCLUSTER_TEST_PG:-}" ]; then
  dir=$(mktemp -d /tmp/educluster-test-pg.XXXXXX)
  port=$((50000 + RANDOM % 10000))
  trap 'Tools/pg-test-server.sh stop "$dir"; rm -rf "$dir"' EXIT
  EDUCLUSTER_TEST_PG=$(Tools/pg-test-server.sh start "$dir" "$port")
  export EDUCLUSTER_TEST_PG
fi
echo "PostgreSQL for the tests: $EDUCLUSTER_TEST_PG"
# The tests' databases are named after this run (TestSupport), so that on a server that
# outlives the run — one EDUCLUSTER_TEST_PG named — they are dropped after it, and no others.
EDUCLUSTER_TEST_RUN=${EDUCLUSTER_TEST_RUN:-r$(od -An -N4 -tx4 /dev/urandom | tr -d ' ')}
export EDUCLUSTER_TEST_RUN
status=0
swift test "$@" || status=$?
if [ -z "${dir:-}" ]; then
  dropped=0
  for name in $(psql "$EDUCLUSTER_TEST_PG" -qAtc \
    "SELECT datname FROM pg_database WHERE datname LIKE 'educluster\_test\_${EDUCLUSTER_TEST_RUN}\_%'"); do
    psql "$EDUCLUSTER_TEST_PG" -qc "DROP DATABASE \"$name\" WITH (FORCE)" && dropped=$((dropped + 1))
  done
  echo "dropped the run's $dropped test databases"
fi
exit "$status"
