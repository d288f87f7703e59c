"""Issue 8: the daemon's real output against schemas/, and the hostile
corpus through Kafka.

Every committed case of tests/corpus/cases goes to a one-partition topic
(offset = position), the sample articles after them. The worker must put
each case where tests/corpus/expected.tsv says: an enriched record that
passes newsenrich.article/1 and the offset contract, or a DLQ record with
exactly that error class and a reason. Every record on the entities and
claims topics passes its schema and equals the object in its article.
"""
import collections

from itlib import *

sys.path.insert(0, os.path.join(SOURCE, "tests", "schema"))
import nejson  # noqa: E402

CASES = os.path.join(SOURCE, "tests", "corpus", "cases")


def expectations():
    exp = {}
    with open(os.path.join(SOURCE, "tests", "corpus", "expected.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                parts = line.rstrip("\n").split("\t")
                exp[parts[0]] = parts[1]
    return exp


def raw_key(rec):
    if rec.get("key_b64"):
        return base64.b64decode(rec["key_b64"])
    return rec["key"].encode() if rec.get("key") is not None else None


def main(cleanup):
    run = uid()
    topic = "raw-" + run
    create_topic(topic, 1)
    exp = expectations()
    names = sorted(os.listdir(CASES))
    payloads = [open(os.path.join(CASES, n), "rb").read() for n in names]
    with open(os.path.join(SOURCE, "examples", "articles.jsonl"), "rb") as f:
        for i, l in enumerate(l for l in f if l.strip()):
            names.append("example%d" % i)
            payloads.append(l.rstrip(b"\n"))
            exp[names[-1]] = "ok"
    specs = [{"value_b64": base64.b64encode(p).decode(), "key": n}
             for n, p in zip(names, payloads)]
    produce(topic, specs)
    log("produced %d inputs to %s" % (len(specs), topic))

    cfg = daemon_config(run, topic)
    for t in ("enriched", "entities", "claims", "dlq"):
        create_topic(cfg["topics"][t], 1)  # exist even when left empty
    drain_with_one_worker(cfg, topic, cleanup)

    v = nejson.Validator()
    failures = []
    got = {}
    articles = {}
    for rec in consume(cfg["topics"]["enriched"]):
        art, errs = nejson.record_errors(v, raw_value(rec))
        failures += ["enriched %s: %s" % (rec.get("key"), e) for e in errs]
        if not art:
            continue
        off = art["source_offset"]["offset"]
        got.setdefault(names[off], []).append("ok")
        articles[art["id"]] = art
        if raw_key(rec) != art["id"].encode():
            failures.append("enriched record keyed %r, id %r" % (raw_key(rec), art["id"]))
    for rec in consume(cfg["topics"]["dlq"]):
        h = rec["headers"]
        name = raw_key(rec).decode()
        got.setdefault(name, []).append(h.get("error"))
        if not h.get("reason"):
            failures.append("DLQ record of %s without a reason" % name)
        if raw_value(rec) != payloads[names.index(name)]:
            failures.append("DLQ record of %s does not carry the original bytes" % name)
    n_side = collections.Counter()
    for kind, t in (("entity", cfg["topics"]["entities"]), ("claim", cfg["topics"]["claims"])):
        for rec in consume(t):
            raw = raw_value(rec)
            try:
                parent = articles.get(nejson.strict_loads(raw).get("article_id"))
            except nejson.JSONError:
                parent = None
            _, errs = nejson.record_errors(v, raw, parent)
            if parent is None:
                errs.append("no article for this record")
            failures += ["%s record: %s" % (kind, e) for e in errs]
            n_side[kind] += 1
    for name in names:
        if got.get(name) != [exp[name]]:
            failures.append("%s: got %s, expected %s" % (name, got.get(name), exp[name]))
    outcomes = collections.Counter(o for v_ in got.values() for o in v_)
    log("%d inputs: %s; %d entity and %d claim records"
        % (len(names), dict(outcomes), n_side["entity"], n_side["claim"]))
    if failures:
        fail("%d problems:\n  %s" % (len(failures), "\n  ".join(failures[:40])))


run_test(main)
