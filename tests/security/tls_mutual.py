"""Issue 15: the pipeline through the real broker's SSL listener with
client certificates (mutual TLS), after the failures a user meets: a CA
that did not sign the broker's certificate, an expired broker
certificate, no client certificate. Each is refused with one clear line
and /readyz says why; the fixed worker then processes every article."""
from securelib import *


def main(cleanup):
    run = uid()
    topic, ids = setup_topic(run)
    mtls = {
        "bootstrap.servers": listener("ssl"),
        "security.protocol": "SSL",
        "ssl.ca.location": tls_file("ca.pem"),
        "ssl.certificate.location": tls_file("client.pem"),
        "ssl.key.location": tls_file("client.key"),
    }
    reason = "TLS handshake with the Kafka broker failed"

    cfg = worker_config(run, topic, dict(mtls, **{"ssl.ca.location": tls_file("other-ca.pem")}))
    refused(cleanup, "unknown-ca", cfg, None, reason,
            certificate="not signed by a CA in ssl.ca.location")

    cfg = worker_config(run, topic, dict(mtls, **{"bootstrap.servers": listener("expired")}))
    refused(cleanup, "expired-certificate", cfg, None, reason,
            certificate="has expired")

    no_cert = {k: v for k, v in mtls.items() if not k.startswith(("ssl.certificate", "ssl.key"))}
    cfg = worker_config(run, topic, no_cert)
    refused(cleanup, "no-client-certificate", cfg, None, reason,
            certificate="refused our client certificate")

    if any(p["committed"] >= 0 for p in offsets(cfg["kafka"]["group.id"], topic).values()):
        fail("a refused worker committed offsets")
    processes_all(cleanup, worker_config(run, topic, mtls), topic, ids)


run_test(main)
