"""The Kubernetes manifests against the Kubernetes API's own JSON schemas.

Tool: kubernetes-validate (PyPI), which ships the OpenAPI-derived schemas of
every Kubernetes release since 1.25 inside the package, so it validates
offline; --strict rejects unknown fields (a misspelt livenessProbe fails).
kubeconform would be the other choice, but it downloads its schemas at run
time. The schemas cover the built-in kinds; the CRDs (KEDA's ScaledObject,
the Prometheus Operator's ServiceMonitor) have none there and are checked
field by field in test_k8s_consistency.py.

Validated against Kubernetes 1.27 and the newest release the tool knows:
the manifests use only APIs that are stable across that range. 1.27 is the
oldest supported cluster: the PodDisruptionBudget's
unhealthyPodEvictionPolicy is on by default from there.
"""
import glob
import os
import re
import subprocess

import opslib
from opslib import fail, log

K8S = os.path.join(opslib.SOURCE, "deploy", "k8s")
VERSIONS = ("1.27.0", None)  # None: the tool's newest
CRD_KINDS = {"ScaledObject", "ServiceMonitor", "Kustomization"}


def test():
    validate = opslib.tool("kubernetes-validate")
    files = sorted(glob.glob(os.path.join(K8S, "*.yaml")))
    if len(files) < 6:
        fail("expected the manifests in %s, found %s" % (K8S, files))
    passed = set()
    for version in VERSIONS:
        argv = [validate, "--strict"] + (["-k", version] if version else []) + files
        r = subprocess.run(argv, capture_output=True, timeout=300)
        out = (r.stdout + r.stderr).decode(errors="replace")
        for line in out.splitlines():
            if line.startswith("INFO") and " passed " in line:
                passed.add(os.path.basename(line.split()[1]))
            elif line.startswith("WARN") and "Couldn't find schema" in line:
                kind = re.search(r"for kind (\S+)", line).group(1)
                if kind not in CRD_KINDS:
                    fail("no schema for built-in kind %s: %s" % (kind, line))
            elif line.strip():
                fail("kubernetes-validate %s:\n%s" % (version or "latest", out))
        if r.returncode != 0:
            fail("kubernetes-validate exit %d:\n%s" % (r.returncode, out))
        log("kubernetes-validate --strict (%s): ok" % (version or "latest"))
    for want in ("configmap.yaml", "statefulset.yaml", "service.yaml", "pdb.yaml",
                 "networkpolicy.yaml"):
        if want not in passed:
            fail("%s was not validated against a schema" % want)
    log("schema-validated: %s" % ", ".join(sorted(passed)))


if __name__ == "__main__":
    opslib.main(test)
