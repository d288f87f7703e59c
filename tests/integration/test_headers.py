"""Issue 14 (9): the headers of every output record, on the real broker.

Articles go in with W3C trace context headers (traceparent, tracestate),
some without any header, some that the worker rejects (DLQ), one of them
with a content-type and a schema header of its own. Every record the
worker writes is checked by content:
- enriched, entity and claim records: exactly one content-type
  (application/json), exactly one schema naming the record's schema (and
  equal to the value's "schema" field), and the input's trace context,
  byte for byte, when the input had one (none when it had none);
- DLQ records: the input's headers first, unchanged and in order, then
  error, reason, source.topic/partition/offset, schema newsenrich.dlq/1
  as the last schema header, and one content-type: the input's own when it
  had one (content-type or Content-Type), else application/octet-stream.
"""
from itlib import *

N_TRACED = 6
N_PLAIN = 2


def traceparent(i):
    return "00-%032x-%016x-01" % (0x4bf92f3577b34da6a3ce929d0e0e4736 + i, 0x00f067aa0ba902b7 + i)


def header_list(rec):
    return [tuple(h) for h in rec.get("header_list", [])]


def values(rec, name):
    return [v for k, v in header_list(rec) if k == name]


def main(cleanup):
    run = uid()
    topic = "raw-" + run
    create_topic(topic, 2)
    inputs = {}  # key -> headers sent
    specs = []
    for i in range(N_TRACED + N_PLAIN):
        art = good_article(i, run)
        h = {}
        if i < N_TRACED:
            h = {"traceparent": traceparent(i), "tracestate": "ne=%d,vendor=x%d" % (i, i)}
        specs.append({"value": json.dumps(art), "key": art["id"], "headers": h})
        inputs[art["id"]] = h
    bad = [("bad-traced-" + run, {"traceparent": traceparent(99), "tracestate": "ne=99"}),
           ("bad-typed-" + run, {"content-type": "application/json",
                                 "schema": "upstream.article/3",
                                 "traceparent": traceparent(98)}),
           ("bad-capital-" + run, {"Content-Type": "text/plain"}),
           ("bad-plain-" + run, {})]
    for key, h in bad:
        specs.append({"value": json.dumps({"id": key, "title": "no body"}), "key": key,
                      "headers": h})
        inputs[key] = h
    produce(topic, specs)
    log("produced %d inputs to %s" % (len(specs), topic))

    cfg = daemon_config(run, topic)
    for t in ("enriched", "entities", "claims", "dlq"):
        create_topic(cfg["topics"][t], 1)
    drain_with_one_worker(cfg, topic, cleanup)

    failures = []
    seen = {"enriched": 0, "entities": 0, "claims": 0, "dlq": 0}
    schema_of = {"enriched": "newsenrich.article/1", "entities": "newsenrich.entity/1",
                 "claims": "newsenrich.claim/1"}
    for t in ("enriched", "entities", "claims"):
        for rec in consume(cfg["topics"][t]):
            seen[t] += 1
            doc = json.loads(raw_value(rec))
            aid = doc["id"] if t == "enriched" else doc["article_id"]
            where = "%s record of %s" % (t, aid)
            if aid not in inputs:
                failures.append("%s: no such input" % where)
                continue
            if values(rec, "content-type") != ["application/json"]:
                failures.append("%s: content-type %r" % (where, values(rec, "content-type")))
            if values(rec, "schema") != [schema_of[t]] or doc["schema"] != schema_of[t]:
                failures.append("%s: schema header %r, value schema %r" %
                                (where, values(rec, "schema"), doc["schema"]))
            for name in ("traceparent", "tracestate"):
                want = [inputs[aid][name]] if name in inputs[aid] else []
                if values(rec, name) != want:
                    failures.append("%s: %s %r, input had %r" % (where, name, values(rec, name), want))
            extra = {k for k, _ in header_list(rec)} - {"content-type", "schema", "traceparent",
                                                       "tracestate"}
            if extra:
                failures.append("%s: unexpected headers %s" % (where, sorted(extra)))

    for rec in consume(cfg["topics"]["dlq"]):
        seen["dlq"] += 1
        key = rec.get("key")
        where = "DLQ record of %s" % key
        sent = list(inputs.get(key, {}).items())
        got = header_list(rec)
        if key not in inputs:
            failures.append("%s: no such input" % where)
            continue
        if got[:len(sent)] != sent:
            failures.append("%s: original headers %r, sent %r" % (where, got[:len(sent)], sent))
        ours = dict(got[len(sent):])
        if ours.get("error") != "missing_body" or not ours.get("reason"):
            failures.append("%s: error %r reason %r" % (where, ours.get("error"), ours.get("reason")))
        if ours.get("source.topic") != topic or "source.partition" not in ours or \
                "source.offset" not in ours:
            failures.append("%s: source headers %r" % (where, ours))
        if values(rec, "schema")[-1:] != ["newsenrich.dlq/1"]:
            failures.append("%s: schema headers %r" % (where, values(rec, "schema")))
        # the input's own content-type (either spelling) stays the only one
        want_ct = [(k, v) for k, v in sent if k.lower() == "content-type"] or \
            [("content-type", "application/octet-stream")]
        got_ct = [(k, v) for k, v in got if k.lower() == "content-type"]
        if got_ct != want_ct:
            failures.append("%s: content-type headers %r, want %r" % (where, got_ct, want_ct))
        if raw_value(rec) != json.dumps({"id": key, "title": "no body"}).encode():
            failures.append("%s: not the original bytes" % where)

    log("records checked: %s" % seen)
    if seen["enriched"] != N_TRACED + N_PLAIN or seen["dlq"] != len(bad):
        failures.append("expected %d enriched and %d DLQ records, got %s" %
                        (N_TRACED + N_PLAIN, len(bad), seen))
    if not seen["entities"] or not seen["claims"]:
        failures.append("no entity or claim records to check: %s" % seen)
    if failures:
        fail("%d header problems:\n  %s" % (len(failures), "\n  ".join(failures[:30])))


if __name__ == "__main__":
    run_test(main)
