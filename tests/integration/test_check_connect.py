"""Issue 14: `check-config --connect` on the real broker: exit 0 when the
broker answers and every configured topic exists; exit 2 with one line per
missing topic; exit 2 when the broker does not answer with the configured
address or security settings."""
import json
import os
import subprocess
import tempfile

from itlib import MULT, NEWSENRICH, bootstrap, create_topic, fail, free_port, log, run_test, uid


def check(tmp, cfg):
    path = os.path.join(tmp, "config.json")
    with open(path, "w") as f:
        json.dump(cfg, f)
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSENRICH_")}
    r = subprocess.run([NEWSENRICH, "check-config", "--connect", "-c", path],
                       capture_output=True, text=True, env=env, timeout=120 * MULT)
    return r.returncode, r.stdout, r.stderr


def main(cleanup):
    tmp = tempfile.mkdtemp(prefix="ne-check-connect-")
    cleanup.append(lambda: subprocess.run(["rm", "-rf", tmp]))
    run = uid()
    topics = {"input": ["in-" + run], "enriched": "enr-" + run, "entities": "ent-" + run,
              "claims": "clm-" + run, "dlq": "dlq-" + run}
    cfg = {"kafka": {"bootstrap.servers": bootstrap()}, "topics": topics}
    for t in (topics["input"][0], topics["enriched"], topics["dlq"]):
        create_topic(t, 1)

    # twice: the check itself must not create them (the broker auto-creates
    # a topic a client asks for by name)
    check(tmp, cfg)
    rc, out, err = check(tmp, cfg)
    missing = [l for l in err.splitlines() if "does not exist" in l]
    if rc != 2 or len(missing) != 2 or "2 problems" not in err or \
            not any('"%s"' % topics["entities"] in l for l in missing) or \
            not any('"%s"' % topics["claims"] in l for l in missing):
        fail("two missing topics not listed one per line: %d %s" % (rc, err))
    log("missing topics: %s" % "; ".join(missing))

    # "" disables an output: nothing to check for it
    rc, out, err = check(tmp, dict(cfg, topics=dict(topics, entities="", claims="")))
    if rc != 0:
        fail("disabled outputs counted as missing: %d %s" % (rc, err))
    create_topic(topics["entities"], 1)
    create_topic(topics["claims"], 1)
    rc, out, err = check(tmp, cfg)
    if rc != 0 or json.loads(out)["topics"]["enriched"] != topics["enriched"]:
        fail("every topic exists, yet: %d %s" % (rc, err))
    log("all topics exist: exit 0")

    rc, out, err = check(tmp, {"kafka": {"bootstrap.servers": "127.0.0.1:%d" % free_port()},
                               "topics": topics})
    if rc != 2 or "kafka.bootstrap.servers" not in err or "did not answer" not in err or \
            "Connection refused" not in err:
        fail("a broker that is not there: %d %s" % (rc, err))
    log("no broker: %s" % err.strip().splitlines()[-1])

    # credentials the broker does not take: SASL against its plaintext listener
    rc, out, err = check(tmp, {"kafka": {"bootstrap.servers": bootstrap(),
                                         "security.protocol": "SASL_PLAINTEXT",
                                         "sasl.mechanism": "PLAIN",
                                         "sasl.username": "nobody",
                                         "sasl.password": "wrong"},
                               "topics": topics})
    if rc != 2 or "did not answer" not in err or "SASL" not in err or "wrong" in err:
        fail("refused credentials: %d %s" % (rc, err))
    # one line: the client's own log lines stay out of it
    if any(l.startswith("%") for l in err.splitlines()):
        fail("librdkafka log lines in the report: %s" % err)
    log("refused credentials: %s" % err.strip().splitlines()[-1])


run_test(main)
