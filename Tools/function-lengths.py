#!/usr/bin/env python3
"""List the longest functions (func, init, computed properties) in Swift sources.

Usage: Tools/function-lengths.py [--over N] [paths...]   (default: Modules Apps, top 25)

Counts lines from the declaration to its closing brace, skipping braces inside
string literals and comments. A rough but repeatable measure for issue #12's
"no function longer than about 100 lines".
"""
import os
import re
import sys

DECL = re.compile(
    r"^\s*(?:@\w+(?:\([^)]*\))?\s+)*(?:(?:public|private|fileprivate|internal|package|static|"
    r"class|final|override|mutating|nonisolated|convenience|required|@MainActor)\s+)*"
    r"(func\s+[^\s(<]+|init[?!]?|subscript|var\s+\w+\s*:[^=]*\{\s*$)"
)


def strip(line, state):
    """Remove string contents and comments; state tracks multi-line strings/comments."""
    out = []
    i = 0
    while i < len(line):
        if state["block"]:
            j = line.find("*/", i)
            if j < 0:
                return "".join(out)
            state["block"] = False
            i = j + 2
            continue
        if state["multi"]:
            j = line.find('"""', i)
            if j < 0:
                return "".join(out)
            state["multi"] = False
            i = j + 3
            continue
        c = line[i]
        if line.startswith("//", i):
            break
        if line.startswith("/*", i):
            state["block"] = True
            i += 2
            continue
        if line.startswith('"""', i):
            state["multi"] = True
            i += 3
            continue
        if c == '"':
            i += 1
            depth = 0
            while i < len(line):
                if line[i] == "\\":
                    if line.startswith("\\(", i):
                        depth += 1
                        i += 2
                        continue
                    i += 2
                    continue
                if line[i] == ")" and depth:
                    depth -= 1
                elif line[i] == '"' and not depth:
                    break
                i += 1
            i += 1
            continue
        out.append(c)
        i += 1
    return "".join(out)


def functions(path):
    with open(path, encoding="utf-8") as f:
        lines = f.readlines()
    state = {"block": False, "multi": False}
    clean = [strip(l, state) for l in lines]
    found = []
    for n, raw in enumerate(clean):
        m = DECL.match(raw)
        if not m:
            continue
        depth = 0
        opened = False
        for k in range(n, len(clean)):
            for ch in clean[k]:
                if ch == "{":
                    depth += 1
                    opened = True
                elif ch == "}":
                    depth -= 1
            if opened and depth <= 0:
                name = m.group(1).split("(")[0].replace("func ", "").strip()
                found.append((k - n + 1, f"{path}:{n + 1}", name))
                break
            if not opened and k > n + 12:
                break
    return found


def main(argv):
    over = None
    paths = []
    it = iter(argv)
    for a in it:
        if a == "--over":
            over = int(next(it))
        else:
            paths.append(a)
    paths = paths or ["Modules", "Apps"]
    every = []
    for root in paths:
        for d, _, files in os.walk(root):
            for name in files:
                if name.endswith(".swift"):
                    every += functions(os.path.join(d, name))
    every.sort(reverse=True)
    shown = [f for f in every if over is None or f[0] > over] if over is not None else every[:25]
    for length, where, name in shown:
        print(f"{length:5d}  {name:28s} {where}")
    if over is not None:
        print(f"{len(shown)} over {over} lines", file=sys.stderr)
        return 1 if shown else 0
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
