"""An article whose enriched record is over the producer's size limit
(kafka.message.max.bytes) cannot be published: the original goes to the
DLQ as output_too_large, and the other articles flow on. In exactly-once
mode the DLQ record is part of the transaction and read_committed readers
see it once; nothing aborts in a loop."""
import collections

from itlib import *


def scenario(guarantee):
    run = uid()
    topic = "raw-" + run
    create_topic(topic, 2)
    specs, good, _ = article_specs(300, run, malformed_every=0)
    # ~29 KB of input, but every name mention adds to the enriched record,
    # which ends up far over the 40,000-byte limit while the input fits
    big = {"id": "big-" + run, "title": "Gipfel", "language": "de",
           "body": "Angela Merkel traf Emmanuel Macron in Paris. " * 650}
    raw = json.dumps(big).encode()
    specs.insert(150, {"value_b64": base64.b64encode(raw).decode()})
    produce(topic, specs)
    extra = {"kafka": {"message.max.bytes": "40000"},
             "processing": {"guarantee": guarantee, "max_message_bytes": 65536}}
    cfg = daemon_config(run, topic, extra)
    env = {"NEWSENRICH_PROCESSING_TRANSACTIONAL_ID": "tx-" + run}
    w = Daemon("worker-" + guarantee, cfg, env).start()
    try:
        wait_until(lambda: all_committed(cfg["kafka"]["group.id"], topic), 300,
                   "all offsets committed", 0.5)
        rc = w.stop()
        if rc != 0:
            fail("worker exited %d:\n%s" % (rc, w.tail()))
    finally:
        w.kill()
    iso = "read_committed" if guarantee == "exactly_once" else "read_uncommitted"
    out = collections.Counter(json.loads(r["value"])["id"]
                              for r in consume(cfg["topics"]["enriched"], iso))
    dlq = consume(cfg["topics"]["dlq"], iso)
    if good - set(out):
        fail("%s: %d articles missing" % (guarantee, len(good - set(out))))
    if big["id"] in out:
        fail("%s: the oversized record was published" % guarantee)
    if len(dlq) != 1 or raw_value(dlq[0]) != raw or dlq[0]["headers"]["error"] != "output_too_large":
        fail("%s: DLQ %r" % (guarantee, [(d["headers"], len(raw_value(d))) for d in dlq]))
    aborted = len(w.events("transaction_aborted"))
    log("%s: %d articles published, oversized one on the DLQ (%s); %d aborted transactions"
        % (guarantee, len(out), dlq[0]["headers"]["reason"], aborted))
    if aborted:
        fail("%s: transactions aborted" % guarantee)


def main(cleanup):
    scenario("at_least_once")
    scenario("exactly_once")


run_test(main)
