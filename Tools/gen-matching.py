#!/usr/bin/env python3
"""Writes a placement-matching instance as CSV files for `educluster import`: N students
(default 200,000), M placements (default 5,000) with capacities summing to about 0.8 N, and K
preferences per student (default 20; popular placements drawn more often). Placements give no
ranking, so `educluster match` derives them (fit, then score, then code) — unless --rankings:
then every placement ranks all its applicants itself (rankings.csv: by score with an
employer's own judgement of ±15 points mixed in), as employers do in dual education, and the
instance holds as many ranking rows as preference rows.

Usage: Tools/gen-matching.py OUT_DIR [--students N] [--placements M] [--choices K] [--seed S] [--rankings]
"""
import argparse, csv, os, random

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--students", type=int, default=200_000)
    ap.add_argument("--placements", type=int, default=5_000)
    ap.add_argument("--choices", type=int, default=20)
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--rankings", action="store_true", help="placements rank their applicants themselves")
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    os.makedirs(a.out, exist_ok=True)
    def w(name, header, rows):
        with open(os.path.join(a.out, name), "w", newline="", encoding="utf-8") as f:
            c = csv.writer(f, lineterminator="\n")
            c.writerow(header)
            c.writerows(rows)
    w("regions.csv", ["code", "name", "level"], [("R", "Viloyat", "region")])
    employers = max(1, a.placements // 10)
    w("organizations.csv", ["code", "name", "kind", "region"],
      [(f"E{i:04d}", f"Korxona {i}", "enterprise", "R") for i in range(employers)] + [("COL", "Kollej", "vocational_college", "R")])
    w("programs.csv", ["code", "name", "organization", "level"], [("P", "Dastur", "COL", "vocational")])
    total = int(0.8 * a.students)
    caps = [1] * a.placements
    for _ in range(total - a.placements):
        caps[rnd.randrange(a.placements)] += 1
    w("placements.csv", ["code", "organization", "title", "kind", "capacity"],
      [(f"PL{i:05d}", f"E{i // 10:04d}", f"O‘rin {i}", "dual_education", caps[i]) for i in range(a.placements)])
    scores = [round(rnd.uniform(40, 100), 1) for _ in range(a.students)]
    w("students.csv", ["code", "name", "program", "score"],
      [(f"S{i:06d}", f"Talaba {i}", "P", scores[i]) for i in range(a.students)])
    applicants = [[] for _ in range(a.placements)]
    with open(os.path.join(a.out, "preferences.csv"), "w", newline="", encoding="utf-8") as f:
        c = csv.writer(f, lineterminator="\n")
        c.writerow(["student", "placement", "rank"])
        for i in range(a.students):
            chosen = set()
            while len(chosen) < min(a.choices, a.placements):
                chosen.add(int(a.placements * rnd.random() ** 2))  # skewed: low indices are popular
            for r, p in enumerate(rnd.sample(sorted(chosen), len(chosen)), 1):
                c.writerow((f"S{i:06d}", f"PL{p:05d}", r))
                applicants[p].append(i)
    if a.rankings:
        with open(os.path.join(a.out, "rankings.csv"), "w", newline="", encoding="utf-8") as f:
            c = csv.writer(f, lineterminator="\n")
            c.writerow(["placement", "student", "rank"])
            for p, lst in enumerate(applicants):
                judged = sorted(lst, key=lambda i: (-(scores[i] + rnd.uniform(-15, 15)), i))
                for r, i in enumerate(judged, 1):
                    c.writerow((f"PL{p:05d}", f"S{i:06d}", r))

if __name__ == "__main__":
    main()
