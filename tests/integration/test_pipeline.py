"""Issue 2: 5,000 articles (1% malformed) on a 6-partition topic, one worker.

Every good article appears exactly once on the enriched topic with its id
and source offset; every malformed one exactly once on the DLQ with the
right error class, its original bytes and its source coordinates; after a
graceful shutdown the committed offsets equal the log end offsets.
"""
import collections
import signal

from itlib import *


def main(cleanup):
    run = uid()
    topic = "raw-" + run
    create_topic(topic, 6)
    specs, good, bad = article_specs(5000, run)
    produce(topic, specs)
    log("produced %d articles (%d malformed) to %s" % (len(specs), len(bad), topic))

    # where each input record landed, to check source offsets
    coords = {}
    for rec in consume(topic):
        raw = raw_value(rec)
        coords[raw] = (rec["partition"], rec["offset"])
    if len(coords) != len(specs):
        fail("input dump has %d distinct records, expected %d" % (len(coords), len(specs)))

    cfg = daemon_config(run, topic)
    d = drain_with_one_worker(cfg, topic, cleanup)
    group = cfg["kafka"]["group.id"]
    for o in offsets(group, topic).values():
        if o["committed"] != o["end"]:
            fail("after shutdown committed %s != end %s" % (o["committed"], o["end"]))

    enriched = consume(cfg["topics"]["enriched"])
    ids = collections.Counter()
    by_raw_id = {}
    for raw, (p, o) in coords.items():
        if raw not in bad:
            by_raw_id[decode_article(raw)["id"]] = (p, o)
    for rec in enriched:
        doc = json.loads(rec["value"])
        ids[doc["id"]] += 1
        if rec["key"] != doc["id"]:
            fail("enriched record keyed %r, id %r" % (rec["key"], doc["id"]))
        so = doc["source_offset"]
        if so["topic"] != topic or (so["partition"], so["offset"]) != by_raw_id.get(doc["id"]):
            fail("wrong source_offset %r for %s" % (so, doc["id"]))
        if doc["schema"] != "newsenrich.article/1":
            fail("wrong schema %r" % doc["schema"])
    missing = good - set(ids)
    dupes = {k: v for k, v in ids.items() if v > 1}
    extra = set(ids) - good
    log("enriched: %d records, %d distinct ids, %d missing, %d duplicated"
        % (len(enriched), len(ids), len(missing), len(dupes)))
    if missing or dupes or extra:
        fail("missing %s dupes %s extra %s" % (sorted(missing)[:5], list(dupes)[:5], sorted(extra)[:5]))

    dlq = consume(cfg["topics"]["dlq"])
    seen = collections.Counter()
    for rec in dlq:
        raw = raw_value(rec)
        if raw not in bad:
            fail("DLQ record with unexpected payload %r" % raw[:60])
        seen[raw] += 1
        h = rec["headers"]
        if h.get("error") != bad[raw]:
            fail("DLQ error %r, expected %r (reason %r)" % (h.get("error"), bad[raw], h.get("reason")))
        if not h.get("reason"):
            fail("DLQ record without a reason")
        if (h.get("source.topic"), int(h.get("source.partition")), int(h.get("source.offset"))) != \
                (topic,) + coords[raw]:
            fail("DLQ source headers %r do not match %r" % (h, coords[raw]))
    if set(seen) != set(bad) or any(v != 1 for v in seen.values()):
        fail("DLQ has %d distinct of %d malformed, counts %r" % (len(seen), len(bad), set(seen.values())))
    log("dlq: %d records, classes %s" % (len(dlq), dict(collections.Counter(bad.values()))))

    # the worker's own account agrees
    # (dead letters are logged as counts, a line per class per interval)
    failed = sum(l.get("count", 0) for l in d.lines() if l.get("event") == "dead_letter")
    if failed != len(bad):
        fail("worker logged %d dead letters, expected %d" % (failed, len(bad)))


run_test(main)
