"""Issue 8: big messages through the daemon, where the limits differ: the
broker takes 16 MB, the worker's producer 1 MB (librdkafka's default
message.max.bytes), processing.max_message_bytes is 10 MiB.

- a 0.95 MB article: its enriched record is over 1 MB, so it goes to the
  DLQ as output_too_large with its original bytes;
- a 3 MB article: the same, but the original does not fit the DLQ either:
  a headers-only DLQ record that says the payload was omitted;
- a 12 MB payload: too_large, headers only;
- ordinary articles around them are enriched, every offset is committed.
"""
import collections

from itlib import *

SENTENCE = "Die Bundesregierung in Berlin hat am Mittwoch neue Hilfen beschlossen. "


def article(id_, size):
    return json.dumps({"id": id_, "language": "de",
                       "body": SENTENCE * (size // len(SENTENCE))}).encode()


def main(cleanup):
    run = uid()
    topic = "raw-" + run
    create_topic(topic, 1)
    payloads = [
        ("small-1", article("small-1", 2000)),
        ("big-095", article("big-095", 950000)),
        ("small-2", article("small-2", 2000)),
        ("big-3mb", article("big-3mb", 3000000)),
        ("huge-12mb", b"x" * (12 * 1024 * 1024)),
        ("small-3", article("small-3", 2000)),
    ]
    produce(topic, [{"value_b64": base64.b64encode(p).decode(), "key": k} for k, p in payloads])
    cfg = daemon_config(run, topic, {"processing": {
        "max_message_bytes": 10485760, "max_decompressed_bytes": 33554432}})
    drain_with_one_worker(cfg, topic, cleanup)

    enriched = collections.Counter(json.loads(r["value"])["id"]
                                   for r in consume(cfg["topics"]["enriched"]))
    if enriched != collections.Counter({"small-1": 1, "small-2": 1, "small-3": 1}):
        fail("enriched ids %r" % dict(enriched))
    want = {"big-095": ("output_too_large", True), "big-3mb": ("output_too_large", False),
            "huge-12mb": ("too_large", False)}
    dlq = consume(cfg["topics"]["dlq"])
    got = {}
    for rec in dlq:
        h = rec["headers"]
        key = rec.get("key")
        got[key] = got.get(key, 0) + 1
        if key not in want:
            fail("unexpected DLQ record keyed %r: %r" % (key, h))
        error, with_payload = want[key]
        if h.get("error") != error or not h.get("reason"):
            fail("%s: DLQ error %r reason %r, expected %s" % (key, h.get("error"), h.get("reason"), error))
        if with_payload and raw_value(rec) != dict(payloads)[key]:
            fail("%s: DLQ record does not carry the original bytes" % key)
        if not with_payload and (raw_value(rec) or "omitted" not in h.get("payload", "")):
            fail("%s: expected a headers-only DLQ record, got %d bytes, headers %r"
                 % (key, len(raw_value(rec)), h))
        log("%s -> DLQ %s (%s)%s" % (key, h["error"], h["reason"][:90],
                                      "" if with_payload else ", payload omitted"))
    if got != {k: 1 for k in want}:
        fail("DLQ records per key %r" % got)


run_test(main)
