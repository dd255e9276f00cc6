#!/usr/bin/env python3
"""Writes a synthetic student registry for import benchmarks: regions, organizations,
specialties, programs and N students (default 1,000,000), as the CSV files
`educluster import` reads. Deterministic for a given seed.

Usage: Tools/gen-students.py OUT_DIR [--students N] [--seed S]
"""
import argparse, csv, os, random

FIRST = ["Aziz", "Dilnoza", "G‘ayrat", "Oʻgiloy", "Jasur", "Malika", "Sherzod", "Nodira", "Bekzod", "Zarina",
         "Шерзод", "Дилноза", "Otabek", "Madina", "Rustam", "Sevara", "Ulug‘bek", "Kamola", "Farrux", "Gulnora"]
LAST = ["Karimov", "Tursunova", "Yo‘ldoshev", "Rahimova", "Qodirov", "Ergasheva", "Xo‘jayev", "Sobirova",
        "Каримов", "Турсунова", "Abdullayev", "Nazarova", "Mirzayev", "Islomova", "To‘xtayev", "Aliyeva"]

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--students", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    os.makedirs(a.out, exist_ok=True)
    def w(name, header, rows):
        with open(os.path.join(a.out, name), "w", newline="", encoding="utf-8") as f:
            c = csv.writer(f, lineterminator="\n")
            c.writerow(header)
            c.writerows(rows)
    regions = [("UZ", "Oʻzbekiston", "country", "")]
    for r in range(14):
        rc = f"R{r:02d}"
        regions.append((rc, f"Viloyat {r}", "region", "UZ"))
        for d in range(14):
            regions.append((f"{rc}-D{d:02d}", f"Tuman {r}-{d} Turaqo‘rg‘on", "district", rc))
    w("regions.csv", ["code", "name", "level", "parent"], regions)
    districts = [r[0] for r in regions if r[2] == "district"]
    orgs = [(f"ORG{i:05d}", f"Kollej № {i}", "vocational_college", districts[i % len(districts)]) for i in range(2000)]
    w("organizations.csv", ["code", "name", "kind", "region"], orgs)
    specs = [(f"SP{i:03d}", f"Mutaxassislik {i}", "vocational") for i in range(300)]
    w("specialties.csv", ["code", "name", "level"], specs)
    programs = [(f"P{i:05d}", f"Dastur {i}", orgs[i % len(orgs)][0], specs[i % len(specs)][0], "vocational", "full_time", 24, 60)
                for i in range(10_000)]
    w("programs.csv", ["code", "name", "organization", "specialty", "level", "form", "duration_months", "annual_intake"], programs)
    with open(os.path.join(a.out, "students.csv"), "w", newline="", encoding="utf-8") as f:
        c = csv.writer(f, lineterminator="\n")
        c.writerow(["code", "name", "program", "cohort_year", "region", "score"])
        for i in range(a.students):
            p = programs[rnd.randrange(len(programs))]
            c.writerow((f"S{i:07d}", f"{rnd.choice(LAST)} {rnd.choice(FIRST)}", p[0], 2020 + rnd.randrange(7),
                        districts[rnd.randrange(len(districts))], round(rnd.uniform(40, 100), 1)))

if __name__ == "__main__":
    main()
