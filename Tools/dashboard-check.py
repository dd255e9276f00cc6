#!/usr/bin/env python3
"""Drives the dashboard in headless Chromium over the DevTools protocol, as a person would:
open /dashboard (redirected to the login form), type a token, sign in, and check that the
overview renders the clusters, the supply-demand chart and the indicators. Saves a screenshot.

Usage: dashboard-check.py BASE_URL TOKEN SCREENSHOT.png
Needs: chromium (Debian), websocket-client (PyPI)."""
import base64, json, os, shutil, socket, subprocess, sys, tempfile, time, urllib.request

import websocket

base, token, shot = sys.argv[1], sys.argv[2], sys.argv[3]
chromium = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
if not chromium:
    sys.exit("dashboard-check: needs chromium")

with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
profile = tempfile.mkdtemp(prefix="educluster-chromium-")
browser = subprocess.Popen(
    [chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
     f"--remote-debugging-port={port}", f"--user-data-dir={profile}", "--window-size=1200,1600",
     "about:blank"],
    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def fail(message):
    print("dashboard-check: FAIL:", message)
    sys.exit(1)


try:
    targets = None
    for _ in range(100):
        try:
            targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list"))
            if any(t["type"] == "page" for t in targets):
                break
        except OSError:
            pass
        time.sleep(0.1)
    page = next(t for t in targets if t["type"] == "page")
    ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=30)
    ids = iter(range(1, 10**6))

    def call(method, **params):
        i = next(ids)
        ws.send(json.dumps({"id": i, "method": method, "params": params}))
        while True:
            msg = json.loads(ws.recv())
            if msg.get("id") == i:
                if "error" in msg:
                    fail(f"{method}: {msg['error']}")
                return msg.get("result", {})

    def evaluate(expression):
        return call("Runtime.evaluate", expression=expression, returnByValue=True)["result"].get("value")

    def wait_for(predicate, what):
        for _ in range(100):
            if evaluate(predicate):
                return
            time.sleep(0.1)
        fail(f"timed out waiting for {what}; page: {evaluate('location.href')}")

    call("Page.enable")
    call("Page.navigate", url=f"{base}/dashboard")
    wait_for("location.pathname === '/dashboard/login' && !!document.querySelector('input[name=token]')",
             "the login form")
    print("redirected to", evaluate("location.pathname"))
    evaluate("document.querySelector('input[name=token]').value = 'ect_wrong'; document.forms[document.forms.length-1].submit()")
    wait_for("document.body && document.body.innerText.includes('unknown or revoked')", "the refusal of a bad token")
    print("a bad token is refused:", evaluate("document.querySelector('.error').innerText"))
    evaluate(f"document.querySelector('input[name=token]').value = {json.dumps(token)}; document.forms[document.forms.length-1].submit()")
    wait_for("location.pathname === '/dashboard' && !!document.querySelector('section.cluster')", "the overview")
    text = evaluate("document.body.innerText")
    clusters = evaluate("[...document.querySelectorAll('section.cluster h2')].map(h => h.innerText)")
    charts = evaluate("document.querySelectorAll('section.cluster svg').length")
    cookie_visible = evaluate("document.cookie.includes('educluster_session')")
    header_colour = evaluate("getComputedStyle(document.querySelector('header')).backgroundColor")
    print("clusters:", clusters)
    print("charts:", charts)
    for needle in ["Supply and demand", "Indicators", "Latest matching", "graduate employment"]:
        if needle not in text:
            fail(f"'{needle}' is not on the page")
    if len(clusters) < 1 or charts < 1:
        fail("no cluster or no chart rendered")
    if cookie_visible:
        fail("the session cookie is visible to scripts (it must be HttpOnly)")
    if header_colour != "rgb(31, 59, 87)":
        fail(f"the stylesheet did not apply under the CSP (header background {header_colour})")
    print("stylesheet applied under the CSP:", header_colour)
    metrics = call("Page.getLayoutMetrics")["cssContentSize"]
    png = call("Page.captureScreenshot", format="png", captureBeyondViewport=True,
               clip={"x": 0, "y": 0, "width": 1200, "height": min(metrics["height"], 1800), "scale": 1})
    with open(shot, "wb") as f:
        f.write(base64.b64decode(png["data"]))
    # Sign out ends the session: the dashboard asks for a token again.
    evaluate("document.querySelector('header form').submit()")
    wait_for("location.pathname === '/dashboard/login'", "the login form after signing out")
    call("Page.navigate", url=f"{base}/dashboard")
    wait_for("location.pathname === '/dashboard/login' && !!document.querySelector('input[name=token]')",
             "the login form when the dashboard is opened after signing out")
    print("signed out: the dashboard asks for a token again")
    print(f"dashboard-check: ok; screenshot {shot} ({os.path.getsize(shot)} bytes)")
finally:
    browser.terminate()
    browser.wait(timeout=10)
    shutil.rmtree(profile, ignore_errors=True)
