#!/usr/bin/env python3
"""Write the committed seed corpora of the fuzz targets (fuzz/corpus/<t>/).

Seeds are small: the sample articles, their compressed forms, and one of
each input shape the decoder distinguishes. Run from anywhere; rewrites the
seed_* files and leaves inputs that libFuzzer added (named by hash) alone.
"""
import gzip
import json
import os
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.dirname(HERE)


def write(target, name, data):
    d = os.path.join(HERE, "corpus", target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "seed_" + name), "wb") as f:
        f.write(data)


def articles():
    with open(os.path.join(SRC, "examples", "articles.jsonl"), "rb") as f:
        return [l.rstrip(b"\n") for l in f if l.strip()]


def main():
    arts = articles()
    for i, raw in enumerate(arts):
        for t in ("decode", "processor"):
            write(t, "article%d" % i, raw)
        try:
            a = json.loads(raw)
            text = (a.get("title") or "") + "\x1e" + a["body"]
        except ValueError:
            text = raw.decode()
        write("text", "article%d" % i, text.encode()[:4000])
    small = arts[1]
    shapes = {
        "gzip": gzip.compress(small, mtime=0),
        "zlib": zlib.compress(small),
        "gzip_truncated": gzip.compress(small, mtime=0)[:40],
        "zlib_trailing": zlib.compress(small) + b"garbage",
        "plain_text": "Nur Text: Der Bundestag hat am Freitag beschlossen.".encode(),
        "bom_text": b"\xef\xbb\xbfText mit BOM",
        "invalid_utf8": b"Text \xc3\x28 kaputt \xed\xa0\x80 \xf4\x90\x80\x80",
        "json_array": b'[{"body": "x"}]',
        "json_dup": b'{"body": "a", "body": "b"}',
        "json_types": b'{"id": 7, "body": "Hallo Welt", "title": null, "language": "de-DE"}',
        "json_wrong": b'{"body": "x", "title": 5}',
        "json_nul": b'{"body": "a\\u0000b \\ud83d\\ude00 \\u00e4"}',
        "json_surrogate": b'{"body": "lone \\ud800 surrogate"}',
        "empty_body": b'{"body": " \\n\\t "}',
        "quotes": "{\"body\": \"\u201eDas ist gut\u201c, sagte Merkel. \u00bbNie\u00ab \\\"x\"}".encode(),
    }
    for name, data in shapes.items():
        for t in ("decode", "processor"):
            write(t, name, data)
    write("text", "mixed_scripts",
          "Путин 習近平 محمد 😀👍🏽 e\u0301 \u200fRTL\u200e Straße ‚x‘ »y« 「z」".encode())
    write("text", "punct", ("!" * 200 + " .... ((([[x]]))) ... \u2026 ?!?!").encode())
    write("text", "abbrev", "Dr. med. K. Müller, z.B. am 3. Okt. 2023 um 14:30 Uhr; "
          "U.S.-Präsident; 1.000,50 € bzw. 3,5 %; www.spiegel.de @handle #tag "
          "do n't Kim's O'Neill".encode())
    cfg = {"kafka": {"bootstrap.servers": "127.0.0.1:9092", "group.id": "g"},
           "topics": {"input": ["news.raw"], "enriched": "news.enriched",
                      "entities": "news.entities", "claims": "news.claims",
                      "dlq": "news.dlq"},
           "processing": {"guarantee": "at_least_once", "threads": 2,
                          "max_message_bytes": 10485760,
                          "shutdown_timeout_ms": 30000},
           "http": {"listen": "127.0.0.1:9464"},
           "log": {"level": "info", "format": "json"}}
    write("config", "full", json.dumps(cfg, indent=1).encode())
    write("config", "env", b'{"kafka": {"bootstrap.servers": "${BROKERS:-localhost:9092}", '
          b'"sasl.password": "${NE_FUZZ_VAR}"}, "topics": {"input": ["a", "b"]}, '
          b'"models": {"dir": "$$HOME", "kb_files": []}}')
    write("config", "bad_type", b'{"processing": {"threads": "two"}}')
    write("config", "unknown", b'{"procesing": {}}')
    write("config", "eos", b'{"processing": {"guarantee": "exactly_once", '
          b'"transactional_id": "tx-${HOSTNAME}", "commit_interval_ms": 10}}')
    write("config", "empty", b"{}")


if __name__ == "__main__":
    main()
