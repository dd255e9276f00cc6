#!/usr/bin/env bash
# Runs the standalone verifier of docs/ledger.md against a checkpoint and an inclusion proof
# that the built CLI made, then as a funder: tampered proof, checkpoint and ledger are refused.
# usage: Tools/ledger-verifier-check.sh [BIN_DIR]   (default: swift build --show-bin-path)
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${1:-$(swift build --show-bin-path)}/educluster"
# A Python with the `cryptography` package: this one, else Debian's, else install it.
py=python3
if ! $py -c "import cryptography" 2>/dev/null; then
  if /usr/bin/python3 -c "import cryptography" 2>/dev/null; then py=/usr/bin/python3
  else python3 -m pip install --quiet cryptography; fi
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The script, exactly as the page shows it.
sed -n '/<!-- verifier:begin -->/,/<!-- verifier:end -->/p' docs/ledger.md | sed '1,2d;$d' | sed '$d' > "$work/verify_ledger.py"
export EDUCLUSTER_DB="$work/c.sqlite" EDUCLUSTER_TODAY=2026-11-29
"$bin" demo > /dev/null
"$bin" ledger key create --out "$work/cluster.key" --name andijan-cluster.uz/ledger > /dev/null
"$bin" ledger checkpoint --key "$work/cluster.key" --out "$work/cp" > /dev/null
"$bin" ledger prove LE-000003 --checkpoint "$work/cp" --format json > "$work/proof.json"
fail() { echo "ledger-verifier-check: $*" >&2; exit 1; }
$py "$work/verify_ledger.py" "$work/cluster.key.pub" "$work/cp" "$work/proof.json" | grep -q '^OK' \
  || fail "the verifier refused an honest proof"
# Every proof of the demo's ledger checks.
for i in $(seq -f '%06g' 1 20); do
  "$bin" ledger prove "LE-$i" --checkpoint "$work/cp" --format json > "$work/p.json"
  $py "$work/verify_ledger.py" "$work/cluster.key.pub" "$work/cp" "$work/p.json" > /dev/null \
    || fail "LE-$i's proof was refused"
done
# A proof for another leaf, an edited checkpoint, another key: each refused.
sed 's/"leaf" : "bf/"leaf" : "cf/' "$work/proof.json" > "$work/bad.json"
! $py "$work/verify_ledger.py" "$work/cluster.key.pub" "$work/cp" "$work/bad.json" > /dev/null \
  || fail "a proof of another leaf was accepted"
sed 's/^20$/19/' "$work/cp" > "$work/bad.cp"
! $py "$work/verify_ledger.py" "$work/cluster.key.pub" "$work/bad.cp" "$work/proof.json" > /dev/null \
  || fail "an edited checkpoint was accepted"
"$bin" ledger key create --out "$work/other.key" --name andijan-cluster.uz/ledger > /dev/null
! $py "$work/verify_ledger.py" "$work/other.key.pub" "$work/cp" "$work/proof.json" > /dev/null \
  || fail "another key was accepted"
# The ledger tampered with: the last entry cut off. The chain still verifies; the checkpoint refuses.
sqlite3 "$EDUCLUSTER_DB" "DROP TRIGGER ledger_no_delete; DELETE FROM ledger WHERE code = 'LE-000020';"
"$bin" ledger verify > /dev/null || fail "the chain of the cut ledger should still verify"
! "$bin" ledger verify --checkpoint "$work/cp" --public-key "$work/cluster.key.pub" > "$work/verify.out" \
  || fail "a cut ledger verified against the checkpoint"
grep -q "were removed" "$work/verify.out" || fail "the refusal does not say what was removed"
! "$bin" db check > /dev/null || fail "db check passed with a dropped trigger"
echo "ledger-verifier-check: ok (20 proofs checked by the standalone verifier; 3 forgeries and a cut ledger refused)"
