#!/usr/bin/env bash
# Quality bar (SPEC §6): matching 200,000 students × 5,000 placements × 20 choices — the solver
# well under a second, `educluster match` end to end from the database within 5 s, each beside
# a plain straightforward implementation measured in the same run.
#
# 1. The solver: Tools/MatchingBench (release) times StableMatching.solve (both sides), the
#    stability check, and StableMatching.naive (round-based, dictionary lookups) on a generated
#    instance of the same size.
# 2. End to end, twice — rankings derived by educluster, then given by every placement (as
#    many ranking rows as preference rows): Tools/gen-matching.py writes the instance as CSV, `educluster import` loads it,
#    then `educluster match` (CSV output; table output with every student explained; and saved)
#    is timed beside Tools/naive_match.py, a straightforward Python DA reading the same database.
# Usage: Tools/bench-matching.sh [STUDENTS PLACEMENTS CHOICES]   (defaults 200000 5000 20)
set -euo pipefail
cd "$(dirname "$0")/.."
students=${1:-200000}
placements=${2:-5000}
choices=${3:-20}
swift build -c release --product matching-bench >/dev/null
swift build -c release --product educluster >/dev/null
bindir=$(swift build -c release --show-bin-path)
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

echo "## Solver ($students students × $placements placements × $choices choices)"
"$bindir/matching-bench" --students "$students" --placements "$placements" --choices "$choices"

# One end-to-end case: $1 names it, the rest go to gen-matching.py.
end_to_end() {
  local name=$1; shift
  local d="$dir/$name"
  echo
  echo "## End to end from the database: $name"
  python3 Tools/gen-matching.py "$d/data" --students "$students" --placements "$placements" --choices "$choices" "$@"
  local t0 t1
  t0=$(date +%s.%N)
  "$bindir/educluster" --db "$d/m.sqlite" import "$d/data" >/dev/null
  t1=$(date +%s.%N)
  echo "(import of the instance: $(python3 -c "print(f'{$t1 - $t0:.1f}')") s, not part of the bar;" \
    "$(sqlite3 "$d/m.sqlite" "SELECT (SELECT COUNT(*) FROM student_preferences) || ' preference rows, ' || (SELECT COUNT(*) FROM placement_ranking) || ' ranking rows'"))"
  # Seconds and peak memory (MB) of one run.
  time_it() {
    /usr/bin/time -f "%e %M" -o "$d/t" "$@" >"$d/out" 2>/dev/null
    local s kb
    read -r s kb <"$d/t"
    echo "$s | $((kb / 1024))"
  }
  local a b c n
  a=$(time_it "$bindir/educluster" --db "$d/m.sqlite" match --no-save --format csv)
  tail -n +2 "$d/out" | cut -d, -f1,2 | sort >"$d/ours"
  b=$(time_it "$bindir/educluster" --db "$d/m.sqlite" match --no-save)
  c=$(time_it "$bindir/educluster" --db "$d/m.sqlite" match)
  n=$(time_it python3 Tools/naive_match.py "$d/m.sqlite" "$d/naive")
  local matched naive same
  matched=$(wc -l <"$d/ours")
  naive=$(wc -l <"$d/naive")
  same=$(cmp -s "$d/ours" "$d/naive" && echo "the same assignment" || echo "DIFFERENT assignments")
  echo "| run | seconds | peak MB | matched |"
  echo "|---|---:|---:|---:|"
  echo "| educluster match --no-save --format csv (load, rankings, solve, verify) | $a | $matched |"
  echo "| educluster match --no-save (also explains every student, table output) | $b | $matched |"
  echo "| educluster match, saved as a run (assignments written) | $c | $matched |"
  echo "| baseline: Tools/naive_match.py (plain Python DA from the same database) | $n | $naive |"
  echo "educluster and the baseline give $same."
}

end_to_end "rankings derived by educluster"
end_to_end "rankings given by every placement" --rankings
