#!/usr/bin/env bash
# Quality bar (SPEC §6): "CLI start-up: a listing on the demo database feels instant".
# Times `educluster org list` (table and JSON) and `student list --format csv` on the demo
# database beside a baseline measured in the same run: the sqlite3 shell printing the same
# rows. Needs hyperfine (Debian package `hyperfine`); builds the release binary.
# Usage: Tools/bench-cli-startup.sh
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { echo "install hyperfine (apt-get install hyperfine)" >&2; exit 1; }
swift build -c release --product educluster >/dev/null
bin=$(realpath "$(swift build -c release --show-bin-path)/educluster")
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
db="$dir/demo.sqlite"
"$bin" --db "$db" demo >/dev/null
hyperfine --warmup 3 --runs 30 -N --export-markdown "$dir/result.md" \
  -n "baseline: sqlite3 SELECT organizations" "sqlite3 $db 'SELECT o.code, o.name, o.kind, r.code FROM organization o JOIN region r ON r.id = o.region_id ORDER BY o.code'" \
  -n "educluster --version (process start, no database)" "$bin --version" \
  -n "educluster org list" "$bin --db $db org list" \
  -n "educluster org list --format json" "$bin --db $db org list --format json" \
  -n "baseline: sqlite3 SELECT students" "sqlite3 -csv $db 'SELECT s.code, s.name, p.code, s.cohort_year, s.score FROM student s LEFT JOIN program p ON p.id = s.program_id ORDER BY s.code'" \
  -n "educluster student list --format csv" "$bin --db $db student list --format csv" >/dev/null
cat "$dir/result.md"
