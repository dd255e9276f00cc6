#!/usr/bin/env bash
# Prints real captures of the CLI on a fresh demo database, for docs/cli.md.
# Usage: Tools/cli-doc-captures.sh [path/to/educluster]
set -euo pipefail
bin=$(realpath "${1:-$(swift build --show-bin-path)/educluster}")
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$dir"
run() { echo '```console'; echo "$ educluster $(printf '%q ' "$@")"; "$bin" "$@" 2>&1 || echo "(exit $?)"; echo '```'; echo; }
"$bin" demo >/dev/null
run org list --kind university
run org list --cluster CL-TO-ENERGY --format csv --limit 4
run search turaqorgon
run program show VC-TUR-WELD
run org add --code ORG-1 --name "Marhamat agro kolleji" --kind vocational_college --region UZ-AN-MAR
run org add --code X --name Y --kind university --region NO-SUCH
run org add --code X --colour red
run cohort add --program VC-TUR-WELD --year 2027 --enrolled 10 --graduated 12
run region remove UZ-NG
run ledger verify
run db check
