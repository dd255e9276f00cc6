#!/usr/bin/env bash
# Quality bar (issue #15): exporting and importing 100,000 students as an Excel workbook, beside
# the same as CSV in the same run, with peak resident memory.
#
# Prints, from one run on this machine (release build):
#   export csv    `educluster export students --include-personal > students.csv`
#   export xlsx   `educluster export students --format xlsx --out students.xlsx --include-personal`
#   import csv    `educluster import students.csv` into a database holding the references
#   import xlsx   `educluster import students.xlsx` into a copy of the same database
# and checks that both imports export the same CSV.
# Usage: Tools/bench-xlsx.sh [ROWS]   (default 100000; needs python3, /usr/bin/time)
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-100000}
swift build -c release --product educluster >/dev/null
bin=$(realpath "$(swift build -c release --show-bin-path)/educluster")
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
python3 Tools/gen-students.py "$dir/data" --students "$rows" >/dev/null
"$bin" --db "$dir/base.sqlite" import "$dir/data/regions.csv" "$dir/data/organizations.csv" \
  "$dir/data/specialties.csv" "$dir/data/programs.csv" >/dev/null
"$bin" --db "$dir/source.sqlite" import "$dir/data" >/dev/null

# run LABEL COMMAND…: wall seconds and peak resident MB of one command.
run() {
  local label=$1
  shift
  /usr/bin/time -f "%e %M" -o "$dir/time.txt" "$@" >/dev/null
  read -r secs kb <"$dir/time.txt"
  printf '%-12s %8.2f s %8d MB\n' "$label" "$secs" "$((kb / 1024))"
}

echo "rows: $rows"
run "export csv" sh -c "'$bin' --db '$dir/source.sqlite' export students --include-personal > '$dir/students.csv'"
run "export xlsx" "$bin" --db "$dir/source.sqlite" export students --format xlsx --out "$dir/students.xlsx" \
  --include-personal
echo "sizes: csv $(du -k "$dir/students.csv" | cut -f1) KiB, xlsx $(du -k "$dir/students.xlsx" | cut -f1) KiB"
cp "$dir/base.sqlite" "$dir/csv.sqlite"
cp "$dir/base.sqlite" "$dir/xlsx.sqlite"
run "import csv" "$bin" --db "$dir/csv.sqlite" import "$dir/students.csv"
run "import xlsx" "$bin" --db "$dir/xlsx.sqlite" import "$dir/students.xlsx"
"$bin" --db "$dir/csv.sqlite" export students --include-personal >"$dir/a.csv"
"$bin" --db "$dir/xlsx.sqlite" export students --include-personal >"$dir/b.csv"
cmp -s "$dir/a.csv" "$dir/b.csv" && echo "both imports export the same students.csv ($(($(wc -l <"$dir/a.csv") - 1)) rows)" \
  || { echo "the imports differ"; exit 1; }
