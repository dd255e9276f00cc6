#!/usr/bin/env python3
"""Replays the reproductions of issue #11 (hardening) against the built binaries, as an
attacker would, and prints what each got. Exit status 1 when one is not refused as it should be.

Usage: Tools/hardening-check.py [BIN_DIR]   (default: .build/debug; build first)
Needs: python3, sqlite3. Mounts nothing; `/dev/full` stands in for a full disk."""
import json, os, resource, shutil, socket, subprocess, sys, tempfile, threading, time, urllib.request, urllib.error

bin_dir = sys.argv[1] if len(sys.argv) > 1 else ".build/debug"
cli, server_bin = os.path.join(bin_dir, "educluster"), os.path.join(bin_dir, "educluster-server")
work = tempfile.mkdtemp(prefix="educluster-hardening-")
db = os.path.join(work, "h.sqlite")
failures = []


def run(*args, stdout=subprocess.PIPE, env=None):
    p = subprocess.run([cli, "--db", db, *args] if args[0] != "--db" else [cli, *args],
                       stdout=stdout, stderr=subprocess.PIPE, env=env)
    return p.returncode, (p.stdout or b"").decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def check(name, ok, detail):
    print(("ok   " if ok else "FAIL ") + name + ": " + detail)
    if not ok:
        failures.append(name)


def http(method, path, body=None, headers=None, port=None):
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=120) as r:
            return r.status, r.read(), dict(r.headers)
    except urllib.error.HTTPError as e:
        return e.code, e.read(), dict(e.headers)


run("demo")
admin = run("token", "create", "--name", "attacker-admin", "--role", "admin")[1].strip()
auth = {"Authorization": f"Bearer {admin}", "Content-Type": "application/json"}
with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
# The descriptor limit of the finding: 1,024.
server = subprocess.Popen([server_bin, "--db", db, "--port", str(port), "--log-level", "error"],
                          preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_NOFILE, (1024, 1024)),
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
try:
    for _ in range(100):
        try:
            if http("GET", "/readyz", port=port)[0] == 200:
                break
        except OSError:
            time.sleep(0.1)

    # 1. Control characters in text
    st, body, _ = http("POST", "/api/v1/ledger", json.dumps(
        {"date": "2026-10-01", "from": "AndMI", "to": "VC-TUR", "amount": 5, "purpose": "grant\u0000hidden"}).encode(),
        auth, port)
    verify = run("ledger", "verify")
    check("1 NUL in a ledger purpose", st == 400 and verify[0] == 0, f"HTTP {st}; ledger verify exit {verify[0]}")
    st, body, _ = http("POST", "/api/v1/organizations", json.dumps(
        {"code": "ORG-NUL", "name": "x\u0000y", "kind": "school", "region": "UZ-AN"}).encode(), auth, port)
    check("1 NUL in an organization name", st == 400 and b"name" in body, f"HTTP {st}: {body[:120]!r}")

    # 2. Terminal escapes already in a database (written behind EduCluster's back)
    subprocess.run(["sqlite3", db, "UPDATE organization SET name = 'evil\x1b]0;owned\x07\x1b[2J' WHERE code = 'AndMI'"])
    outs = [run("org", "show", "AndMI")[1], run("org", "list")[1], run("search", "evil")[1]]
    check("2 escapes never replayed", all("\x1b" not in o for o in outs), "org show / org list / search print no ESC")

    # 3. Spreadsheet formulas
    run("org", "add", "--code", "ORG-EQ", "--name", "=HYPERLINK(\"http://x\")", "--kind", "school", "--region", "UZ-AN")
    out = os.path.join(work, "safe")
    run("export", "organizations", "--out", out, "--spreadsheet-safe")
    text = open(os.path.join(out, "organizations.csv")).read()
    check("3 formulas defused in --spreadsheet-safe CSV", "'=HYPERLINK" in text, "the cell starts with an apostrophe")

    # 4. Idle and trickling sockets at 1,024 descriptors
    resource.setrlimit(resource.RLIMIT_NOFILE, (4096, 4096))
    socks = []
    for _ in range(1100):
        socks.append(socket.create_connection(("127.0.0.1", port), timeout=10))
    for s in socks[:300]:
        s.send(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ")
    t = time.time()
    st = http("GET", "/healthz", port=port)[0]
    took = time.time() - t
    check("4 /healthz with 1,100 idle sockets (300 mid-header)", st == 200 and took < 5, f"HTTP {st} in {took:.3f} s")
    for s in socks:
        s.close()
    trickle = socket.create_connection(("127.0.0.1", port))
    t, closed = time.time(), None
    for ch in b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 100:
        try:
            trickle.send(bytes([ch]))
            trickle.settimeout(2.5)
            if trickle.recv(1) == b"":
                closed = time.time() - t
                break
        except socket.timeout:
            continue
        except OSError:
            closed = time.time() - t
            break
    check("4 one header byte every 2.5 s", closed is not None and closed < 15,
          f"closed after {closed:.1f} s (header timeout 10 s)" if closed else "never closed")

    # 5. Heavy requests at once, /healthz timed meanwhile
    results = []

    def export():
        results.append(http("GET", "/api/v1/export/students?format=json", headers=auth, port=port)[0])

    threads = [threading.Thread(target=export) for _ in range(16)] + \
              [threading.Thread(target=lambda: results.append(
                  http("GET", "/api/v1/analyses/quality", headers=auth, port=port)[0])) for _ in range(16)]
    for th in threads:
        th.start()
    health, record = [], []
    while any(th.is_alive() for th in threads):
        t = time.time()
        http("GET", "/healthz", port=port)
        health.append(time.time() - t)
        t = time.time()
        http("GET", "/api/v1/organizations/VC-TUR", headers=auth, port=port)
        record.append(time.time() - t)
        time.sleep(0.05)
    for th in threads:
        th.join()
    worst = max(health + record) if health else 0
    check("5 16 exports + 16 quality analyses at once", set(results) <= {200, 503} and worst < 2,
          f"statuses {sorted(set(results))} ({results.count(503)} × 503); worst over {len(health)} probes: "
          f"/healthz {max(health) * 1000:.0f} ms, one organization {max(record) * 1000:.0f} ms")

    # 6. Output that cannot be written
    with open("/dev/full", "wb") as full:
        code, _, err = run("org", "list", stdout=full)
    check("6 org list > /dev/full", code == 1 and err.count("\n") == 1, f"exit {code}: {err.strip()}")

    # 7. Foreign, empty and older files
    foreign = os.path.join(work, "other.db")
    subprocess.run(["sqlite3", foreign, "CREATE TABLE t(a)"])
    before = open(foreign, "rb").read()
    code, _, err = run("--db", foreign, "org", "list")
    check("7 another application's SQLite file", code == 1 and open(foreign, "rb").read() == before, err.strip())
    empty = os.path.join(work, "empty.db")
    open(empty, "w").close()
    code, _, err = run("--db", empty, "org", "list")
    check("7 an empty file", code == 1 and os.path.getsize(empty) == 0, err.strip())

    # 8. Duplicate JSON keys
    st, body, _ = http("POST", "/api/v1/organizations",
                       b'{"code":"ORG-A","name":"A","kind":"school","region":"UZ-AN","code":"ORG-B"}', auth, port)
    check("8 duplicate keys", st == 400, f"HTTP {st}: {body[:100]!r}")

    # 9. Writers while a long import runs
    rows = [{"code": f"IMP-{i}", "name": f"Imported school {i}", "kind": "school", "region": "UZ-AN"}
            for i in range(60000)]
    big = json.dumps(rows).encode()
    imported = []
    importer = threading.Thread(target=lambda: imported.append(
        http("POST", "/api/v1/import?type=organizations", big, auth, port)[0]))
    importer.start()
    time.sleep(0.5)
    codes = [run("org", "add", "--code", f"CLI-{i}", "--name", f"CLI {i}", "--kind", "school",
                 "--region", "UZ-AN")[0] for i in range(40)]
    importer.join()
    check("9 40 CLI adds during a 60,000-row API import", imported == [200] and codes.count(0) == 40,
          f"import HTTP {imported}; {codes.count(0)} of 40 adds succeeded")

    # 10. The dashboard
    st, body, headers = http("POST", "/dashboard/login", f"token={admin}".encode(),
                             {"Content-Type": "application/x-www-form-urlencoded", "Origin": "https://evil.example"},
                             port)
    check("10 cross-site login POST", st == 403 and "educluster_session" not in headers.get("Set-Cookie", ""),
          f"HTTP {st}")
    st, _, headers = http("GET", "/dashboard/login", port=port)
    check("10 framing forbidden", headers.get("X-Frame-Options") == "DENY"
          and "frame-ancestors 'none'" in headers.get("Content-Security-Policy", ""),
          f"X-Frame-Options {headers.get('X-Frame-Options')}")
finally:
    server.terminate()
    server.wait(timeout=30)
    shutil.rmtree(work, ignore_errors=True)

print("hardening-check:", "ok" if not failures else "FAILED: " + ", ".join(failures))
sys.exit(1 if failures else 0)
