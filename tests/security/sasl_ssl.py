"""Issue 15: the pipeline through the real broker's SASL_SSL listener with
SCRAM-SHA-512 (user made by kafka-storage --add-scram, password in the
environment as documented). First with a wrong password: refused, one
clear line, /readyz says why, exit 0; then with the right one: every
article processed, offsets committed, nothing lost."""
from securelib import *


def main(cleanup):
    run = uid()
    topic, ids = setup_topic(run)
    user, password = scram_user()
    cfg = worker_config(run, topic, {
        "bootstrap.servers": listener("sasl_ssl"),
        "security.protocol": "SASL_SSL",
        "sasl.mechanism": "SCRAM-SHA-512",
        "sasl.username": user,
        "ssl.ca.location": tls_file("ca.pem"),
    })
    wrong = "wrong-" + password[::-1]
    refused(cleanup, "wrong-password", cfg,
            {"NEWSENRICH_KAFKA_SASL_PASSWORD": wrong},
            "SASL authentication failed", secrets=(wrong, password))
    if any(p["committed"] >= 0 for p in offsets(cfg["kafka"]["group.id"], topic).values()):
        fail("a refused worker committed offsets")
    processes_all(cleanup, cfg, topic, ids,
                  {"NEWSENRICH_KAFKA_SASL_PASSWORD": password}, secrets=(password,))


run_test(main)
