#!/usr/bin/env python3
"""Keeps the interface catalogs (Modules/Localization/Catalogs/*.strings) in step with the sources.

  Tools/l10n.py keys              every tr("…") key, with where it is used
  Tools/l10n.py missing LANG      strings-file entries for the keys LANG lacks (value = key), to translate
  Tools/l10n.py unused            keys a catalog keeps that no source uses
  Tools/l10n.py cyrillic          writes uz-Cyrl.strings from uz.strings by the official
                                  Latin → Cyrillic correspondence (code, options and
                                  placeholders kept), keeping entries already hand-edited there
                                  when marked /* checked */

Keys are read the way Tests/LocalizationTests/SourceKeys.swift reads them (the test is the
authority: it fails CI when a catalog lacks a key or keeps an unused one).
"""
import os, re, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CATALOGS = os.path.join(ROOT, "Modules/Localization/Catalogs")


def literal(s, i):
    """Reads the literal whose opening quote is at i: (key, end) or None."""
    if s.startswith('"""', i):
        return None
    key = []
    j = i + 1
    while j < len(s):
        c = s[j]
        if c == '"':
            return "".join(key), j + 1
        if c == "\n":
            return None
        if c == "%":
            key.append("%%"); j += 1; continue
        if c == "\\":
            e = s[j + 1]
            if e == "(":
                depth, k, instr = 1, j + 2, False
                while k < len(s) and depth:
                    ch = s[k]
                    if instr:
                        if ch == "\\": k += 2; continue
                        if ch == '"': instr = False
                    elif ch == '"': instr = True
                    elif ch == "(": depth += 1
                    elif ch == ")": depth -= 1
                    k += 1
                key.append("%@"); j = k; continue
            if e == "u":
                close = s.index("}", j)
                key.append(chr(int(s[j + 3:close], 16))); j = close + 1; continue
            key.append({"n": "\n", "t": "\t", '"': '"', "'": "'", "\\": "\\", "0": "\0"}[e]); j += 2; continue
        key.append(c); j += 1
    return None


def source_keys():
    uses = {}
    for folder in ("Modules", "Apps"):
        for dirpath, _, files in os.walk(os.path.join(ROOT, folder)):
            for name in sorted(files):
                if not name.endswith(".swift"):
                    continue
                path = os.path.join(dirpath, name)
                text = open(path, encoding="utf-8").read()
                # comments to the end of a line are skipped, as the test does
                i, line = 0, 1
                while i < len(text):
                    c = text[i]
                    if c == "\n": line += 1
                    if text.startswith("//", i):
                        while i < len(text) and text[i] != "\n": i += 1
                        continue
                    if text.startswith('tr(', i) and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] in "_.")):
                        q = i + 3
                        while q < len(text) and text[q] in " \n": q += 1
                        r = literal(text, q) if q < len(text) and text[q] == '"' else None
                        if r:
                            uses.setdefault(r[0], []).append(f"{os.path.relpath(path, ROOT)}:{line}")
                            i = q + 1; continue  # an interpolation may hold another tr("…")
                    i += 1
    return uses


def escape(text):
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")


ENTRY = re.compile(r'^"((?:[^"\\]|\\.)*)"\s*=\s*"((?:[^"\\]|\\.)*)";(.*)$')


def unescape(text):
    return re.sub(r'\\(.)', lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), text)


def read_catalog(lang):
    entries = {}
    for line in open(os.path.join(CATALOGS, f"{lang}.strings"), encoding="utf-8"):
        m = ENTRY.match(line.strip())
        if m:
            entries[unescape(m.group(1))] = (unescape(m.group(2)), m.group(3).strip())
    return entries


# Uzbek Latin → Cyrillic (the 1995 Latin alphabet, as amended in 2021, to the Cyrillic one).
DIGRAPHS = [("o‘", "ў"), ("g‘", "ғ"), ("O‘", "Ў"), ("G‘", "Ғ"), ("sh", "ш"), ("Sh", "Ш"), ("SH", "Ш"),
            ("ch", "ч"), ("Ch", "Ч"), ("CH", "Ч"), ("yo", "ё"), ("Yo", "Ё"), ("yu", "ю"), ("Yu", "Ю"),
            ("ya", "я"), ("Ya", "Я"), ("ye", "е"), ("Ye", "Е"), ("ts", "ц")]
LETTERS = dict(zip("abdefghijklmnopqrstuvxyzABDEFGHIJKLMNOPQRSTUVXYZ",
                   "абдефгҳижклмнопқрстувхйзАБДЕФГҲИЖКЛМНОПҚРСТУВХЙЗ"))
VOWELS = set("aeiouAEIOU")
# Kept in Latin: code, options, placeholders, file names, URLs, names of programs and formats
# (a suffix after them is Uzbek and is transliterated: "JSONda" → "JSONда").
KEEP = re.compile(r"(`[^`]*`|'[^']*'|%\d+\$@|%@|%%|--[a-z][\w-]*|https?://\S+|/[\w./-]+|\b[\w.-]+\.(?:csv|json|xlsx|sqlite|html|md|pub)\b"
                  r"|\b[a-z]+(?:_[a-z]+)+\b|\b(?:all|true|false|coordinator|reader|include_personal|by|type|from|to|skills|organizations|students|preferences|rankings|application/[\w.+-]+|text/csv)\b"
                  r"|\b(?:EduCluster|SQLite|PostgreSQL|CSV|JSON|HTML|XLSX|SWOT)"
                  r"|\b(?:EduCluster|SQLite|PostgreSQL|CSV|JSON|HTML|API|URL|SWOT|UZS|XLSX|ISO|SHA|NFC|GET|POST|PUT|DELETE|PATCH|Bearer|Authorization|YYYY-MM-DD|FILE|N)(?![A-Za-z])"
                  r"|\beducluster[\w-]*)")


def cyrillic_word(word):
    out = []
    i = 0
    # Russian loans keep their ц after k and n: konstruksiya → конструкция, funksiya → функция,
    # kompetensiya → компетенция, konferensiya → конференция.
    w = re.sub(r"([kn])siy", r"\1tsiy", word)
    for a in "’ʻʼ'`":
        w = w.replace(a, "‘")
    start = True
    previous = ""
    while i < len(w):
        two = w[i:i + 2]
        hit = next((c for l, c in DIGRAPHS if l == two), None)
        # "yo‘q": y, then o‘ — not yo, then a hard sign.
        if hit and two.lower() == "yo" and w[i + 2:i + 3] == "‘":
            hit = None
        if hit and not (two.lower() == "ts" and start):
            out.append(hit); i += 2; start = False; previous = two[-1]; continue
        c = w[i]
        if c == "‘":  # the tutuq belgisi after a letter is the hard sign
            out.append("ъ"); i += 1; previous = c; continue
        if c in "eE" and (start or previous in VOWELS):
            out.append("Э" if c == "E" else "э")
        else:
            out.append(LETTERS.get(c, c))
        start = not c.isalpha()
        previous = c
        i += 1
    return "".join(out)


def to_cyrillic(text):
    parts = KEEP.split(text)
    out = []
    for n, part in enumerate(parts):
        if n % 2 == 1:
            out.append(part); continue
        out.append(re.sub(r"[A-Za-z‘’ʻʼ'`]+", lambda m: cyrillic_word(m.group(0)), part))
    return "".join(out)


def write_catalog(lang, header, entries):
    with open(os.path.join(CATALOGS, f"{lang}.strings"), "w", encoding="utf-8") as f:
        f.write(header)
        for key in sorted(entries):
            value, note = entries[key]
            f.write(f'"{escape(key)}" = "{escape(value)}";{(" " + note) if note else ""}\n')


def header_of(lang):
    text = open(os.path.join(CATALOGS, f"{lang}.strings"), encoding="utf-8").read()
    end = text.find("*/")
    return text[: end + 2] + "\n\n" if end >= 0 else ""


def main():
    cmd = sys.argv[1] if len(sys.argv) > 1 else "keys"
    uses = source_keys()
    if cmd == "keys":
        for key in sorted(uses):
            print(f"{uses[key][0]}\t{key!r}")
        print(f"{len(uses)} keys", file=sys.stderr)
    elif cmd == "missing":
        lang = sys.argv[2]
        have = read_catalog(lang)
        for key in sorted(uses):
            if key not in have:
                print(f'"{escape(key)}" = "{escape(key)}";')
    elif cmd == "unused":
        for lang in ("uz", "uz-Cyrl", "ru"):
            for key in sorted(set(read_catalog(lang)) - set(uses)):
                print(f"{lang}\t{key!r}")
    elif cmd == "cyrillic":
        latin = read_catalog("uz")
        old = read_catalog("uz-Cyrl")
        out = {}
        for key, (value, _) in latin.items():
            if key in old and "checked" in old[key][1]:
                out[key] = old[key]
            else:
                out[key] = (to_cyrillic(value), "")
        write_catalog("uz-Cyrl", header_of("uz-Cyrl"), out)
        print(f"uz-Cyrl.strings: {len(out)} entries", file=sys.stderr)
    elif cmd == "sort":
        for lang in ("uz", "ru"):
            write_catalog(lang, header_of(lang), read_catalog(lang))
    else:
        print(__doc__); sys.exit(2)


if __name__ == "__main__":
    main()
