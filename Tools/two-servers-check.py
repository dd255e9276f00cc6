#!/usr/bin/env python3
"""Two educluster-server processes on one PostgreSQL database, written to at once (issue #13).

Loads the demo into an empty database, starts two servers on it and checks, through the HTTP API:
  1. 200 concurrent creates split over the two servers: every one answered 201 and every record
     there afterwards, read back through the *other* server (none lost);
  2. 20 races, one code POSTed to both servers at the same moment: exactly one 201 and one 409
     each, and one record;
  3. 40 ledger appends and 6 matching runs split over both at once: distinct derived codes
     (LE-…, MR-…) and a ledger chain that still verifies (`educluster db check`);
  4. a token revoked through one server is refused by the other within 2 s;
  5. each server's /readyz reports the database.
Usage: Tools/two-servers-check.py BIN_DIR EMPTY_POSTGRES_DATABASE_URL
Prints one line per check and ends with 'N passed, M failed'; exit 1 on any failure.
"""
import concurrent.futures as futures
import json
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

bin_dir, db = sys.argv[1], sys.argv[2]
cli = f"{bin_dir}/educluster"
passed = failed = 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
        print(f"ok     {what}")
    else:
        failed += 1
        print(f"FAILED {what}")


def run(*args):
    return subprocess.run([cli, "--db", db, *args], check=True, capture_output=True, text=True).stdout


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(port, method, path, token, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, method=method)
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    if data is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


run("demo")
token = run("token", "create", "--name", "two-servers", "--role", "admin").strip().splitlines()[-1].strip()
ports = [free_port(), free_port()]
logs = tempfile.mkdtemp()
servers = [
    subprocess.Popen([f"{bin_dir}/educluster-server", "--db", db, "--port", str(p)],
                     stdout=open(f"{logs}/s{p}.log", "w"), stderr=subprocess.STDOUT)
    for p in ports
]
try:
    for p in ports:
        for _ in range(200):
            try:
                if request(p, "GET", "/readyz", None)[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.05)
    check(all(request(p, "GET", "/readyz", None)[0] == 200 for p in ports), "both servers ready on one database")

    # 1. 200 creates, split, concurrently.
    def create(i):
        port = ports[i % 2]
        org = {"code": f"TS-{i:03d}", "name": f"Two-server school {i}", "kind": "school", "region": "UZ-AN-AND"}
        return request(port, "POST", "/api/v1/organizations", token, org)[0]

    with futures.ThreadPoolExecutor(32) as pool:
        statuses = list(pool.map(create, range(200)))
    check(statuses.count(201) == 200, f"200 concurrent creates over two servers: {statuses.count(201)} × 201")
    missing = [i for i in range(200) if request(ports[(i + 1) % 2], "GET", f"/api/v1/organizations/TS-{i:03d}", token)[0] != 200]
    check(not missing, f"every created record read back through the other server (missing: {missing[:5]})")

    # 2. Races on one code.
    def race(i):
        org = {"code": f"RACE-{i:02d}", "name": f"Race {i}", "kind": "school", "region": "UZ-AN-AND"}
        with futures.ThreadPoolExecutor(2) as pool:
            return sorted(pool.map(lambda p: request(p, "POST", "/api/v1/organizations", token, org)[0], ports))

    outcomes = [race(i) for i in range(20)]
    check(all(o == [201, 409] for o in outcomes), f"20 races on one code: one 201 and one 409 each ({outcomes[:3]} …)")

    # 3. Derived codes from both servers at once.
    def append(i):
        entry = {"date": "2026-01-15", "from": "ENT-AAC", "to": "AndMI", "amount": 1000 + i, "currency": "UZS"}
        status, body = request(ports[i % 2], "POST", "/api/v1/ledger", token, entry)
        return status, (json.loads(body).get("code") if status == 201 else body[:200])

    def match(i):
        status, body = request(ports[i % 2], "POST", "/api/v1/matching/runs", token, {})
        return status, (json.loads(body)["run"]["code"] if status in (200, 201) else body[:200])

    with futures.ThreadPoolExecutor(16) as pool:
        appended = list(pool.map(append, range(40)))
        matched = list(pool.map(match, range(6)))
    codes = [c for s, c in appended if s == 201]
    check(len(codes) == 40 and len(set(codes)) == 40, f"40 concurrent ledger appends: {len(set(codes))} distinct codes {sorted(codes)[:2]} …")
    runs = [c for s, c in matched if s in (200, 201)]
    check(len(runs) == 6 and len(set(runs)) == 6, f"6 concurrent matching runs: distinct codes {sorted(set(runs))} ({[s for s, _ in matched]})")
    verify = subprocess.run([cli, "--db", db, "db", "check"], capture_output=True, text=True)
    check(verify.returncode == 0, "the ledger's chain and guards verify after concurrent appends (`db check`)")

    # 4. A revoked token, everywhere within 2 s.
    status, body = request(ports[0], "POST", "/api/v1/tokens", token, {"name": "short-lived", "role": "reader"})
    secret = json.loads(body)["secret"] if status == 201 else ""
    check(request(ports[1], "GET", "/api/v1/clusters", secret)[0] == 200, "a token made on server 1 works on server 2")
    request(ports[0], "DELETE", "/api/v1/tokens/short-lived", token)
    revoked_at = time.monotonic()
    refused_after = None
    while time.monotonic() - revoked_at < 5:
        if request(ports[1], "GET", "/api/v1/clusters", secret)[0] == 401:
            refused_after = time.monotonic() - revoked_at
            break
        time.sleep(0.05)
    check(refused_after is not None and refused_after <= 2.0,
          f"revoked on server 1, refused by server 2 after {refused_after if refused_after is None else round(refused_after, 2)} s (bar: 2 s)")
finally:
    for s in servers:
        s.terminate()
    for s in servers:
        s.wait(timeout=30)

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
