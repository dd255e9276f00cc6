#!/usr/bin/env bash
# Issue #16: each national analysis timed with two builds in turn on the same database, ROUNDS
# times, best against best, and their outputs compared byte for byte (a speed-up that changes
# an answer is a bug). This host is shared: single runs swing by a third, alternating runs of
# the two builds see the same weather.
#
# Usage: Tools/bench-before-after.sh BEFORE_BIN AFTER_BIN DATABASE [ROUNDS]
#   DATABASE: a national data set (Tools/gen-national.py, imported), a file or a postgres:// URL
#   ROUNDS:   runs of each build per analysis (default 3)
# Prints a markdown table: analysis, best seconds and peak memory of each build, and whether the
# outputs are the same.
set -euo pipefail
usage="usage: Tools/bench-before-after.sh BEFORE_BIN AFTER_BIN DATABASE [ROUNDS]"
before=${1:?$usage}
after=${2:?$usage}
db=${3:?$usage}
for b in "$before" "$after"; do [ -x "$b" ] || { echo "$b: not an executable build of educluster" >&2; exit 2; }; done
rounds=${4:-3}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
analyses=(
  "gap"
  "align --format json"
  "align --view curriculum"
  "continuity --format json"
  "recommend O00004"
  "pd --format json"
  "forecast --format json"
  "indicators"
  "rank --institutions --format json"
  "quality --format json"
  "report --cluster CL00"
)
echo "| analysis | before (s, MB) | after (s, MB) | same output |"
echo "|---|---:|---:|---|"
for a in "${analyses[@]}"; do
  declare -A best=() memory=()
  for _ in $(seq "$rounds"); do
    for side in before after; do
      bin=$before
      [ "$side" = after ] && bin=$after
      # shellcheck disable=SC2086
      /usr/bin/time -f "%e %M" -o "$dir/t" "$bin" --db "$db" $a >"$dir/$side.out" 2>/dev/null || {
        echo "| $a | $side failed | | |"
        continue
      }
      read -r s kb <"$dir/t"
      if [ -z "${best[$side]:-}" ] || python3 -c "import sys; sys.exit(0 if $s < ${best[$side]} else 1)"; then
        best[$side]=$s
        memory[$side]=$((kb / 1024))
      fi
    done
  done
  same=no
  cmp -s "$dir/before.out" "$dir/after.out" && same=yes
  echo "| $a | ${best[before]:-?}, ${memory[before]:-?} | ${best[after]:-?}, ${memory[after]:-?} | $same |"
  unset best memory
done
