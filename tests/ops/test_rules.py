"""The alert rules: `promtool check rules` (syntax, PromQL, templates) and
`promtool test rules` (deploy/prometheus/alerts_test.yml: each alert fires
for the misbehaving worker, at the expected time, and not for the healthy
one)."""
import os
import subprocess

import opslib
from opslib import fail, log


def run(argv, cwd):
    r = subprocess.run(argv, cwd=cwd, capture_output=True, timeout=120)
    out = (r.stdout + r.stderr).decode(errors="replace")
    if r.returncode != 0:
        fail("%s (exit %d):\n%s" % (" ".join(argv), r.returncode, out))
    return out


def test():
    promtool = opslib.tool("promtool")
    d = os.path.dirname(opslib.ALERTS)
    out = run([promtool, "check", "rules", "alerts.yml"], d)
    if "SUCCESS" not in out:
        fail("promtool check rules: %s" % out)
    log(out.strip().replace("\n", " / "))
    out = run([promtool, "test", "rules", "alerts_test.yml"], d)
    log(out.strip().replace("\n", " / "))
    # every alert has at least one test case that expects it to fire
    rules = open(opslib.ALERTS).read()
    tests = open(os.path.join(d, "alerts_test.yml")).read()
    alerts = [l.split(":", 1)[1].strip() for l in rules.splitlines()
              if l.strip().startswith("- alert:")]
    untested = [a for a in alerts if "alertname: %s\n" % a not in tests]
    if untested:
        fail("alerts without a promtool test: %s" % untested)
    log("%d alerts, each with a test" % len(alerts))


if __name__ == "__main__":
    opslib.main(test)
