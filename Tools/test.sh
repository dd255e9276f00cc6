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
swift test "$@"
