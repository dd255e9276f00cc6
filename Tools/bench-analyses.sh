#!/usr/bin/env bash
# Quality bar (SPEC §6): every analysis over a national-scale data set "in seconds, not minutes".
# Generates the data set with Tools/gen-national.py (14 regions, 196 districts, 12,000
# organizations, 20,000 programs, 120,000 cohorts, 1,000,000 students, 100,000 needs, 50,000
# placements, 40,000 teachers at --scale 1), imports it, then times each analysis command of the
# release build. Baseline in the same run where one exists: for `gap`, the sqlite3 shell
# computing the same demand and graduate sums with two GROUP BY queries (no roll-up, no
# recommendations).
# Last, `match` on the matching instance with rankings given (Tools/gen-matching.py --rankings).
# Usage: Tools/bench-analyses.sh [SCALE]   (default 1; 0.1 for a quick run)
set -euo pipefail
cd "$(dirname "$0")/.."
scale=${1:-1}
swift build -c release --product educluster >/dev/null
bin=$(realpath "$(swift build -c release --show-bin-path)/educluster")
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
python3 Tools/gen-national.py "$dir/data" --scale "$scale"
db="$dir/national.sqlite"
secs() { python3 -c "print(f'{$2 - $1:.2f}')"; }
t0=$(date +%s.%N)
"$bin" --db "$db" import "$dir/data" >/dev/null
t1=$(date +%s.%N)
echo "national data set at scale $scale: imported in $(secs "$t0" "$t1") s"
sqlite3 "$db" "SELECT 'rows: ' || (SELECT COUNT(*) FROM organization) || ' organizations, ' || (SELECT COUNT(*) FROM program) || ' programs, ' || (SELECT COUNT(*) FROM cohort) || ' cohorts, ' || (SELECT COUNT(*) FROM student) || ' students, ' || (SELECT COUNT(*) FROM need) || ' needs, ' || (SELECT COUNT(*) FROM placement) || ' placements, ' || (SELECT COUNT(*) FROM teacher) || ' teachers'"
echo
echo "| run | seconds | peak memory (MB) |"
echo "|---|---:|---:|"
run() {
  local name=$1; shift
  /usr/bin/time -f "%e %M" -o "$dir/t" "$@" >/dev/null 2>&1 || { echo "| $name | failed | |"; return; }
  read -r s kb < "$dir/t"
  echo "| $name | $s | $((kb / 1024)) |"
}
run "baseline: sqlite3 GROUP BY demand and graduates" sqlite3 "$db" \
  "SELECT specialty_id, region_id, year, SUM(count) FROM need GROUP BY 1, 2, 3;" \
  "SELECT p.specialty_id, o.region_id, c.year, SUM(COALESCE(c.graduated, c.enrolled * 0.85)) FROM cohort c JOIN program p ON p.id = c.program_id JOIN organization o ON o.id = p.organization_id GROUP BY 1, 2, 3;"
run "gap" "$bin" --db "$db" gap
run "align (by specialty, best 500 pairs)" "$bin" --db "$db" align --format json
run "align --view curriculum" "$bin" --db "$db" align --view curriculum
run "continuity (pathway graph)" "$bin" --db "$db" continuity --format json
run "recommend (an institution)" "$bin" --db "$db" recommend O00004
run "pd" "$bin" --db "$db" pd --format json
run "forecast" "$bin" --db "$db" forecast --format json
run "indicators (clusters)" "$bin" --db "$db" indicators
run "rank --institutions" "$bin" --db "$db" rank --institutions --format json
run "quality" "$bin" --db "$db" quality --format json
run "report --cluster CL00" "$bin" --db "$db" report --cluster CL00

# Matching where every placement ranks its applicants itself (issue #16): the 200,000 students ×
# 5,000 placements × 20 choices instance of Tools/gen-matching.py --rankings (4 M preference and
# 4 M ranking rows) in a database of its own, beside the plain Python deferred acceptance on the
# same database; the two assignments are compared line for line.
python3 Tools/gen-matching.py "$dir/match" --rankings >/dev/null
"$bin" --db "$dir/match.sqlite" import "$dir/match" >/dev/null
run "match, rankings given (200k × 5k × 20), --no-save --format csv" \
  "$bin" --db "$dir/match.sqlite" match --no-save --format csv
run "baseline: Tools/naive_match.py, same instance" python3 Tools/naive_match.py "$dir/match.sqlite" "$dir/naive"
"$bin" --db "$dir/match.sqlite" match --no-save --format csv | tail -n +2 | cut -d, -f1,2 | sort >"$dir/ours"
cmp -s "$dir/ours" "$dir/naive" && echo "match and the baseline give the same assignment" ||
  echo "match and the baseline DIFFER"
