#!/usr/bin/env bash
# A benchmark's SQLite registry on PostgreSQL in a minute instead of an hour: the store creates
# the schema in a new database, then every registry table's rows go across with sqlite3's CSV
# output and psql's \copy, parents before lists, and the id sequences are moved past the copied
# ids. For benchmarks only: no audit events, no search index (search_doc stays empty), no
# checks beyond the tables' own constraints. `educluster db copy` is the supported way to move
# a registry (it took 925 s for the 8.3 M-row matching instance on this machine).
#
# Usage: Tools/bench-pg-copy.sh SQLITE_FILE SERVER_URL DATABASE [EDUCLUSTER_BIN]
#   SERVER_URL: a PostgreSQL server whose user may create databases; DATABASE is made anew.
set -euo pipefail
usage="usage: Tools/bench-pg-copy.sh SQLITE_FILE SERVER_URL DATABASE [EDUCLUSTER_BIN]"
file=${1:?$usage}
server=${2:?$usage}
name=${3:?$usage}
bin=${4:-$(dirname "$0")/../.build/release/educluster}
[ -f "$file" ] || { echo "$file: no such file" >&2; exit 2; }
[ -x "$bin" ] || { echo "$bin: not an executable build of educluster (build it, or name one)" >&2; exit 2; }
psql "$server" -qc "DROP DATABASE IF EXISTS $name WITH (FORCE)" -qc "CREATE DATABASE $name" 2>/dev/null
url="${server%/*}/$name"
"$bin" --db "$url" init >/dev/null  # creates the schema
# Tables in SQLite's creation order (parents first), the ones both stores have, without search
# and the bookkeeping tables each store keeps itself.
pg_tables=$(psql "$url" -Atc "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
for table in $(sqlite3 "$file" "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY rowid"); do
  case "$table" in grdb_migrations | search_* | audit_event | educluster_*) continue ;; esac
  grep -qx "$table" <<<"$pg_tables" || continue
  [ "$(sqlite3 "$file" "SELECT EXISTS (SELECT 1 FROM \"$table\")")" = 1 ] || continue
  columns=$(sqlite3 "$file" "SELECT group_concat('\"' || name || '\"', ',') FROM pragma_table_info('$table')")
  # Reals with all 17 digits (the CSV mode writes 15).
  values=$(sqlite3 "$file" "SELECT group_concat(CASE WHEN type = 'REAL' THEN 'CASE WHEN \"' || name || '\" IS NULL THEN NULL ELSE printf(''%.17g'', \"' || name || '\") END' ELSE '\"' || name || '\"' END, ',') FROM pragma_table_info('$table')")
  # In key order, as an import writes them (a plain SELECT may come in the order of a covering
  # index, and a heap in another order than its key makes PostgreSQL's key-order reads random).
  key=$(sqlite3 "$file" "SELECT group_concat('\"' || name || '\"', ',') FROM (SELECT name FROM pragma_table_info('$table') WHERE pk > 0 ORDER BY pk)")
  sqlite3 -csv "$file" "SELECT $values FROM \"$table\"${key:+ ORDER BY $key}" |
    psql "$url" -qc "\\copy \"$table\" ($columns) FROM STDIN WITH (FORMAT csv)"
  if sqlite3 "$file" "SELECT name FROM pragma_table_info('$table')" | grep -qx id; then
    psql "$url" -qAtc "SELECT setval(pg_get_serial_sequence('\"$table\"', 'id'), (SELECT MAX(id) FROM \"$table\"))" >/dev/null
  fi
done
psql "$url" -qc "VACUUM ANALYZE"
echo "$url"
