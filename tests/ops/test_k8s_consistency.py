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
  - the Dockerfile's user, port and model directory match;
  - the layout of issue 14: no `replicas` under KEDA, the brokers' address
    written once (the ConfigMap's KAFKA_BOOTSTRAP_SERVERS, read by the
    containers and by KEDA through bootstrapServersFromEnv), no service
    links, no service account token, a PodDisruptionBudget that lets
    drains evict unready workers, a NetworkPolicy, and an init container
    with the memory the models need.
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


def pod_env(container, limits_cpu, configmap):
    """The container's environment as the kubelet would set it for POD;
    configmap is the ConfigMap document that configMapKeyRef reads."""
    env = {}
    for e in container.get("env", []):
        if "value" in e:
            # $(VAR) refers to a variable defined earlier in the list
            env[e["name"]] = re.sub(r"\$\((\w+)\)", lambda m: env.get(m.group(1), m.group(0)),
                                    e["value"])
        elif e["valueFrom"].get("fieldRef", {}).get("fieldPath") == "metadata.name":
            env[e["name"]] = POD
        elif "configMapKeyRef" in e["valueFrom"]:
            ref = e["valueFrom"]["configMapKeyRef"]
            if ref["name"] != configmap["metadata"]["name"] or ref["key"] not in configmap["data"]:
                fail("%s refers to %r, which the ConfigMap lacks" % (e["name"], ref))
            env[e["name"]] = configmap["data"][ref["key"]]
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
    env = pod_env(container, limits_cpu, docs["ConfigMap"])
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
        if pod_env(i, float(c["resources"]["limits"]["cpu"]), docs["ConfigMap"]) != \
                pod_env(c, float(c["resources"]["limits"]["cpu"]), docs["ConfigMap"]):
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
    # KEDA reads the address from the worker container's environment
    if "bootstrapServers" in md:
        fail("the ScaledObject writes the brokers' address again: use bootstrapServersFromEnv")
    if md.get("bootstrapServersFromEnv") != "KAFKA_BOOTSTRAP_SERVERS" or \
            "KAFKA_BOOTSTRAP_SERVERS" not in env:
        fail("KEDA's bootstrapServersFromEnv %r is not the workers' variable" %
             md.get("bootstrapServersFromEnv"))
    if ref.get("envSourceContainerName") != "newsenrich":
        fail("KEDA reads the environment of container %r, not the worker's" %
             ref.get("envSourceContainerName"))
    if md.get("allowIdleConsumers") != "false":
        fail("allowIdleConsumers must be \"false\": workers beyond the partitions idle")
    int(md["lagThreshold"])  # KEDA wants a number in a string


MIB = {"Ki": 1 / 1024, "Mi": 1, "Gi": 1024}
# check-config loads what `run` loads: the models and KB files, about
# 200 MB with the GeoNames gazetteer
MODELS_MIB = 256


def mebibytes(q):
    m = re.fullmatch(r"(\d+)(Ki|Mi|Gi)", str(q))
    if not m:
        fail("memory quantity %r: expected Ki, Mi or Gi" % q)
    return int(m.group(1)) * MIB[m.group(2)]


def check_layout(docs, sts, container, labels):
    spec = sts["spec"]
    pod = spec["template"]["spec"]
    if "replicas" in spec:
        fail("the StatefulSet sets replicas: %r; every apply would undo KEDA's scaling"
             % spec["replicas"])
    if pod.get("enableServiceLinks") is not False:
        fail("enableServiceLinks must be false: service variables can collide "
             "with NEWSENRICH_KAFKA_*")
    if pod.get("automountServiceAccountToken") is not False:
        fail("automountServiceAccountToken must be false: the worker needs no API token")
    pdb = docs["PodDisruptionBudget"]["spec"]
    if pdb.get("unhealthyPodEvictionPolicy") != "AlwaysAllow":
        fail("the PodDisruptionBudget blocks drains while a broker outage makes "
             "every worker unready: set unhealthyPodEvictionPolicy: AlwaysAllow")
    # the brokers' address: written once, in the ConfigMap
    addr = docs["ConfigMap"]["data"].get("KAFKA_BOOTSTRAP_SERVERS")
    if not addr:
        fail("the ConfigMap has no KAFKA_BOOTSTRAP_SERVERS")
    where = [name for name in sorted(os.listdir(K8S)) if name.endswith(".yaml")
             for _ in range(open(os.path.join(K8S, name)).read().count(addr))]
    if where != [docs["ConfigMap"]["_file"]]:
        fail("the brokers' address %s is written in %s, not once in the ConfigMap" % (addr, where))
    # the init container holds the models while it checks them
    for i in pod.get("initContainers", []):
        res = i.get("resources", {})
        lim = mebibytes(res.get("limits", {}).get("memory", "0Mi"))
        req = mebibytes(res.get("requests", {}).get("memory", "0Mi"))
        if lim < MODELS_MIB or req < MODELS_MIB:
            fail("init container %s has %s MiB (request %s): the models need %d"
                 % (i["name"], lim, req, MODELS_MIB))
    # the NetworkPolicy: this pod, scrapes in on the metrics port, DNS out
    np = docs.get("NetworkPolicy")
    if not np:
        fail("no NetworkPolicy in %s" % K8S)
    nps = np["spec"]
    if not matches(nps["podSelector"].get("matchLabels"), labels):
        fail("the NetworkPolicy does not select the workers")
    if sorted(nps.get("policyTypes", [])) != ["Egress", "Ingress"]:
        fail("the NetworkPolicy must restrict both directions: %r" % nps.get("policyTypes"))
    port = {p["name"]: p["containerPort"] for p in container["ports"]}["metrics"]
    ingress = [p.get("port") for r in nps.get("ingress", []) for p in r.get("ports", [])]
    if not ("metrics" in ingress or port in ingress):
        fail("the NetworkPolicy lets no scrape in on the metrics port: %r" % ingress)
    egress = {(p.get("port"), p.get("protocol", "TCP")) for r in nps.get("egress", [])
              for p in r.get("ports", [])}
    if (53, "UDP") not in egress:
        fail("the NetworkPolicy blocks DNS: %r" % sorted(egress))
    if not any(p.get("port", 0) <= 9092 <= p.get("endPort", p.get("port", 0))
               for r in nps["egress"] for p in r.get("ports", []) if isinstance(p.get("port"), int)):
        fail("the NetworkPolicy blocks the Kafka port 9092")
    log("layout: no replicas, address once (%s), no service links or token, "
        "AlwaysAllow PDB, NetworkPolicy" % docs["ConfigMap"]["_file"])


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
                 "PodDisruptionBudget", "ScaledObject", "Kustomization", "NetworkPolicy"):
        if kind not in docs:
            fail("no %s in %s" % (kind, K8S))
    sts, container, labels = check_statefulset(docs)
    eff, port = check_config(docs, sts, container)
    check_service_and_monitor(docs, labels, port)
    env = pod_env(container, float(container["resources"]["limits"]["cpu"]), docs["ConfigMap"])
    check_keda(docs, eff, env)
    check_layout(docs, sts, container, labels)
    check_kustomization(docs)
    container["_pod_user"] = sts["spec"]["template"]["spec"]["securityContext"]["runAsUser"]
    check_dockerfile(container, port)
    log("manifests, config, Dockerfile agree (%d documents)" % len(docs))


if __name__ == "__main__":
    opslib.main(test)
