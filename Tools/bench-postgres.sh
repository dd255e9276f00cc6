#!/usr/bin/env bash
# The national data set on both stores in one run (issue #13): Tools/gen-national.py's data
# imported into a SQLite file and into a PostgreSQL database, then every analysis of
# Tools/bench-analyses.sh on each, side by side (seconds and peak memory of the CLI process;
# PostgreSQL's own server processes are not counted in the memory column).
# Usage: Tools/bench-postgres.sh SERVER_URL [SCALE] [DATA_DIR]
#   SERVER_URL: a PostgreSQL server whose user may create databases (educluster_bench is made
#   anew); SCALE as gen-national.py's (default 1); DATA_DIR: reuse generated data.
set -euo pipefail
cd "$(dirname "$0")/.."
server=${1:?usage: bench-postgres.sh SERVER_URL [SCALE] [DATA_DIR]}
scale=${2:-1}
data=${3:-}
swift build -c release --product educluster >/dev/null
bin=$(realpath "$(swift build -c release --show-bin-path)/educluster")
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
if [ -z "$data" ]; then
  data="$dir/data"
  python3 Tools/gen-national.py "$data" --scale "$scale" >/dev/null
fi
psql "$server" -qc "DROP DATABASE IF EXISTS educluster_bench WITH (FORCE)" -qc "CREATE DATABASE educluster_bench" 2>/dev/null
pg="${server%/*}/educluster_bench"
lite="$dir/national.sqlite"

measure() { # measure OUTFILE COMMAND… → "seconds MB" in OUTFILE, or "failed"
  local out=$1; shift
  if /usr/bin/time -f "%e %M" -o "$out.t" "$@" >"$out.stdout" 2>"$out.stderr"; then
    read -r s kb <"$out.t"; echo "$s $((kb / 1024))" >"$out"
  else
    echo "failed" >"$out"; tail -c 300 "$out.stderr" >&2
  fi
}
echo "| run | SQLite s | SQLite MB | PostgreSQL s | PostgreSQL MB (client) |"
echo "|---|---:|---:|---:|---:|"
row() { # row LABEL ARGS…: the same command on both stores
  local label=$1; shift
  measure "$dir/a" "$bin" --db "$lite" "$@"
  measure "$dir/b" "$bin" --db "$pg" "$@"
  read -r as am <"$dir/a" || true; read -r bs bm <"$dir/b" || true
  echo "| $label | ${as:-failed} | ${am:-} | ${bs:-failed} | ${bm:-} |"
}
row "import the national data set" import "$data"
row "gap" gap
row "align (by specialty, best 500 pairs)" align --format json
row "align --view curriculum" align --view curriculum
row "continuity (pathway graph)" continuity --format json
row "recommend (an institution)" recommend O00004
row "pd" pd --format json
row "forecast" forecast --format json
row "indicators (clusters)" indicators
row "rank --institutions" rank --institutions --format json
row "quality" quality --format json
row "report --cluster CL00" report --cluster CL00
row "match --no-save --format csv" match --no-save --format csv

echo
echo "students: SQLite $("$bin" --db "$lite" db info --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["counts"]["student"])'), PostgreSQL $("$bin" --db "$pg" db info --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["counts"]["student"])')"
for a in gap pd indicators; do
  if cmp -s <("$bin" --db "$lite" "$a" --format json) <("$bin" --db "$pg" "$a" --format json); then
    echo "same answer on both stores: $a"
  else
    echo "DIFFERENT answers: $a"
  fi
done
