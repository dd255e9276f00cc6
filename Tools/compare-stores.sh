#!/usr/bin/env bash
# Runs the demo on a SQLite file and on a PostgreSQL database and compares what the analyses
# and the exports say: gap, match, indicators and pd as JSON, `search`, and `export all` in CSV
# and JSON must be byte-identical. Usage: Tools/compare-stores.sh BINARY POSTGRES_SERVER_URL
# (a server URL whose user may create databases; a database educluster_compare is made anew).
set -euo pipefail
bin=${1:?usage: compare-stores.sh BINARY POSTGRES_SERVER_URL}
server=${2:?usage: compare-stores.sh BINARY POSTGRES_SERVER_URL}
work=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
base=${server%/*}
psql "$server" -qc "DROP DATABASE IF EXISTS educluster_compare WITH (FORCE)" -qc "CREATE DATABASE educluster_compare" >/dev/null
pg="$base/educluster_compare"
lite="$work/demo.sqlite"

run() { # run NAME ARGS… : the same command on both stores, outputs side by side
  local name=$1; shift
  "$bin" "$@" --db "$lite" >"$work/$name.sqlite.out" 2>&1 || true
  "$bin" "$@" --db "$pg" >"$work/$name.pg.out" 2>&1 || true
  # A saved matching run records when it was made: the two runs are made a moment apart and
  # may straddle a second, so that one timestamp is not compared.
  for out in "$work/$name.sqlite.out" "$work/$name.pg.out"; do
    sed -i -E 's/"created_at" : "[0-9T:Z-]+"/"created_at" : "(when run)"/' "$out"
  done
}
"$bin" demo --db "$lite" >/dev/null
"$bin" demo --db "$pg" >/dev/null
failed=0
check() {
  if cmp -s "$work/$1.sqlite.out" "$work/$1.pg.out"; then
    echo "same   $1 ($(wc -c <"$work/$1.sqlite.out") bytes)"
  else
    echo "DIFFER $1"; diff "$work/$1.sqlite.out" "$work/$1.pg.out" | head -20; failed=1
  fi
}
for analysis in gap indicators pd align continuity forecast quality; do
  run "$analysis" "$analysis" --format json; check "$analysis"
done
run match match --format json; check match
run recommend recommend TSTU --format json; check recommend
run match-list match list --format json; check match-list
run match-show match show latest --format json; check match-show
run search search "o'zbek" --format json; check search
run search2 search "energ min" --format json; check search2
run search3 search tech --format json; check search3
run search4 search coll --limit 100 --format csv; check search4
for format in csv json; do
  "$bin" export all --db "$lite" --out "$work/export-sqlite-$format" --format "$format" --include-personal >/dev/null
  "$bin" export all --db "$pg" --out "$work/export-pg-$format" --format "$format" --include-personal >/dev/null
  if diff -r "$work/export-sqlite-$format" "$work/export-pg-$format" >/dev/null; then
    echo "same   export all --format $format ($(ls "$work/export-sqlite-$format" | wc -l) files)"
  else
    echo "DIFFER export all --format $format"; diff -r "$work/export-sqlite-$format" "$work/export-pg-$format" | head -20; failed=1
  fi
done
[ "$failed" = 0 ] && echo "compare-stores: the two stores agree" || { echo "compare-stores: the stores differ"; exit 1; }
