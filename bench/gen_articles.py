#!/usr/bin/env python3
"""Generate the benchmark article streams (deterministic, fixed seed).

    gen_articles.py SHARED_DATA OUTDIR [--count N] [--seed S]

Writes OUTDIR/{de,en,mix}.rec and OUTDIR/meta.json. German articles come
from text/de/10kgnad-test.csv, English ones from
claims/en/polnear/*/text/*.txt (both "no ship": they are only read here,
nothing derived from them leaves bench/.data). Each article is a JSON
object with id, title, body, language (left out for 20%, so language
identification runs), published_at, url and source; bodies are 1-10 KB
(shorter source articles are skipped, longer ones cut at a sentence end).
10% of the payloads are gzip, 10% zlib; 1% are malformed in one of the
ways the DLQ knows (one error class each in turn).

The .rec format, read by bench_proc and bench_kafka: the line
"NEREC1\\n", then per record a 4-byte little-endian payload length and
the payload bytes.
"""
import csv
import glob
import gzip
import json
import os
import random
import re
import struct
import sys
import zlib

MIN_BODY, MAX_BODY = 1024, 10240
SENT_END = re.compile(r"[.!?][\"“”']?\s")


def cut(body):
    """body shortened to at most MAX_BODY bytes at a sentence end."""
    raw = body.encode()
    if len(raw) <= MAX_BODY:
        return body
    head = raw[:MAX_BODY].decode(errors="ignore")
    ends = [m.end() for m in SENT_END.finditer(head)]
    return head[:ends[-1]].rstrip() if ends else head


def german(data):
    path = os.path.join(data, "text/de/10kgnad-test.csv")
    out = []
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.reader(f, delimiter=";", quotechar="'"):
            if len(row) < 2:
                continue
            text = row[1].strip()
            # 10kGNAD has no title field: its first sentence is the teaser
            m = SENT_END.search(text)
            if m and m.end() < 200:
                title, body = text[:m.end()].strip(), text[m.end():].strip()
            else:
                title, body = " ".join(text.split()[:8]), text
            out.append(("de", row[0], title, cut(body)))
    return out


def english(data):
    out = []
    pat = os.path.join(data, "claims/en/polnear/*/text/*.txt")
    for p in sorted(glob.glob(pat)):
        with open(p, encoding="utf-8") as f:
            text = f.read().strip()
        title, _, body = text.partition("\n")
        source = os.path.basename(p).split("_")[0]
        out.append(("en", source, title.strip(), cut(body.strip())))
    return out


MALFORMED = ["invalid_json", "missing_body", "invalid_utf8",
             "bad_compression", "wrong_type", "empty_body"]


def malformed(kind, i):
    tag = "bad-%d" % i
    if kind == "invalid_json":
        return ('{"id": "%s", "body": "unterminated' % tag).encode()
    if kind == "missing_body":
        return json.dumps({"id": tag, "title": "no body"}).encode()
    if kind == "invalid_utf8":
        return b"Plain text " + tag.encode() + b" with a bad byte \xff here"
    if kind == "bad_compression":
        return b"\x1f\x8b\x08\x00" + tag.encode() + b"not deflate"
    if kind == "wrong_type":
        return json.dumps({"id": tag, "body": 42}).encode()
    return json.dumps({"id": tag, "body": " \n "}).encode()


def stream(name, pool, count, rng):
    """count payloads sampled from pool; returns (payloads, stats)."""
    recs = []
    st = {"records": 0, "payload_bytes": 0, "text_bytes": 0,
          "malformed": 0, "gzip": 0, "zlib": 0, "no_language": 0,
          "de": 0, "en": 0}
    bad = 0
    for i in range(count):
        if i % 100 == 57:
            raw = malformed(MALFORMED[bad % len(MALFORMED)], i)
            bad += 1
            st["malformed"] += 1
        else:
            lang, source, title, body = pool[rng.randrange(len(pool))]
            art = {"id": "%s-%07d" % (name, i), "title": title, "body": body}
            if rng.random() >= 0.2:
                art["language"] = lang
            else:
                st["no_language"] += 1
            day = 1 + rng.randrange(28)
            art["published_at"] = "2016-%02d-%02dT%02d:00:00Z" % (
                1 + rng.randrange(12), day, rng.randrange(24))
            art["source"] = source
            art["url"] = "https://example.org/%s/%d" % (source, i)
            raw = json.dumps(art, ensure_ascii=False).encode()
            st[lang] += 1
            st["text_bytes"] += len(title.encode()) + len(body.encode())
            r = rng.random()
            if r < 0.1:
                raw = gzip.compress(raw, mtime=0)
                st["gzip"] += 1
            elif r < 0.2:
                raw = zlib.compress(raw)
                st["zlib"] += 1
        recs.append(raw)
        st["records"] += 1
        st["payload_bytes"] += len(raw)
    return recs, st


def write_rec(path, recs):
    with open(path + ".tmp", "wb") as f:
        f.write(b"NEREC1\n")
        for r in recs:
            f.write(struct.pack("<I", len(r)))
            f.write(r)
    os.replace(path + ".tmp", path)


def main():
    args = sys.argv[1:]
    count, seed = 20000, 7
    if "--count" in args:
        i = args.index("--count")
        count = int(args[i + 1])
        del args[i:i + 2]
    if "--seed" in args:
        i = args.index("--seed")
        seed = int(args[i + 1])
        del args[i:i + 2]
    if len(args) != 2:
        sys.exit(__doc__)
    data, outdir = args
    os.makedirs(outdir, exist_ok=True)
    keep = lambda pool: [a for a in pool if len(a[3].encode()) >= MIN_BODY]
    de, en = keep(german(data)), keep(english(data))
    meta = {"seed": seed, "count": count, "pool": {"de": len(de),
                                                   "en": len(en)}}
    for name, pool in (("de", de), ("en", en), ("mix", de + en)):
        # one generator per stream: each file is the same for any count
        recs, st = stream(name, pool, count, random.Random(seed * 31 +
                                                           len(name)))
        write_rec(os.path.join(outdir, name + ".rec"), recs)
        meta[name] = st
    with open(os.path.join(outdir, "meta.json"), "w") as f:
        json.dump(meta, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
