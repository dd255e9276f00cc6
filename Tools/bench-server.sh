#!/usr/bin/env bash
# HTTP benchmark (SPEC §6, issue #5): wrk on loopback against the release server on the demo
# database, each endpoint beside the server's own /healthz measured in the same run.
#   GET one organization, GET a list page (50), POST a create, GET an analysis (gap).
# Bar: one-record GET >= half the /healthz throughput; its p99 < 20 ms at 32 connections.
# Usage: Tools/bench-server.sh [SECONDS] [CONNECTIONS]    (defaults 10 and 32)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
connections=${2:-32}
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)"; exit 1; }

swift build -c release --product educluster >/dev/null
swift build -c release --product educluster-server >/dev/null
bin=$(swift build -c release --show-bin-path)
work=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT

"$bin/educluster" --db "$work/bench.sqlite" demo >/dev/null
reader=$("$bin/educluster" --db "$work/bench.sqlite" token create --name bench-reader --role reader)
coordinator=$("$bin/educluster" --db "$work/bench.sqlite" token create --name bench-coordinator --role coordinator)
analyst=$("$bin/educluster" --db "$work/bench.sqlite" token create --name bench-analyst --role analyst)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$bin/educluster-server" --db "$work/bench.sqlite" --port "$port" --log-level warning >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.1; done
base="http://127.0.0.1:$port"

cat >"$work/post.lua" <<LUA
-- setup() runs in the main Lua state; thread:set gives each thread its own global id.
local counter = 0
local threads = {}
function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end
request = function()
  counter = counter + 1
  local body = string.format('{"code":"WRK-%d-%d","name":"Bench school %d","kind":"school","region":"UZ-AN-AND"}', id, counter, counter)
  return wrk.format("POST", "/api/v1/organizations",
    {["Authorization"] = "Bearer $coordinator", ["Content-Type"] = "application/json"}, body)
end
LUA

# One wrk run: prints "label req/s p50 p99 non2xx".
run() {
  local label=$1
  shift
  local out
  out=$(wrk -t2 -c"$connections" -d"${seconds}s" --latency "$@")
  local rps p50 p99 errors
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  errors=$(awk '/Non-2xx/ {print $5}' <<<"$out")
  printf "%-34s %10s %9s %9s %8s\n" "$label" "$rps" "$p50" "$p99" "${errors:-0}"
}

echo "wrk -t2 -c$connections -d${seconds}s on $(nproc) cores; demo database; release build"
printf "%-34s %10s %9s %9s %8s\n" "endpoint" "req/s" "p50" "p99" "non-2xx"
run "GET /healthz (baseline)" "$base/healthz"
run "GET /api/v1/organizations/AndMI" -H "Authorization: Bearer $reader" "$base/api/v1/organizations/AndMI"
run "GET /api/v1/organizations?limit=50" -H "Authorization: Bearer $reader" "$base/api/v1/organizations?limit=50"
run "POST /api/v1/organizations" -s "$work/post.lua" "$base/api/v1/organizations"
run "GET /api/v1/analyses/gap" -H "Authorization: Bearer $analyst" "$base/api/v1/analyses/gap"
run "GET /healthz (baseline, again)" "$base/healthz"
created=$(sqlite3 "$work/bench.sqlite" "SELECT COUNT(*) FROM organization WHERE code LIKE 'WRK-%'")
echo "organizations created by the POST run: $created"
