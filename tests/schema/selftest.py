#!/usr/bin/env python3
"""The schema checks can fail: a hand-written record of each schema passes,
and each single mutation of it that breaks the contract is caught. The
schemas' enums also agree with the C sources (error classes, entity types,
claim kinds)."""
import copy
import json
import os
import re
import sys

import nejson

SOURCE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")

BODY = "Kreml-Sprecher Dmitri Peskow sagte, „Kim“ komme am Dienstag mit 120 Kilometern."
TITLE = "Kim in Russland"


def span(text, field="body"):
    data = (BODY if field == "body" else TITLE).encode()
    start = data.index(text.encode())
    return {"field": field, "start": start, "end": start + len(text.encode())}


ARTICLE = {
    "schema": "newsenrich.article/1", "id": "a1",
    "language": {"code": "de", "confidence": 0.97},
    "title": TITLE, "body": BODY, "published_at": "2023-09-12T08:00:00Z",
    "url": None, "source": "test",
    "entities": [
        {"id": "e1", "type": "PER", "name": "Dmitri Peskow", "count": 1, "salience": 0.5,
         "kb_id": None, "mentions": [dict(span("Dmitri Peskow"), text="Dmitri Peskow")]},
        {"id": "e2", "type": "PER", "name": "Kim", "count": 2, "salience": 0.4, "kb_id": "Q56226",
         "mentions": [dict(span("Kim", "title"), text="Kim"), dict(span("Kim"), text="Kim")]},
    ],
    "claims": [
        {"id": "c1", "kind": "direct", "text": "Kim", **span("Kim"),
         "speaker": {"text": "Kreml-Sprecher Dmitri Peskow", **span("Kreml-Sprecher Dmitri Peskow"),
                     "entity": "e1"},
         "cue": {"text": "sagte", **span("sagte")}, "entities": ["e2"]},
    ],
    "quantities": [{"text": "120 Kilometern", **span("120 Kilometern"), "value": 120, "unit": "km"}],
    "dates": [{"text": "am Dienstag", **span("am Dienstag"), "value": "2023-09-12"},
              {"text": "Dienstag", **span("Dienstag"), "value": None}],
    "source_offset": {"topic": "news.raw", "partition": 0, "offset": 42},
    "processor": {"version": "0.1.0", "model": "m", "micros": 180},
}
ENTITY = {"schema": "newsenrich.entity/1", "article_id": "a1", "language": "de",
          "published_at": None, "source": None, "url": None,
          "entity": ARTICLE["entities"][0]}
CLAIM = {"schema": "newsenrich.claim/1", "article_id": "a1", "language": "de",
         "published_at": None, "source": "test", "url": None,
         "speaker_name": "Dmitri Peskow", "claim": ARTICLE["claims"][0]}
ERROR = {"schema": "newsenrich.error/1", "line": 3, "error": "invalid_json",
         "reason": "invalid JSON at byte 3"}


def mutate(rec, path, value):
    r = copy.deepcopy(rec)
    node = r
    for p in path[:-1]:
        node = node[p]
    if value is DELETE:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return r


DELETE = object()

# (record, path, new value, why it must fail)
BAD = [
    (ARTICLE, ["id"], DELETE, "required member missing"),
    (ARTICLE, ["extra"], 1, "unknown member"),
    (ARTICLE, ["schema"], "newsenrich.article/2", "wrong schema"),
    (ARTICLE, ["language", "code"], "German", "language code shape"),
    (ARTICLE, ["language", "confidence"], 1.5, "confidence above 1"),
    (ARTICLE, ["body"], 7, "body not a string"),
    (ARTICLE, ["entities", 0, "type"], "PERSON", "entity type enum"),
    (ARTICLE, ["entities", 0, "salience"], -0.1, "negative salience"),
    (ARTICLE, ["entities", 0, "count"], 0, "zero count"),
    (ARTICLE, ["entities", 0, "count"], 1.0, "count not an integer"),
    (ARTICLE, ["entities", 0, "id"], "e0", "entity id pattern"),
    (ARTICLE, ["entities", 0, "mentions", 0, "start"], -1, "negative offset"),
    (ARTICLE, ["entities", 0, "mentions", 0, "field"], "lead", "field enum"),
    (ARTICLE, ["entities", 0, "mentions", 0, "end"], 10 ** 6, "span past the field"),
    (ARTICLE, ["entities", 0, "mentions", 0, "text"], "Dmitri Peskov", "text not the bytes"),
    (ARTICLE, ["entities", 1, "mentions", 1, "field"], "title", "text of another field"),
    (ARTICLE, ["claims", 0, "kind"], "quote", "claim kind enum"),
    (ARTICLE, ["claims", 0, "speaker", "entity"], "e9", "dangling speaker entity"),
    (ARTICLE, ["claims", 0, "entities"], ["e3"], "dangling claim entity"),
    (ARTICLE, ["claims", 0, "cue", "extra"], True, "unknown member in cue"),
    (ARTICLE, ["quantities", 0, "unit"], "k" * 16, "unit too long"),
    (ARTICLE, ["dates", 0, "value"], "12.09.2023", "date value format"),
    (ARTICLE, ["source_offset", "partition"], -1, "negative partition"),
    (ARTICLE, ["processor", "micros"], -5, "negative micros"),
    (ENTITY, ["entity", "kb_id"], "", "empty kb_id"),
    (ENTITY, ["entity", "name"], "Dmitri Peskov", "entity record differs from its article"),
    (ENTITY, ["entity", "id"], "e9", "entity record of no entity of its article"),
    (CLAIM, ["claim", "kind"], "indirect", "claim record differs from its article"),
    (CLAIM, ["article_id"], "a2", "claim record of another article"),
    (ENTITY, ["language"], {"code": "de"}, "entity record language is a code"),
    (CLAIM, ["speaker_name"], 5, "speaker_name type"),
    (CLAIM, ["claim", "speaker"], {"text": "x"}, "speaker without offsets"),
    (ERROR, ["error"], "crashed", "error class enum"),
    (ERROR, ["line"], 0, "line numbers start at 1"),
    (ERROR, ["reason"], "", "empty reason"),
]


def problems(v, rec):
    raw = json.dumps(rec, ensure_ascii=False).encode()
    _, errs = nejson.record_errors(v, raw, ARTICLE if rec["schema"] != "newsenrich.article/1" else None)
    return errs


def mid_character():
    """An offset inside "ä" of "Grüße"."""
    r = copy.deepcopy(ARTICLE)
    r["body"] = "Grüße aus Köln"
    r["entities"] = [{"id": "e1", "type": "LOC", "name": "Köln", "count": 1, "salience": 1,
                      "kb_id": None, "mentions": [{"field": "body", "start": 13, "end": 16,
                                                   "text": "ln"}]}]
    r["claims"], r["quantities"], r["dates"] = [], [], []
    return r


def enums_match_sources():
    out = []
    with open(os.path.join(SOURCE, "common", "ne.c")) as f:
        classes = re.findall(r'\[NE_ERR_[A-Z_0-9]+\] = "([a-z_0-9]+)"', f.read())
    v = nejson.Validator()
    err_enum = v._doc("newsenrich.error.1.json")["properties"]["error"]["enum"]
    per_message = classes[:classes.index("processing_failed") + 1]
    if err_enum != per_message:
        out.append("error enum %s != per-message classes in common/ne.c %s" % (err_enum, per_message))
    with open(os.path.join(SOURCE, "processor", "doc.c")) as f:
        src = f.read()
    defs = v._doc("defs.schema.json")["$defs"]
    for name, key in (("ne_etype_names", "entity"), ("ne_claim_kind_names", "claim")):
        m = re.search(name + r"\[[A-Z_]+\] = \{([^}]*)\}", src)
        names = re.findall(r'"([^"]+)"', m.group(1)) if m else []
        prop = "type" if key == "entity" else "kind"
        if defs[key]["properties"][prop]["enum"] != names:
            out.append("%s.%s enum differs from processor/doc.c %s" % (key, prop, names))
    return out


def main():
    v = nejson.Validator()
    failures = []
    for rec in (ARTICLE, ENTITY, CLAIM, ERROR):
        errs = problems(v, rec)
        if errs:
            failures.append("valid %s rejected: %s" % (rec["schema"], errs))
    for rec, path, value, why in BAD:
        if not problems(v, mutate(rec, path, value)):
            failures.append("not caught: %s (%s = %r)" % (why, path, value))
    if not nejson.span_errors(mid_character()):
        failures.append("not caught: offset inside a character")
    for raw, why in ((b'{"a": 1, "a": 2}', "duplicate key"), (b'{"a": NaN}', "NaN"),
                     (b'{"a": "\\ud800"}', "lone surrogate escape"),
                     (b'{"a": "\xff"}', "invalid UTF-8")):
        try:
            nejson.strict_loads(raw)
            failures.append("strict_loads accepted %s" % why)
        except nejson.JSONError:
            pass
    failures += enums_match_sources()
    if failures:
        print("FAIL:\n  " + "\n  ".join(failures))
        sys.exit(1)
    print("PASS: %d valid records, %d mutations caught" % (4, len(BAD) + 5))


if __name__ == "__main__":
    main()
