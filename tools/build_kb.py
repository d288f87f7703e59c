#!/usr/bin/env python3
"""Build newsenrich's default knowledge base, models/kb-default.tsv.

Sources (all may ship with attribution, see models/README.md):
  geonames-countries.tsv       countries: GeoNames ids, ISO codes, capitals
  geonames-cities15000.tsv.gz  cities of 15,000+ people: GeoNames ids,
                               names and alternate names, admin1, population
  geonames-us-states.tsv       US states: the admin1 codes of US cities
  countries_de_en.tsv          countries: English and German names (joined
                               to GeoNames by ISO code)
  cities_tz_exemplar_de_en.tsv CLDR exemplar cities with German exonyms
  tools/kb-extra.tsv           a short hand-written list (organisations,
                               missing exonyms such as Peking)

Places get GeoNames ids (geonames:<id>) and a `place` column: kind,
country (and US state), population, and `linkonly` for the cities that
are link targets only. Countries, capitals and CLDR exemplar cities keep
the curated names they had before GeoNames and also find mentions on their
own (the KB name matcher); the other cities take their GeoNames names and
alternate names and only link mentions the tagger found: 34,000 cities'
names include common words ("Essen", "Halle", "Mobile", "Nice").

The output is in the user-facing KB format (docs/kb-format.md) and is
byte-for-byte deterministic for the same inputs.

    python3 tools/build_kb.py [--data DIR] [--out FILE]
"""

import argparse
import gzip
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
HEADER = ["id", "type", "name", "aliases", "lang", "place"]

# Two-letter codes are too ambiguous as names ("DE", "AT", "IN") except
# these, which newspapers use as names.
SHORT_OK = {"US", "UK", "EU", "UN"}

# Capitals of small territories whose name is more often a person's
# (Victoria, Seychelles; Douglas, Isle of Man).
PERSON_LIKE = {"Douglas", "Hamilton", "Stanley", "Victoria"}

# Names that are German names of a country but ordinary English words.
DE_ONLY = {"Island"}

# GeoNames alternate names that news text uses for something else: the
# White House (a translation of Casablanca), Google (Topeka's joke name
# of 2010).
NOT_PLACES = {"White House", "Google",
              # continents, which historic names of cities reuse
              # (Mahdia was "Africa")
              "Africa", "Afrika", "America", "Amerika", "Asia", "Asien",
              "Europe", "Europa", "Oceania", "Ozeanien"}

# Cities whose alternate names are mostly former or local names, not
# exonyms a German or English text uses ("Newtown" for Hartford, "Center"
# for Tallmadge): those of English-speaking countries, and all below
# EXONYM_MIN_POP people. They keep only spelling variants of their name
# ("Sirnak" for Şırnak).
NO_EXONYMS = {"US", "GB", "CA", "AU", "NZ", "IE"}
EXONYM_MIN_POP = 100000

# German towns go by the part of their name before "am Main", "an der
# Weinstraße": Neustadt, Ludwigshafen, Marburg. Shorter parts are too
# often words ("Weil am Rhein", "Lauf an der Pegnitz").
SHORT_FORM = re.compile(r"^(.+?) (?:an der|am|im|in der|bei|vor der|"
                        r"ob der|in|an|auf) \S")
SHORT_FORM_CC = {"DE", "AT", "CH"}
SHORT_FORM_MIN_LEN = 5

# The processor's limit on the words of a name (NE_KB_MAX_WORDS).
MAX_WORDS = 16

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
        self.place = ""    # the place column, "" for no place

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

    def link_only(self):
        return self.place.endswith(" linkonly")


def read_tsv(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        rows = [line.rstrip("\n").split("\t") for line in f]
    return rows[0], rows[1:]


def geo_id(gid):
    return "geonames:" + gid


def alternate_names(field, name):
    """The GeoNames alternate names a de/en text may use: Latin script,
    no codes ("FFM", "MOW"), no digits, no transliteration apostrophes
    ("P'yongyang": the unmarked form is there too)."""
    out = []
    for n in split_names(field):
        if n == name or n in out or n.isupper() or "'" in n or \
                "\u2019" in n or any(c.isdigit() for c in n) or \
                len(n.split()) > MAX_WORDS:
            continue
        out.append(n)
    return out


def fold(name):
    """A name without case, diacritics, blanks and punctuation, to tell a
    spelling variant from another name."""
    d = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in d if c.isalnum())


def read_cities(data):
    """GeoNames cities: id -> (name, cc, admin1, population, alternates)."""
    _, rows = read_tsv(os.path.join(data, "geonames-cities15000.tsv.gz"))
    cities = {}
    for r in rows:
        if r[0].startswith("#") or len(r) < 8:
            continue
        cities[r[0]] = (r[1], r[2], r[3], int(r[4] or 0), r[7])
    return cities


def find_city(cities, by_name, name, cc=None):
    """The id of the most populous city called name, in country cc when
    given: by its GeoNames name first, else by an alternate name; None
    when no city is called so."""
    best = None
    for gid in by_name.get(name, ()):
        c = cities[gid]
        if cc and c[1] != cc:
            continue
        rank = (c[0] == name, c[3], -int(gid))
        if best is None or rank > best[0]:
            best = (rank, gid)
    if best and os.environ.get("KB_DEBUG") and not best[0][0]:
        print("via alternate: %s -> %s %s" % (name, best[1],
              cities[best[1]][0]), file=sys.stderr)
    return best[1] if best else None


def place(kind, cc, admin1, population, link_only):
    region = cc + ("-" + admin1 if admin1 else "")
    return "%s %s %d%s" % (kind, region, population,
                           " linkonly" if link_only else "")


def build(data, extra_path):
    entries = {}
    taken = set()  # names of countries: other entries may not reuse them

    # Countries: GeoNames ids and English names, joined by ISO code with
    # the English and German names of countries_de_en.tsv.
    head, rows = read_tsv(os.path.join(data, "countries_de_en.tsv"))
    col = {h: i for i, h in enumerate(head)}
    names_by_iso = {r[col["iso2"]]: r for r in rows}
    capitals = []
    _, rows = read_tsv(os.path.join(data, "geonames-countries.tsv"))
    for gid, iso2, _iso3, gname, capital, pop, _cont in \
            (r for r in rows if not r[0].startswith("#")):
        r = names_by_iso.get(iso2)
        en = split_names(r[col["names_en"]]) if r else []
        de = split_names(r[col["names_de"]]) if r else []
        e = Entry(geo_id(gid), "LOC", clean(gname) or gname)
        for n in en:
            if n not in DE_ONLY:
                e.add(n, "" if n in de else "en")
        for n in de:
            e.add(n, "" if n in en and n not in DE_ONLY else "de")
            for v in german_variants(n):
                e.add(v, "de")
        e.place = place("country", iso2, "", int(pop or 0), False)
        entries[e.id] = e
        taken.update(e.all_names())
        cap = clean(capital)
        if cap:
            capitals.append((iso2, cap))

    cities = read_cities(data)
    by_name = {}
    for gid, (name, cc, a1, pop, alt) in cities.items():
        for n in [name] + alternate_names(alt, name):
            by_name.setdefault(n, []).append(gid)

    # US states: the context that tells Springfield, Illinois from the
    # other Springfields, and link targets themselves.
    states = {}  # name -> admin1 code
    _, rows = read_tsv(os.path.join(data, "geonames-us-states.tsv"))
    for code, name, gid, _fips in (r for r in rows
                                   if not r[0].startswith("#")):
        e = Entry(geo_id(gid), "LOC", name)
        e.place = place("region", "US", code, 0, True)
        entries[e.id] = e
        states[name] = code

    # The cities that find mentions on their own: capitals and CLDR
    # exemplar cities, with the names they had before GeoNames.
    curated = {}  # GeoNames id -> [(name, lang)]
    for iso2, cap in capitals:
        gid = find_city(cities, by_name, cap, iso2)
        if gid and cap not in PERSON_LIKE:
            curated.setdefault(gid, []).append((cap, ""))
    head, rows = read_tsv(os.path.join(data, "cities_tz_exemplar_de_en.tsv"))
    for tz, name_en, name_de in rows:
        en, de = clean(name_en), clean(name_de)
        if TZ_SKIP.match(tz) or not en:
            continue
        gid = find_city(cities, by_name, en) or \
            (de and find_city(cities, by_name, de))
        if not gid:
            continue  # not a city of 15,000+ people ("Azores")
        curated.setdefault(gid, []).append((en, ""))
        if de and de != en:
            curated[gid].append((de, "de"))

    # A name of a curated city is not another city's alternate name
    # ("New Delhi" of Delhi).
    curated_names = {n for names in curated.values() for n, _ in names}
    for gid in sorted(cities, key=int):
        name, cc, a1, pop, alt = cities[gid]
        # "Frankfurt (Oder)": the words a text uses
        name = clean(re.sub(r"\s*\([^)]*\)", "", name))
        if not name:
            continue
        own = curated.get(gid)
        # A curated city named like a country ("Luxembourg", "Kuwait")
        # would find the country's mentions: it only links.
        finds = bool(own) and not any(n in taken for n, _ in own)
        if finds:
            # Its curated names, and its GeoNames name unless that is a
            # person's ("Victoria" for Mahé).
            e = Entry(geo_id(gid), "LOC", own[0][0])
            for n, lang in own[1:]:
                e.add(n, lang)
            if name not in PERSON_LIKE and name not in taken:
                e.add(name)
        else:
            e = Entry(geo_id(gid), "LOC", name)
            variants_only = cc in NO_EXONYMS or pop < EXONYM_MIN_POP
            for n in alternate_names(alt, name):
                # "Mexico" is the country, "Missouri" the state (not
                # Bozeman, whatever GeoNames lists)
                if n not in taken and n not in NOT_PLACES and \
                        n not in curated_names and \
                        states.get(n, a1) == a1 and \
                        (not variants_only or fold(n) == fold(name)):
                    e.add(n)
            short = SHORT_FORM.match(name) if cc in SHORT_FORM_CC else None
            if short and len(short.group(1)) >= SHORT_FORM_MIN_LEN and \
                    short.group(1) not in taken:
                e.add(short.group(1))
            for n, lang in own or ():
                e.add(n, lang)
        e.place = place("city", cc, a1 if cc == "US" else "", pop,
                        not finds)
        entries[e.id] = e

    # The hand-written list: new entries, or more aliases for ours.
    head, rows = read_tsv(extra_path)
    rows = [r for r in [head] + rows if r[0] and not r[0].startswith("#")]
    assert rows[0] == HEADER[:5], "kb-extra.tsv: bad header %r" % rows[0]
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
    """An alias that names two entries that find mentions on their own
    ("Congo", "Kongo") names neither: linking would be a coin toss.
    Canonical names are kept. Link-only cities keep theirs: the
    processor weighs the article's other places and the populations."""
    finders = [e for e in entries.values() if not e.link_only()]
    owners = {}
    for e in finders:
        for a in e.aliases:
            owners.setdefault(a[0], set()).add(e.id)
    canon = {e.name for e in finders}
    dropped = 0
    for e in finders:
        keep = [a for a in e.aliases
                if len(owners[a[0]]) == 1 and a[0] not in canon]
        dropped += len(e.aliases) - len(keep)
        e.aliases = keep
    return dropped


def write(entries, out):
    lines = [
        "# newsenrich default knowledge base, generated by tools/build_kb.py:",
        "# do not edit; change the script or tools/kb-extra.tsv instead.",
        "# Places: GeoNames (https://www.geonames.org/), CC BY 4.0; country",
        "# names from world-countries (ODbL 1.0) and i18n-iso-countries",
        "# (MIT), city names from Unicode CLDR 48 (Unicode License v3);",
        "# this database is made available under the ODbL 1.0. See",
        "# models/README.md and models/licences/. Format: docs/kb-format.md.",
        "\t".join(HEADER),
    ]

    def order(eid):
        prefix, _, rest = eid.partition(":")
        return (prefix, int(rest) if rest.isdigit() else 0, rest)

    for eid in sorted(entries, key=order):
        e = entries[eid]
        al = "|".join(n + ("@" + lang if lang else "")
                      for n, lang in e.aliases)
        lines.append("\t".join([e.id, e.type, e.name, al, "", e.place])
                     .rstrip("\t"))
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
