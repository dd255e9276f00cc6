#!/usr/bin/env python3
"""Writes a national-scale synthetic registry (SPEC §6) as the CSV files `educluster import`
reads: 14 regions, ~200 districts, ~12,000 organizations, ~20,000 programs with outcomes and
entry requirements, cohorts over six years, 1,000,000 students, ~100,000 personnel needs with
requirements, ~50,000 placements with requirements, teachers, courses, agreements, clusters.
Deterministic for a given seed. Scale everything down with --scale (0.1 = a tenth).

Usage: Tools/gen-national.py OUT_DIR [--scale S] [--seed N]
"""
import argparse, csv, os, random

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--seed", type=int, default=11)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    S = lambda n: max(1, int(n * a.scale))
    os.makedirs(a.out, exist_ok=True)
    def w(name, header, rows):
        with open(os.path.join(a.out, name), "w", newline="", encoding="utf-8") as f:
            c = csv.writer(f, lineterminator="\n")
            c.writerow(header)
            c.writerows(rows)
    regions = [("UZ", "Oʻzbekiston", "country", "")]
    districts = []
    for r in range(14):
        rc = f"R{r:02d}"
        regions.append((rc, f"Viloyat {r}", "region", "UZ"))
        for d in range(14):
            dc = f"{rc}-D{d:02d}"
            districts.append(dc)
            regions.append((dc, f"Tuman {r}-{d}", "district", rc))
    w("regions.csv", ["code", "name", "level", "parent"], regions)
    comps = [(f"K{i:03d}", f"Competency {i}", rnd.choice(["knowledge", "skill", "competence"])) for i in range(400)]
    w("competencies.csv", ["code", "name", "type"], comps)
    specs = [(f"SP{i:03d}", f"Specialty {i}", "vocational" if i < 200 else "bachelor") for i in range(300)]
    w("specialties.csv", ["code", "name", "level"], specs)
    # Each specialty has a core of 8 competencies that its programs and needs draw on.
    core = {s[0]: rnd.sample(range(400), 8) for s in specs}
    kinds = [("school", 0.35), ("vocational_college", 0.12), ("university", 0.02), ("enterprise", 0.3), ("business", 0.15),
             ("research_institute", 0.02), ("government_body", 0.02), ("resource_center", 0.02)]
    orgs = []
    for i in range(S(12000)):
        x = rnd.random(); acc = 0
        for k, p in kinds:
            acc += p
            if x <= acc: break
        orgs.append((f"O{i:05d}", f"Tashkilot {i} {k}", k, districts[i % len(districts)]))
    w("organizations.csv", ["code", "name", "kind", "region"], orgs)
    edu = [o for o in orgs if o[2] in ("vocational_college", "university")]
    employers = [o for o in orgs if o[2] in ("enterprise", "business")]
    programs, outcomes, entries = [], [], []
    for i in range(S(20000)):
        o = edu[i % len(edu)]
        sp = specs[rnd.randrange(len(specs))]
        level = "bachelor" if o[2] == "university" else "vocational"
        code = f"PG{i:05d}"
        programs.append((code, f"Dastur {i}", o[0], sp[0], level, "full_time", 48 if level == "bachelor" else 24, rnd.randrange(20, 120)))
        for c in rnd.sample(core[sp[0]], 4):
            outcomes.append((code, f"K{c:03d}", rnd.randrange(1, 6), rnd.randrange(20, 200)))
        for c in rnd.sample(core[sp[0]], 2):
            entries.append((code, f"K{c:03d}", rnd.randrange(1, 4)))
    w("programs.csv", ["code", "name", "organization", "specialty", "level", "form", "duration_months", "annual_intake"], programs)
    w("program_outcomes.csv", ["program", "competency", "level", "hours"], outcomes)
    w("program_entry_requirements.csv", ["program", "competency", "level"], entries)
    cohorts = []
    for p in programs:
        for y in range(2020, 2026):
            enrolled = rnd.randrange(10, 80)
            graduated = int(enrolled * rnd.uniform(0.6, 0.95)) if y <= 2024 else None
            employed = int(graduated * rnd.uniform(0.5, 0.9)) if graduated is not None else None
            inside = int(employed * rnd.uniform(0.3, 0.9)) if employed is not None else None
            cohorts.append((p[0], y, enrolled, "" if graduated is None else graduated, "" if employed is None else employed, "" if inside is None else inside))
    w("cohorts.csv", ["program", "year", "enrolled", "graduated", "employed", "employed_in_cluster"], cohorts)
    needs, need_reqs = [], []
    for i in range(S(100000)):
        e = employers[rnd.randrange(len(employers))]
        sp = specs[rnd.randrange(len(specs))]
        code = f"N{i:06d}"
        needs.append((code, e[0], sp[0], e[3], rnd.randrange(2021, 2028), rnd.randrange(1, 40)))
        for c in rnd.sample(core[sp[0]], 3):
            need_reqs.append((code, f"K{c:03d}", rnd.randrange(1, 5), rnd.choice(["true", "false"])))
    w("needs.csv", ["code", "organization", "specialty", "region", "year", "count"], needs)
    w("need_requirements.csv", ["need", "competency", "level", "essential"], need_reqs)
    places, place_reqs = [], []
    for i in range(S(50000)):
        e = employers[rnd.randrange(len(employers))]
        sp = specs[rnd.randrange(len(specs))]
        code = f"PL{i:05d}"
        places.append((code, e[0], f"Amaliyot {i}", rnd.choice(["internship", "dual_education", "job"]), sp[0], e[3], rnd.randrange(0, 20)))
        for c in rnd.sample(core[sp[0]], 2):
            place_reqs.append((code, f"K{c:03d}", rnd.randrange(1, 4), "true"))
    w("placements.csv", ["code", "organization", "title", "kind", "specialty", "region", "capacity"], places)
    w("placement_requirements.csv", ["placement", "competency", "level", "essential"], place_reqs)
    teachers, taught = [], []
    for i in range(S(40000)):
        p = programs[rnd.randrange(len(programs))]
        code = f"T{i:05d}"
        y = rnd.randrange(2015, 2026)
        teachers.append((code, f"O‘qituvchi {i}", p[2], f"{y}-{rnd.randrange(1, 13):02d}-15"))
        taught.append((code, p[0]))
    w("teachers.csv", ["code", "name", "organization", "last_qualified_on"], teachers)
    w("teacher_programs.csv", ["teacher", "program"], taught)
    clusters, members = [], []
    for r in range(14):
        rc = f"R{r:02d}"
        local = [o for o in orgs if o[3].startswith(rc)]
        clusters.append((f"CL{r:02d}", f"Klaster {r}", rc))
        for o in local[: S(150)]:
            members.append((f"CL{r:02d}", o[0], "member"))
    w("clusters.csv", ["code", "name", "region"], clusters)
    w("memberships.csv", ["cluster", "organization", "role"], members)
    agreements = []
    for i in range(S(10000)):
        agreements.append((f"AG{i:05d}", "internship", employers[rnd.randrange(len(employers))][0], edu[rnd.randrange(len(edu))][0],
                           "2023-01-01", "2027-12-31", rnd.choice(["active", "active", "expired", "draft"])))
    w("agreements.csv", ["code", "kind", "customer", "provider", "signed_on", "valid_until", "status"], agreements)
    with open(os.path.join(a.out, "students.csv"), "w", newline="", encoding="utf-8") as f:
        c = csv.writer(f, lineterminator="\n")
        c.writerow(["code", "name", "program", "cohort_year", "region", "score"])
        for i in range(S(1000000)):
            p = programs[rnd.randrange(len(programs))]
            c.writerow((f"S{i:07d}", f"Talaba {i}", p[0], rnd.randrange(2024, 2028), districts[rnd.randrange(len(districts))], round(rnd.uniform(40, 100), 1)))

if __name__ == "__main__":
    main()
