#!/usr/bin/env python3
"""Build newsenrich's default knowledge base, models/kb-default.tsv.

Sources (all may ship with attribution, see models/README.md):
  countries_de_en.tsv          countries: English and German names, capitals
  cities_tz_exemplar_de_en.tsv CLDR exemplar cities with German exonyms
  tools/kb-extra.tsv           a short hand-written list (organisations,
                               missing exonyms such as Peking)

The output is in the user-facing KB format (docs/kb-format.md) and is
byte-for-byte deterministic for the same inputs.

    python3 tools/build_kb.py [--data DIR] [--out FILE]
"""

import argparse
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
HEADER = ["id", "type", "name", "aliases", "lang"]

# Two-letter codes are too ambiguous as names ("DE", "AT", "IN") except
# these, which newspapers use as names.
SHORT_OK = {"US", "UK", "EU", "UN"}

# Capitals of small territories whose name is more often a person's
# (Victoria, Seychelles; Douglas, Isle of Man).
PERSON_LIKE = {"Douglas", "Hamilton", "Stanley", "Victoria"}

# Names that are German names of a country but ordinary English words.
DE_ONLY = {"Island"}

# tz exemplar "cities" that are not places a news text means by the name:
# US county seats, research stations, placeholders.
TZ_SKIP = re.compile(r"^(America/(Indiana|Kentucky|North_Dakota)/|"
                     r"Antarctica/|Etc/|Arctic/)")


def clean(name):
    """Return the name as a KB name, or None when it should not be one."""
    name = name.replace("\u00ad", "")  # soft hyphens (CLDR "Reyk-ja-vik")
    name = " ".join(name.split()).strip().rstrip(",")
    if not name or any(c in name for c in "(),|\t"):
        return None
    if not name[0].isupper() and not name[0].isdigit():
        return None  # "the Abode of Peace": a phrase, not a name
    for c in name:
        if c.isalpha() and "LATIN" not in unicodedata.name(c, ""):
            return None  # other scripts: never produced for de/en text
        if 0x250 <= ord(c) <= 0x2FF:
            return None  # IPA transcriptions
    if len(name) <= 2 and name not in SHORT_OK:
        return None
    return name


def german_variants(name):
    """Inflected forms of a German multi-word name: weak adjective endings
    (der Vereinigten Staaten, der Russischen Föderation) and the dative
    plural of a final noun in -e (den Vereinigten Arabischen Emiraten).
    Forms that no text uses are harmless: they never match."""
    words = name.split(" ")
    if len(words) < 2:
        return []
    out = list(words)
    changed = False
    for i, w in enumerate(words[:-1]):
        if not w[:1].isupper() or len(w) < 5 or "-" in w:
            continue
        for end in ("es", "er", "e"):
            if w.endswith(end):
                out[i] = w[: -len(end)] + "en"
                changed = True
                break
    if not changed:
        return []
    forms = [" ".join(out)]
    if out[-1].endswith("e"):
        forms.append(" ".join(out[:-1] + [out[-1] + "n"]))
    return forms


def split_names(field):
    return [n for n in (clean(x) for x in field.split("|")) if n]


class Entry:
    def __init__(self, eid, etype, name):
        self.id, self.type, self.name = eid, etype, name
        self.aliases = []  # [name, lang] in order of appearance

    def add(self, name, lang=""):
        if name == self.name:
            return
        for a in self.aliases:
            if a[0] == name:
                if a[1] != lang:
                    a[1] = ""  # used in both languages
                return
        self.aliases.append([name, lang])

    def all_names(self):
        return [self.name] + [a[0] for a in self.aliases]


def read_tsv(path):
    with open(path, encoding="utf-8") as f:
        rows = [line.rstrip("\n").split("\t") for line in f]
    return rows[0], rows[1:]


def build(data, extra_path):
    entries = {}
    taken = set()  # names of countries: other entries may not reuse them

    head, rows = read_tsv(os.path.join(data, "countries_de_en.tsv"))
    col = {h: i for i, h in enumerate(head)}
    capitals = []
    for r in rows:
        iso2 = r[col["iso2"]]
        en = split_names(r[col["names_en"]])
        de = split_names(r[col["names_de"]])
        if not en:
            continue
        e = Entry("iso3166:" + iso2, "LOC", en[0])
        for n in en[1:]:
            if n not in DE_ONLY:
                e.add(n, "" if n in de else "en")
        for n in de:
            e.add(n, "" if n in en and n not in DE_ONLY else "de")
            for v in german_variants(n):
                e.add(v, "de")
        entries[e.id] = e
        taken.update(e.all_names())
        caps = split_names(r[col["capital_en"]])
        if caps:
            capitals.append((iso2, caps[0]))

    tz_by_en = {}
    head, rows = read_tsv(os.path.join(data, "cities_tz_exemplar_de_en.tsv"))
    for tz, name_en, name_de in rows:
        en, de = clean(name_en), clean(name_de)
        if TZ_SKIP.match(tz) or not en or en in taken or \
                (de and de in taken):
            continue
        e = Entry("tz:" + tz, "LOC", en)
        if de and de != en:
            e.add(de, "de")
        entries[e.id] = e
        tz_by_en[en] = e

    for iso2, cap in capitals:
        if cap in taken or cap in tz_by_en or cap in PERSON_LIKE:
            continue  # the country, a tz city already, or a person's name
        e = Entry("capital:" + iso2, "LOC", cap)
        entries[e.id] = e

    # The hand-written list: new entries, or more aliases for ours.
    head, rows = read_tsv(extra_path)
    rows = [r for r in [head] + rows if r[0] and not r[0].startswith("#")]
    assert rows[0] == HEADER, "kb-extra.tsv: bad header %r" % rows[0]
    for r in rows[1:]:
        r += [""] * (5 - len(r))
        eid, etype, name, aliases = r[0], r[1], r[2], r[3]
        e = entries.get(eid)
        if not e:
            e = entries[eid] = Entry(eid, etype, name)
        elif name != e.name:
            e.add(name)
        for a in filter(None, aliases.split("|")):
            n, _, lang = a.partition("@")
            e.add(n, lang)
    return entries


def drop_ambiguous(entries):
    """An alias that names two entries ("Congo", "Kongo") names neither:
    linking would be a coin toss. Canonical names are kept."""
    owners = {}
    for e in entries.values():
        for a in e.aliases:
            owners.setdefault(a[0], set()).add(e.id)
    canon = {e.name for e in entries.values()}
    dropped = 0
    for e in entries.values():
        keep = [a for a in e.aliases
                if len(owners[a[0]]) == 1 and a[0] not in canon]
        dropped += len(e.aliases) - len(keep)
        e.aliases = keep
    return dropped


def write(entries, out):
    lines = [
        "# newsenrich default knowledge base, generated by tools/build_kb.py:",
        "# do not edit; change the script or tools/kb-extra.tsv instead.",
        "# Derived from world-countries (ODbL 1.0), i18n-iso-countries (MIT)",
        "# and Unicode CLDR 48 (Unicode License v3); this database is made",
        "# available under the ODbL 1.0. See models/README.md and",
        "# models/licences/. Format: docs/kb-format.md.",
        "\t".join(HEADER),
    ]
    for eid in sorted(entries):
        e = entries[eid]
        al = "|".join(n + ("@" + lang if lang else "")
                      for n, lang in e.aliases)
        lines.append("\t".join([e.id, e.type, e.name, al, ""]))
    tmp = out + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")
    os.replace(tmp, out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=os.environ.get(
        "NEWSENRICH_DATA", os.path.join(REPO, "..", "shared", "data")),
        help="the shared data folder (holds gazetteers/)")
    ap.add_argument("--out", default=os.path.join(REPO, "models",
                                                  "kb-default.tsv"))
    args = ap.parse_args()
    gaz = os.path.join(args.data, "gazetteers")
    entries = build(gaz, os.path.join(HERE, "kb-extra.tsv"))
    dropped = drop_ambiguous(entries)
    write(entries, args.out)
    names = sum(1 + len(e.aliases) for e in entries.values())
    print("%s: %d entries, %d names (%d ambiguous aliases dropped)"
          % (args.out, len(entries), names, dropped), file=sys.stderr)


if __name__ == "__main__":
    main()
