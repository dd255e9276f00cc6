#!/usr/bin/env python3
"""Issue #16: the server answers a repeated analysis (and the dashboard) from memory until the
data changes. On the national data set (Tools/gen-national.py) imported by the release CLI,
against the release server on loopback: each request's first answer (computed), second
(cached), and the answer after a write by another process (the CLI adds a region: computed
again) — beside GET /healthz in the same run, the floor of one request.

usage: Tools/bench-cache.py [SCALE]     (default 1; 0.1 for a quick run)
Builds nothing: run `swift build -c release --product educluster --product educluster-server`
first (or let Tools/bench-analyses.sh do it)."""
import http.cookiejar, urllib.error, os, re, shutil, socket, subprocess, sys, tempfile, time, urllib.parse, urllib.request

scale = sys.argv[1] if len(sys.argv) > 1 else "1"
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
bin_dir = subprocess.check_output(["swift", "build", "-c", "release", "--show-bin-path"], cwd=root, text=True).strip()
cli, server_bin = os.path.join(bin_dir, "educluster"), os.path.join(bin_dir, "educluster-server")
work = tempfile.mkdtemp()
db = os.path.join(work, "national.sqlite")
server = None
try:
    subprocess.run([sys.executable, os.path.join(root, "Tools/gen-national.py"), os.path.join(work, "data"),
                    "--scale", scale], check=True, stdout=subprocess.DEVNULL)
    subprocess.run([cli, "--db", db, "import", os.path.join(work, "data")], check=True, stdout=subprocess.DEVNULL)
    token = subprocess.check_output([cli, "--db", db, "token", "create", "--name", "bench", "--role", "analyst"],
                                    text=True).strip()
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([server_bin, "--db", db, "--port", str(port), "--log-level", "warning"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(200):
        try:
            urllib.request.urlopen(base + "/readyz", timeout=1)
            break
        except Exception:
            time.sleep(0.1)
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def get(path, auth=True):
        req = urllib.request.Request(base + path)
        if auth:
            req.add_header("Authorization", "Bearer " + token)
        t = time.perf_counter()
        with opener.open(req, timeout=600) as r:
            body = r.read()
            assert r.status == 200, (path, r.status)
        return (time.perf_counter() - t) * 1000, len(body)

    # The dashboard: sign in through its form (nonce + cookie), as a browser does.
    form = opener.open(base + "/dashboard/login").read().decode()
    nonce = re.search(r'name="nonce" value="([^"]+)"', form).group(1)
    login = urllib.request.Request(base + "/dashboard/login", data=urllib.parse.urlencode(
        {"token": token, "nonce": nonce}).encode(), headers={"Origin": base})

    class Stay(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args):  # not to /dashboard yet: its first view is measured below
            return None
    try:
        urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), Stay).open(login).read()
    except urllib.error.HTTPError as e:
        assert e.code == 303, e.code

    floor = min(get("/healthz", auth=False)[0] for _ in range(20))
    print(f"national data set at scale {scale}; GET /healthz (floor, best of 20): {floor:.1f} ms\n")
    print("| request | first (computed) ms | second (cached) ms | after a write by the CLI ms | bytes |")
    print("|---|---:|---:|---:|---:|")
    rows = [("dashboard", "/dashboard", False), ("gap", "/api/v1/analyses/gap", True),
            ("indicators", "/api/v1/analyses/indicators", True), ("overview", "/api/v1/overview", True),
            ("align", "/api/v1/analyses/align", True)]
    for i, (name, path, auth) in enumerate(rows):
        first, size = get(path, auth)
        second, _ = get(path, auth)
        subprocess.run([cli, "--db", db, "region", "add", "--code", f"BENCH-{i}", "--name", f"Bench {i}"],
                       check=True, stdout=subprocess.DEVNULL)
        third, _ = get(path, auth)
        print(f"| {name} | {first:.0f} | {second:.1f} | {third:.0f} | {size} |")
finally:
    if server:
        server.terminate()
        server.wait()
    shutil.rmtree(work, ignore_errors=True)
