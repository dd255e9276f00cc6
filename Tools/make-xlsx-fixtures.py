#!/usr/bin/env python3
"""Writes the workbooks the tests read as "written by another program" (issue #15).

    pip install openpyxl; apt-get install libreoffice-calc-nogui
    python3 Tools/make-xlsx-fixtures.py Tests/InterchangeTests/Fixtures

openpyxl writes `*-openpyxl.xlsx` (shared strings, dates as styled serials, booleans, an
empty cell, formulas without cached values); LibreOffice opens each and saves it again as
`*-libreoffice.xlsx` (its own styles, shared strings, formulas with their cached values).
The files are committed: the tests do not need either program.
"""
import datetime
import os
import shutil
import subprocess
import sys
import tempfile

import openpyxl

out = sys.argv[1] if len(sys.argv) > 1 else "."


def types_workbook(path):
    """One sheet of every kind of cell, and what the reader should make of each."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "types"
    ws.append(["text", "number", "integer", "date", "bool", "formula", "empty", "last"])
    ws.append(["Ташкент", 12.5, 42, datetime.date(2026, 9, 1), True, "=1+1", None, "x"])
    ws.append([None, 0.1, -7, datetime.date(1999, 12, 31), False, "=B3*2", None, "y"])
    ws["A3"] = "=1+1"
    ws["A3"].data_type = "s"  # the text "=1+1", not a formula
    ws.append(["  spaced  ", 1234567.25, 0, datetime.date(1900, 3, 1), None, '="a"&"b"', None, "z"])
    ws.append([])  # a blank row, skipped
    ws.append(["after blank", 3, 3, datetime.date(2024, 2, 29), True, None, None, "w"])
    notes = wb.create_sheet("notes")
    notes.append(["free text the import skips"])
    wb.save(path)


def registry_workbook(path):
    """Sheets an import reads: regions, organizations, clusters, courses — and one it skips."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "regions"
    ws.append(["code", "name", "level", "parent"])
    ws.append(["UZ", "Oʻzbekiston", "country", None])
    ws.append(["UZ-AN", "Andijon viloyati", "region", "UZ"])
    ws = wb.create_sheet("organizations")
    ws.append(["code", "name", "kind", "region", "sector", "ownership", "rating"])
    ws.append(["0105", "Andijon politexnika kolleji", "vocational_college", "UZ-AN", "P85", "state", "green"])
    ws["A2"].number_format = "@"  # a code with a leading zero, kept as text
    ws.append(["ENT-AVTO", "Avtomobil zavodi", "enterprise", "UZ-AN", "C29", "private", "yellow"])
    ws = wb.create_sheet("clusters")
    ws.append(["code", "name", "region", "specialization", "core", "established", "mission"])
    ws.append(["CL-AN", "Andijon klasteri", "UZ-AN", "machine-building", "0105", datetime.date(2022, 9, 1), None])
    ws["F2"].number_format = "dd.mm.yyyy"  # a local date format: still a date
    ws = wb.create_sheet("Лист1")
    ws.append(["comment"])
    ws.append(["a sheet with no type: skipped"])
    ws = wb.create_sheet("courses")
    ws.append(["code", "title", "provider", "hours", "mode", "capacity", "starts_on", "ends_on"])
    ws.append(["CRS-1", "CNC basics", "0105", 72, "formal", 20, datetime.date(2026, 1, 12), datetime.date(2026, 2, 6)])
    wb.save(path)


def through_libreoffice(source, target):
    with tempfile.TemporaryDirectory() as scratch:
        subprocess.run(
            ["soffice", "--headless", "--convert-to", "xlsx", "--outdir", scratch, source],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.move(os.path.join(scratch, os.path.basename(source)), target)


for name, make in [("types", types_workbook), ("registry", registry_workbook)]:
    written = os.path.join(out, f"{name}-openpyxl.xlsx")
    make(written)
    through_libreoffice(written, os.path.join(out, f"{name}-libreoffice.xlsx"))
    print("wrote", written, "and", f"{name}-libreoffice.xlsx")
