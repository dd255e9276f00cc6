#!/usr/bin/env bash
# The dashboard in headless Chromium: login form, a refused token, the overview, a screenshot.
# Usage: Tools/dashboard-check.sh [SCREENSHOT.png]   (default docs/images/dashboard.png)
set -euo pipefail
cd "$(dirname "$0")/.."
shot=${1:-docs/images/dashboard.png}
mkdir -p "$(dirname "$shot")"
command -v chromium >/dev/null || { echo "needs chromium (apt-get install chromium)"; exit 1; }
python3 -c "import websocket" 2>/dev/null || python3 -m pip install -q --disable-pip-version-check websocket-client

swift build --product educluster >/dev/null
swift build --product educluster-server >/dev/null
bin=$(swift build --show-bin-path)
work=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
"$bin/educluster" --db "$work/dash.sqlite" demo >/dev/null
"$bin/educluster" --db "$work/dash.sqlite" match >/dev/null
token=$("$bin/educluster" --db "$work/dash.sqlite" token create --name dashboard-check --role reader)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$bin/educluster-server" --db "$work/dash.sqlite" --port "$port" >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.1; done
# Chromium's DevTools now and then drops the page it was driving ("Inspected target navigated
# or closed") on this loaded machine: one more try then, any other failure stands.
if ! python3 Tools/dashboard-check.py "http://127.0.0.1:$port" "$token" "$shot" 2>"$work/check.err"; then
  cat "$work/check.err" >&2
  grep -q "Inspected target navigated or closed" "$work/check.err" || exit 1
  echo "dashboard-check: Chromium dropped the page; trying once more" >&2
  python3 Tools/dashboard-check.py "http://127.0.0.1:$port" "$token" "$shot"
fi
