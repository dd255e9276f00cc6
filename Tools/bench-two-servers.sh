#!/usr/bin/env bash
# One and two educluster-server processes on one PostgreSQL database (issue #13), beside the
# same on SQLite in the same run: wrk on loopback, one-record GET and a create (POST), throughput
# and p99. With two servers, two wrk processes run at once, one against each, with half the
# connections each; their throughputs add up.
# Usage: Tools/bench-two-servers.sh SERVER_URL [SECONDS] [CONNECTIONS]   (defaults 10 and 32)
#   SERVER_URL: a PostgreSQL server whose user may create databases.
set -euo pipefail
cd "$(dirname "$0")/.."
server=${1:?usage: bench-two-servers.sh SERVER_URL [SECONDS] [CONNECTIONS]}
seconds=${2:-10}
connections=${3:-32}
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)"; exit 1; }
swift build -c release --product educluster >/dev/null
swift build -c release --product educluster-server >/dev/null
bin=$(swift build -c release --show-bin-path)
work=$(mktemp -d)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; rm -rf "$work"' EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
start() { # start DB: a server on DB, its port
  local p
  p=$(free_port)
  "$bin/educluster-server" --db "$1" --port "$p" --log-level warning >>"$work/server.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$p/readyz" >/dev/null && break; sleep 0.1; done
  echo "$p"
}
stop() { kill "${pids[@]}" 2>/dev/null || true; wait "${pids[@]}" 2>/dev/null || true; pids=(); }

post_script() { # post_script TOKEN TAG: a wrk script creating organizations WRK-TAG-thread-n
  cat >"$work/post-$2.lua" <<LUA
local counter = 0
local threads = {}
function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end
request = function()
  counter = counter + 1
  local body = string.format('{"code":"WRK-$2-%d-%d","name":"Bench school %d","kind":"school","region":"UZ-AN-AND"}', id, counter, counter)
  return wrk.format("POST", "/api/v1/organizations",
    {["Authorization"] = "Bearer $1", ["Content-Type"] = "application/json"}, body)
end
LUA
  echo "$work/post-$2.lua"
}

# wrk against each port at once (connections split); prints "req/s p99(ms, worst) non-2xx".
load() { # load LABEL KIND(get|post) TOKEN PORT…
  local label=$1 kind=$2 token=$3; shift 3
  local n=$# i=0 outs=() wp=()
  for p in "$@"; do
    i=$((i + 1))
    if [ "$kind" = get ]; then
      wrk -t1 -c$((connections / n)) -d"${seconds}s" --latency -H "Authorization: Bearer $token" \
        "http://127.0.0.1:$p/api/v1/organizations/AndMI" >"$work/wrk-$i.out" &
      wp+=($!)
    else
      wrk -t1 -c$((connections / n)) -d"${seconds}s" --latency -s "$(post_script "$token" "$label-$i")" \
        "http://127.0.0.1:$p/api/v1/organizations" >"$work/wrk-$i.out" &
      wp+=($!)
    fi
    outs+=("$work/wrk-$i.out")
  done
  wait "${wp[@]}"
  python3 - "${outs[@]}" <<'PY'
import re, sys
rps = p99 = errors = 0.0
for path in sys.argv[1:]:
    text = open(path).read()
    rps += float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    m = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
    v = float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)]
    p99 = max(p99, v)
    e = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    errors += int(e.group(1)) if e else 0
print(f"{rps:.0f} {p99:.1f} {int(errors)}")
PY
}

echo "wrk, $connections connections in all, ${seconds}s per run, $(nproc) cores, demo database, release build"
echo
echo "| store | servers | GET one organization req/s | p99 ms | POST create req/s | p99 ms | non-2xx |"
echo "|---|---:|---:|---:|---:|---:|---:|"
row() { # row STORE DB SERVERS
  local ports=() token get post
  token=$("$bin/educluster" --db "$2" token create --name "bench-$3-$RANDOM" --role coordinator | tail -1)
  for _ in $(seq 1 "$3"); do ports+=("$(start "$2")"); done
  read -r grps gp99 gerr < <(load "g$3" get "$token" "${ports[@]}")
  read -r prps pp99 perr < <(load "p$3$1" post "$token" "${ports[@]}")
  stop
  echo "| $1 | $3 | $grps | $gp99 | $prps | $pp99 | $((gerr + perr)) |"
}
lite="$work/bench.sqlite"
"$bin/educluster" --db "$lite" demo >/dev/null
psql "$server" -qc "DROP DATABASE IF EXISTS educluster_wrk WITH (FORCE)" -qc "CREATE DATABASE educluster_wrk" 2>/dev/null
pg="${server%/*}/educluster_wrk"
"$bin/educluster" --db "$pg" demo >/dev/null
row SQLite "$lite" 1
row SQLite "$lite" 2
row PostgreSQL "$pg" 1
row PostgreSQL "$pg" 2
echo
echo "organizations created: SQLite $("$bin/educluster" --db "$lite" org list --format csv | grep -c '^WRK-' || true), PostgreSQL $("$bin/educluster" --db "$pg" org list --format csv | grep -c '^WRK-' || true)"
