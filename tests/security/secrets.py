"""Issue 15: planted secrets never show up in what the worker prints.

Secrets are planted in every property that holds one (file and
environment) and as a URL password in an ordinary value. Then:
  1. check-config's output;
  2. the debug log (librdkafka debug=all) of a worker whose connection
     fails (SASL_SSL against a plaintext broker), and its /metrics;
  3. the DLQ records' headers of a worker that rejects messages;
  4. check-config on sasl.oauthbearer.method=oidc explains itself.
None may contain a planted value."""
import base64
import json
import os
import subprocess
import urllib.request

from itlib import *

SECRETS = {
    "sasl.password": "PLANT-saslpw-1",
    "ssl.key.password": "PLANT-keypw-2",
    "ssl.keystore.password": "PLANT-storepw-3",
    "sasl.oauthbearer.config": "principal=p PLANT-oauthcfg-4",
}
ENV_SECRET = "PLANT-envpw-5"   # NEWSENRICH_KAFKA_SASL_PASSWORD overrides
URL_SECRET = "PLANT-urlpw-6"   # in client.id, an ordinary value
PLANTED = list(SECRETS.values()) + [ENV_SECRET, URL_SECRET]


def planted_config(run, topic, extra_kafka):
    cfg = daemon_config(run, topic, {"log": {"level": "debug"}})
    cfg["kafka"].update(SECRETS)
    cfg["kafka"]["client.id"] = "https://svc:%s@proxy.example/x" % URL_SECRET
    cfg["kafka"].update(extra_kafka)
    cfg["topics"]["entities"] = ""
    cfg["topics"]["claims"] = ""
    return cfg


def leaks(text, where):
    found = [s for s in PLANTED if s in text]
    if found:
        fail("%s shows planted secrets %r" % (where, found))
    log("%s: no planted secret in %d bytes" % (where, len(text)))


def check_config(cfg, env):
    d = Daemon("check", cfg)
    e = dict(os.environ, **env)
    r = subprocess.run([NEWSENRICH, "check-config", "-c", d.config_path],
                       capture_output=True, text=True, env=e)
    return r.returncode, r.stdout + r.stderr


def main(cleanup):
    env = {"NEWSENRICH_KAFKA_SASL_PASSWORD": ENV_SECRET}
    mc, run, topic = start_mock(cleanup, 1)

    # 1. check-config
    cfg = planted_config(run, topic, {})
    rc, out = check_config(cfg, env)
    if rc != 0 or "[redacted]" not in out:
        fail("check-config exited %d:\n%s" % (rc, out))
    leaks(out, "check-config")

    # 2. a failing connection, logged at debug with every librdkafka context
    cfg = planted_config(run, topic, {"security.protocol": "SASL_SSL",
                                      "sasl.mechanism": "SCRAM-SHA-512",
                                      "sasl.username": "svc", "debug": "all"})
    w = Daemon("failing", cfg, env).start()
    cleanup.append(w.kill)
    port = w.wait_event("listening")[0]["port"]
    wait_until(lambda: any(l.get("component") == "librdkafka" and
                           "SSL" in l.get("msg", "") for l in w.lines()),
               60, "a failed SSL handshake in the debug log")
    with urllib.request.urlopen("http://127.0.0.1:%d/metrics" % port, timeout=10) as r:
        leaks(r.read().decode(), "/metrics")
    for path in ("/readyz", "/healthz"):
        try:
            body = urllib.request.urlopen("http://127.0.0.1:%d%s" % (port, path),
                                          timeout=10).read().decode()
        except urllib.error.HTTPError as e:
            body = e.read().decode()
        leaks(body, path)
    w.stop()
    with open(w.log_path, "rb") as f:
        text = f.read().decode(errors="replace")
    if "Client configuration" not in text and "sasl.username" not in text:
        log("note: librdkafka printed no configuration dump")
    leaks(text, "debug log of a failing SASL_SSL connection")

    # 3. DLQ headers (plaintext: the SASL and SSL properties are unused)
    mc.cmd("topic enr-%s 1" % run)
    mc.cmd("topic dlq-%s 1" % run)
    bad = [{"value_b64": base64.b64encode(b'{"id": "x%d", "body": 7}' % i).decode()}
           for i in range(20)]
    produce(topic, bad)
    cfg = planted_config(run, topic, {"debug": "all"})
    d = drain_with_one_worker(cfg, topic, cleanup)
    dlq = consume(cfg["topics"]["dlq"])
    if len(dlq) != len(bad):
        fail("DLQ holds %d records, expected %d" % (len(dlq), len(bad)))
    leaks(json.dumps([r.get("headers") for r in dlq]), "DLQ headers")
    with open(d.log_path, "rb") as f:
        leaks(f.read().decode(errors="replace"), "debug log of a working worker")

    # 4. OIDC needs a librdkafka with libcurl
    cfg = planted_config(run, topic, {"sasl.mechanism": "OAUTHBEARER",
                                      "sasl.oauthbearer.method": "oidc",
                                      "sasl.oauthbearer.client.secret": "PLANT-oidc-7"})
    PLANTED.append("PLANT-oidc-7")
    rc, out = check_config(cfg, env)
    log("check-config with oidc: exit %d: %s" % (rc, out.strip()))
    if rc == 0:
        log("this librdkafka supports OIDC; nothing to explain")
    elif rc != 2 or "without libcurl" not in out:
        fail("oidc: expected exit 2 and a plain explanation, got %d:\n%s" % (rc, out))
    leaks(out, "check-config with oidc")


run_test(main)
