"""The deployment artefacts agree with each other and with the daemon.

A schema says a field is well-formed, not that the probe path exists or
that KEDA watches the group the workers join. This test parses the
manifests (PyYAML) and checks what ties them together:
  - the ConfigMap's config.json, with the pod's environment, passes
    `newsenrich check-config`, and the effective config has the pod name as
    group.instance.id and in transactional_id, the container port as the
    listen port, one thread per CPU of the limit;
  - selectors match the pod labels; probes hit /healthz and /readyz on the
    named port; the grace period exceeds the shutdown deadline;
  - KEDA scales this StatefulSet on this group and input topic, capped;
  - the ServiceMonitor scrapes the Service's metrics port, so job is
    "newsenrich" as the alert rules expect;
  - the Dockerfile's user, port and model directory match.
"""
import json
import os
import re
import subprocess

import opslib
from opslib import fail, log

# YAML is read through the `yq` command (Debian package yq), which prints
# each document as one line of JSON: the test itself stays stdlib-only.
if subprocess.run(["sh", "-c", "command -v yq"], capture_output=True).returncode:
    opslib.log("SKIP: yq is not installed (Debian package yq)")
    raise SystemExit(opslib.SKIP)


def yaml_documents(path):
    r = subprocess.run(["yq", "-c", ".", path], capture_output=True, text=True)
    if r.returncode != 0:
        fail("%s does not parse as YAML: %s" % (path, r.stderr.strip()))
    return [json.loads(l) for l in r.stdout.splitlines() if l.strip()]


K8S = os.path.join(opslib.SOURCE, "deploy", "k8s")
DOCKERFILE = os.path.join(opslib.SOURCE, "deploy", "docker", "Dockerfile")
POD = "newsenrich-0"


def load():
    docs = {}
    for name in sorted(os.listdir(K8S)):
        if not name.endswith(".yaml"):
            continue
        for d in yaml_documents(os.path.join(K8S, name)):
            if not d:
                continue
            for k in ("apiVersion", "kind"):
                if k not in d:
                    fail("%s: a document without %s" % (name, k))
            if d["kind"] != "Kustomization" and not d.get("metadata", {}).get("name"):
                fail("%s: %s without metadata.name" % (name, d["kind"]))
            if d["kind"] in docs:
                fail("two %s documents" % d["kind"])
            docs[d["kind"]] = dict(d, _file=name)
    return docs


def matches(selector, labels):
    return selector and all(labels.get(k) == v for k, v in selector.items())


def pod_env(container, limits_cpu):
    """The container's environment as the kubelet would set it for POD."""
    env = {}
    for e in container.get("env", []):
        if "value" in e:
            # $(VAR) refers to a variable defined earlier in the list
            env[e["name"]] = re.sub(r"\$\((\w+)\)", lambda m: env.get(m.group(1), m.group(0)),
                                    e["value"])
        elif e["valueFrom"].get("fieldRef", {}).get("fieldPath") == "metadata.name":
            env[e["name"]] = POD
        elif "resourceFieldRef" in e["valueFrom"]:
            ref = e["valueFrom"]["resourceFieldRef"]
            if ref["resource"] != "limits.cpu":
                fail("unexpected resourceFieldRef %r" % ref)
            env[e["name"]] = str(int(limits_cpu))
        else:
            fail("unexpected env source %r" % e)
    return env


def check_config(docs, sts, container):
    config = docs["ConfigMap"]["data"]["config.json"]
    json.loads(config)  # valid JSON before anything else
    limits_cpu = float(container["resources"]["limits"]["cpu"])
    env = pod_env(container, limits_cpu)
    with opslib.tempdir("ne-ops-k8s-") as tmp:
        path = os.path.join(tmp, "config.json")
        with open(path, "w") as f:
            f.write(config)
        run_env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSENRICH_")}
        run_env.update(env)
        r = subprocess.run([opslib.NEWSENRICH, "check-config", "-c", path],
                           env=run_env, capture_output=True, timeout=60)
    if r.returncode != 0:
        fail("check-config rejects the ConfigMap's config: %s" % r.stderr.decode())
    eff = json.loads(r.stdout)
    kafka = eff["kafka"]
    if kafka.get("group.instance.id") != POD:
        fail("group.instance.id is %r, not the pod name" % kafka.get("group.instance.id"))
    if POD not in eff["processing"]["transactional_id"]:
        fail("transactional_id %r lacks the pod name" % eff["processing"]["transactional_id"])
    if kafka.get("bootstrap.servers") != env["KAFKA_BOOTSTRAP_SERVERS"]:
        fail("bootstrap.servers is %r" % kafka.get("bootstrap.servers"))
    if eff["processing"]["threads"] != int(limits_cpu):
        fail("threads %r != the CPU limit %r" % (eff["processing"]["threads"], limits_cpu))
    port = {p["name"]: p["containerPort"] for p in container["ports"]}["metrics"]
    host, lport = eff["http"]["listen"].rsplit(":", 1)
    if int(lport) != port or host not in ("0.0.0.0", "", "*"):
        fail("http.listen %r does not serve containerPort %d on all addresses"
             % (eff["http"]["listen"], port))
    grace = sts["spec"]["template"]["spec"]["terminationGracePeriodSeconds"]
    if grace * 1000 <= eff["processing"]["shutdown_timeout_ms"] + 5000:
        fail("terminationGracePeriodSeconds %d leaves no margin over "
             "shutdown_timeout_ms %d" % (grace, eff["processing"]["shutdown_timeout_ms"]))
    log("check-config accepts the ConfigMap as pod %s would load it" % POD)
    return eff, port


def check_statefulset(docs):
    sts = docs["StatefulSet"]
    spec = sts["spec"]
    tmpl = spec["template"]
    labels = tmpl["metadata"]["labels"]
    if not matches(spec["selector"]["matchLabels"], labels):
        fail("the StatefulSet selector does not match its pods")
    if spec["serviceName"] != docs["Service"]["metadata"]["name"]:
        fail("serviceName is not the Service")
    containers = {c["name"]: c for c in tmpl["spec"]["containers"]}
    c = containers["newsenrich"]
    if c["args"][:1] != ["run"]:
        fail("the container does not run the daemon: %r" % c["args"])
    ports = {p["name"] for p in c["ports"]}
    for probe, path in (("livenessProbe", "/healthz"), ("startupProbe", "/healthz"),
                        ("readinessProbe", "/readyz")):
        get = c[probe]["httpGet"]
        if get["path"] != path or get["port"] not in ports:
            fail("%s is %r, expected %s on a named port" % (probe, get, path))
    init = tmpl["spec"].get("initContainers", [])
    if not any(i["args"][:1] == ["check-config"] and i["image"] == c["image"] for i in init):
        fail("no check-config init container with the worker's image")
    for i in init:
        if pod_env(i, float(c["resources"]["limits"]["cpu"])) != \
                pod_env(c, float(c["resources"]["limits"]["cpu"])):
            fail("init container %s has another environment than the worker" % i["name"])
    sec = tmpl["spec"]["securityContext"]
    if not sec.get("runAsNonRoot") or c["securityContext"].get("allowPrivilegeEscalation") is not False:
        fail("the pod may run as root or escalate")
    return sts, c, labels


def check_service_and_monitor(docs, labels, port):
    svc = docs["Service"]
    if not matches(svc["spec"]["selector"], labels):
        fail("the Service selects no worker")
    sport = {p["name"]: p for p in svc["spec"]["ports"]}.get("metrics")
    if not sport or sport["targetPort"] != "metrics" or sport["port"] != port:
        fail("the Service has no metrics port %d" % port)
    sm = docs["ServiceMonitor"]
    if sm["apiVersion"] != "monitoring.coreos.com/v1":
        fail("ServiceMonitor apiVersion %s" % sm["apiVersion"])
    if not matches(sm["spec"]["selector"]["matchLabels"], svc["metadata"]["labels"]):
        fail("the ServiceMonitor does not select the Service")
    ep = sm["spec"]["endpoints"]
    if len(ep) != 1 or ep[0]["port"] != "metrics" or ep[0].get("path", "/metrics") != "/metrics":
        fail("ServiceMonitor endpoints %r" % ep)
    if svc["metadata"]["name"] != "newsenrich":
        fail("the job label (the Service's name) must be newsenrich for alerts.yml")
    ann = docs["StatefulSet"]["spec"]["template"]["metadata"]["annotations"]
    if ann.get("prometheus.io/port") != str(port) or ann.get("prometheus.io/path") != "/metrics":
        fail("prometheus.io annotations %r" % ann)
    pdb = docs["PodDisruptionBudget"]
    if pdb["apiVersion"] != "policy/v1" or not matches(pdb["spec"]["selector"]["matchLabels"], labels):
        fail("the PodDisruptionBudget does not cover the workers")
    if pdb["spec"].get("maxUnavailable") != 1:
        fail("the PodDisruptionBudget should allow one disruption at a time")


def check_keda(docs, eff, env):
    so = docs["ScaledObject"]
    if so["apiVersion"] != "keda.sh/v1alpha1":
        fail("ScaledObject apiVersion %s" % so["apiVersion"])
    spec = so["spec"]
    ref = spec["scaleTargetRef"]
    if ref.get("kind") != "StatefulSet" or ref["name"] != docs["StatefulSet"]["metadata"]["name"]:
        fail("KEDA scales %r, not the StatefulSet" % ref)
    if not 1 <= spec["minReplicaCount"] <= spec["maxReplicaCount"]:
        fail("replica bounds %d..%d" % (spec["minReplicaCount"], spec["maxReplicaCount"]))
    triggers = spec["triggers"]
    if len(triggers) != 1 or triggers[0]["type"] != "kafka":
        fail("expected one kafka trigger: %r" % triggers)
    md = triggers[0]["metadata"]
    if md["consumerGroup"] != eff["kafka"]["group.id"]:
        fail("KEDA watches group %s, the workers join %s" % (md["consumerGroup"], eff["kafka"]["group.id"]))
    if md["topic"] not in eff["topics"]["input"]:
        fail("KEDA watches topic %s, not an input topic" % md["topic"])
    if md["bootstrapServers"] != env["KAFKA_BOOTSTRAP_SERVERS"]:
        fail("KEDA and the workers use different brokers")
    if md.get("allowIdleConsumers") != "false":
        fail("allowIdleConsumers must be \"false\": workers beyond the partitions idle")
    int(md["lagThreshold"])  # KEDA wants a number in a string


def check_kustomization(docs):
    listed = set(docs["Kustomization"]["resources"])
    files = {d["_file"] for k, d in docs.items() if k != "Kustomization"}
    if listed != files:
        fail("kustomization.yaml lists %s, the directory has %s" % (sorted(listed), sorted(files)))


def check_dockerfile(container, port):
    text = open(DOCKERFILE).read()
    for want in ("-DCMAKE_INSTALL_PREFIX=/usr", "cmake --install"):
        if want not in text:
            fail("the Dockerfile lacks %s" % want)
    froms = re.findall(r"^FROM (\S+)", text, re.M)
    if len(froms) < 2 or any(not f.startswith("debian:12-slim") for f in froms):
        fail("expected a multi-stage build on debian:12-slim: %r" % froms)
    user = re.findall(r"^USER (\d+)(?::(\d+))?$", text, re.M)
    if not user or int(user[-1][0]) == 0:
        fail("the image must end as a numeric non-root USER")
    sts_user = container.get("_pod_user")
    if sts_user is not None and int(user[-1][0]) != sts_user:
        fail("image USER %s, pod runAsUser %s" % (user[-1][0], sts_user))
    if not re.search(r"^EXPOSE %d$" % port, text, re.M) or \
            "NEWSENRICH_HTTP_LISTEN=0.0.0.0:%d" % port not in text:
        fail("the image does not serve port %d on all addresses" % port)
    if "HEALTHCHECK" not in text:
        fail("the image has no HEALTHCHECK")


def test():
    docs = load()
    for kind in ("ConfigMap", "StatefulSet", "Service", "ServiceMonitor",
                 "PodDisruptionBudget", "ScaledObject", "Kustomization"):
        if kind not in docs:
            fail("no %s in %s" % (kind, K8S))
    sts, container, labels = check_statefulset(docs)
    eff, port = check_config(docs, sts, container)
    check_service_and_monitor(docs, labels, port)
    env = pod_env(container, float(container["resources"]["limits"]["cpu"]))
    check_keda(docs, eff, env)
    check_kustomization(docs)
    container["_pod_user"] = sts["spec"]["template"]["spec"]["securityContext"]["runAsUser"]
    check_dockerfile(container, port)
    log("manifests, config, Dockerfile agree (%d documents)" % len(docs))


if __name__ == "__main__":
    opslib.main(test)
