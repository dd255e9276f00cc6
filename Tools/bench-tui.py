#!/usr/bin/env python3
"""How long a coordinator waits in the terminal UI on a large database (issue #16): the release
`educluster-tui` runs in tmux (120×40) on DB; the clock runs from a key (or the start) until the
screen shows what the step loads. That is the wait: the UI is blocked meanwhile for the tabs
that read (open cluster, needs); the indicators tab computes on another thread, the keys working
and the table saying so, and the clock stops when its figures are drawn.

  first screen   start → the clusters listed, keys working (the status line is drawn)
  overview       start → the first cluster's overview ("needs against graduates"), computed
                 on another thread while the first screen is in use
  open cluster   Enter → the Members tab's summary
  needs tab      3 → the Needs & gaps summary ("… needs · gaps: …")
  indicators tab 8 → the Indicators figures ("indicators of …", not "computing the indicators…")

Each step is run RUNS times (a fresh TUI each time) and the best and the median are printed.
Baseline in the same run: `educluster --db DB cluster list`, the CLI printing the clusters.

Usage: Tools/bench-tui.py DB [RUNS]   (DB a file or a postgres:// URL; the release build in
.build/release, or the directory EDUCLUSTER_BIN_DIR names: a before-and-after comparison)
"""
import os, statistics, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("EDUCLUSTER_BIN_DIR") or os.path.join(ROOT, ".build", "release")
SESSION = "educluster-bench-tui"


def tmux(*args):
    return subprocess.run(["tmux", *args], capture_output=True, text=True)


def screen():
    return tmux("capture-pane", "-p", "-t", SESSION).stdout


def wait_for(text, timeout=120.0):
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if text in screen():
            return time.monotonic() - start
        time.sleep(0.01)
    alive = tmux("has-session", "-t", SESSION).returncode == 0
    raise SystemExit(f"'{text}' did not appear within {timeout} s (tmux session "
                     f"{'still there' if alive else 'gone: the TUI exited or never started'}):\n{screen()}")


def one_run(db):
    tmux("kill-session", "-t", SESSION)
    start = time.monotonic()
    for attempt in range(3):
        made = tmux("new-session", "-d", "-s", SESSION, "-x", "120", "-y", "40",
                    f"{BIN}/educluster-tui --db {db}")
        # A tmux server still exiting after the last session was killed refuses the new one
        # (seen once as an empty pane for two minutes): start again on a fresh server.
        if made.returncode == 0:
            break
        print(f"tmux new-session failed ({made.stderr.strip()}); again", file=sys.stderr)
        time.sleep(0.5)
        start = time.monotonic()
    times = {}
    wait_for("Enter open cluster")
    times["first screen"] = time.monotonic() - start
    wait_for("needs against graduates")
    times["overview (computed in the background)"] = time.monotonic() - start
    for step, key, text in [("open cluster", "Enter", " memberships, "), ("needs tab", "3", " needs · gaps: "),
                            ("indicators tab", "8", "indicators of ")]:
        before = screen()
        tmux("send-keys", "-t", SESSION, key)
        t0 = time.monotonic()
        while True:
            now = screen()
            if now != before and text in now:
                break
            if time.monotonic() - t0 > 120:
                raise SystemExit(f"{step}: '{text}' did not appear:\n{now}")
            time.sleep(0.01)
        times[step] = time.monotonic() - t0
    tmux("send-keys", "-t", SESSION, "q")
    tmux("kill-session", "-t", SESSION)
    return times


def main():
    db = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    t0 = time.monotonic()
    subprocess.run([f"{BIN}/educluster", "--db", db, "cluster", "list"], capture_output=True, check=True)
    baseline = time.monotonic() - t0
    results = [one_run(db) for _ in range(runs)]
    print(f"TUI on {db}, {runs} runs (120×40, tmux); seconds until the step's screen is drawn")
    print()
    print("| step | best s | median s |")
    print("|---|---:|---:|")
    print(f"| baseline: educluster cluster list (CLI, whole process) | {baseline:.2f} | |")
    for step in results[0]:
        values = [r[step] for r in results]
        print(f"| {step} | {min(values):.2f} | {statistics.median(values):.2f} |")


if __name__ == "__main__":
    main()
