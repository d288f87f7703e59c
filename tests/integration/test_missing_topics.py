"""Issue 14 (6): a topic that does not exist is visible, on the real broker.

A worker starts with its input topic and its DLQ topic missing (the
broker would auto-create a topic a client names in a metadata request;
the worker must not, and must not look ready on an empty assignment).
Then:
- /readyz answers 503 and lists both topics in missing_topics;
- /metrics has newsenrich_topic_missing 1 for both, 0 for the outputs
  that exist;
- the log names both topics (event topic_missing, with their role);
- neither topic was created by the worker.
The topics are then created and articles produced: the gauges turn 0,
/readyz 200, the log says topic_present, and every article is processed
and committed.
"""
import urllib.error
import urllib.request

from itlib import *


def readyz(port):
    try:
        with urllib.request.urlopen("http://127.0.0.1:%d/readyz" % port, timeout=5) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def gauge(port, topic):
    return metrics(port).get('newsenrich_topic_missing{topic="%s"}' % topic)


def topic_exists(topic):
    return topic in json.loads(testkit("topics", bootstrap()))


def main(cleanup):
    run = uid()
    topic = "raw-" + run
    cfg = daemon_config(run, topic)
    for t in ("enriched", "entities", "claims"):
        create_topic(cfg["topics"][t], 1)
    dlq = cfg["topics"]["dlq"]

    d = Daemon("worker", cfg).start()
    cleanup.append(d.kill)
    port = d.wait_event("listening")[0]["port"]

    def reports_missing():
        status, body = readyz(port)
        return status == 503 and sorted(body.get("missing_topics", [])) == sorted([topic, dlq]) \
            and "topic" in body.get("reason", "") and body
    body = wait_until(reports_missing, 60, "/readyz to list %s and %s as missing" % (topic, dlq))
    log("/readyz: %s %s" % (body["reason"], body["missing_topics"]))
    wait_until(lambda: gauge(port, topic) == 1 and gauge(port, dlq) == 1, 30,
               "newsenrich_topic_missing 1 for the input and DLQ topics")
    for t in ("enriched", "entities", "claims"):
        if gauge(port, cfg["topics"][t]) != 0:
            fail("newsenrich_topic_missing for existing %s is %r" % (t, gauge(port, cfg["topics"][t])))
    logged = {(e.get("topic"), e.get("role")) for e in d.events("topic_missing")}
    if (topic, "input") not in logged or (dlq, "dlq") not in logged:
        fail("topic_missing log lines name %r, not both topics" % sorted(logged))
    # a few more checks pass: the worker still must not have created them
    wait_until(lambda: len(d.events("topic_missing")) >= 2 and
               readyz(port)[0] == 503, 30, "still not ready")
    d_metrics = metrics(port)
    if d_metrics.get("newsenrich_ready") != 0:
        fail("newsenrich_ready is %r while topics are missing" % d_metrics.get("newsenrich_ready"))
    for t in (topic, dlq):
        if topic_exists(t):
            fail("the worker created topic %s" % t)

    create_topic(topic, 2)
    create_topic(dlq, 1)
    specs = []
    for i in range(5):
        art = good_article(i, run)
        specs.append({"value": json.dumps(art), "key": art["id"]})
    specs.append({"value": json.dumps({"id": "bad-" + run, "title": "no body"}), "key": "bad-" + run})
    produce(topic, specs)
    log("created %s and %s, produced %d inputs" % (topic, dlq, len(specs)))

    wait_until(lambda: readyz(port)[0] == 200, 60, "/readyz ready once the topics exist")
    for t in (topic, dlq):
        if gauge(port, t) != 0:
            fail("newsenrich_topic_missing{topic=%s} is %r after it was created" % (t, gauge(port, t)))
    present = {e.get("topic") for e in d.events("topic_present")}
    if present != {topic, dlq}:
        fail("topic_present logged for %r" % sorted(present))
    wait_until(lambda: all_committed(cfg["kafka"]["group.id"], topic), 120,
               "every input committed", 1.0)
    rc = d.stop()
    if rc != 0:
        fail("worker exited %d:\n%s" % (rc, d.tail()))
    enriched = consume(cfg["topics"]["enriched"])
    dead = consume(dlq)
    if len(enriched) != 5 or len(dead) != 1:
        fail("%d enriched and %d DLQ records, expected 5 and 1" % (len(enriched), len(dead)))


if __name__ == "__main__":
    run_test(main)
