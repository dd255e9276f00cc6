#!/usr/bin/env python3
"""A plain, straightforward stable matching straight from an EduCluster database — the
baseline beside `educluster match` in Tools/bench-matching.sh. Student-proposing deferred
acceptance with dictionaries and lists; a placement ranks its applicants as it recorded
(placement_ranking), else by score, then code (the benchmark's placements list no
requirements, so every fit is 1). Prints the number matched; with a second argument, also
writes the assignment there as `student,placement` lines in student order (the student-optimal
stable matching is unique, so any correct solver gives the same one).

Usage: Tools/naive_match.py DB [ASSIGNMENTS_OUT]
"""
import sqlite3, sys

db = sqlite3.connect(sys.argv[1])
score = {code: s or 0 for code, s in db.execute("SELECT code, score FROM student")}
capacity = {code: c for code, c in db.execute("SELECT code, capacity FROM placement")}
prefs = {}
for student, placement in db.execute(
        "SELECT s.code, p.code FROM student_preferences sp JOIN student s ON s.id = sp.owner_id "
        "JOIN placement p ON p.id = sp.placement_id ORDER BY sp.owner_id, sp.position"):
    prefs.setdefault(student, []).append(placement)
applicants = {}
for s, lst in prefs.items():
    for p in lst:
        applicants.setdefault(p, []).append(s)
given = {}
for placement, student in db.execute(
        "SELECT p.code, s.code FROM placement_ranking pr JOIN placement p ON p.id = pr.owner_id "
        "JOIN student s ON s.id = pr.student_id ORDER BY pr.owner_id, pr.position"):
    given.setdefault(placement, []).append(student)
rank = {}
for p, lst in applicants.items():
    if p in given:
        rank[p] = {s: i for i, s in enumerate(given[p])}
        lst[:] = [s for s in lst if s in rank[p]]  # an applicant the placement did not rank is not acceptable
    else:
        lst.sort(key=lambda s: (-score[s], s))
        rank[p] = {s: i for i, s in enumerate(lst)}
next_choice = {s: 0 for s in prefs}
held = {p: [] for p in capacity}
free = list(prefs)
while free:
    s = free.pop()
    lst = prefs[s]
    while next_choice[s] < len(lst):
        p = lst[next_choice[s]]
        next_choice[s] += 1
        if capacity[p] == 0 or s not in rank.get(p, {}):
            continue
        h = held[p]
        if len(h) < capacity[p]:
            h.append(s)
            break
        worst = max(h, key=lambda x: rank[p][x])
        if rank[p][s] < rank[p][worst]:
            h.remove(worst)
            h.append(s)
            free.append(worst)
            break
print(sum(len(h) for h in held.values()))
if len(sys.argv) > 2:
    with open(sys.argv[2], "w") as out:
        for s, p in sorted((s, p) for p, h in held.items() for s in h):
            out.write(f"{s},{p}\n")
