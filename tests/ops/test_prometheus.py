"""A real Prometheus server scrapes a real worker.

Starts a worker on its embedded broker and produces articles with kcat,
then starts Debian's `prometheus` with deploy/prometheus/alerts.yml loaded
and the worker as its only target, and checks through the HTTP API:
  - the consumed counter equals the number of messages produced, and the
    lag gauge is 0 on every partition;
  - every alerting and recording rule evaluates without error against the
    live series;
  - every query of the Grafana dashboard is valid PromQL, and the panels
    that must show data do.
"""
import json
import os
import subprocess
import urllib.parse

import opslib
from opslib import fail, log

ARTICLES = 12


class Prometheus:
    def __init__(self, tmp, target):
        self.tmp = tmp
        self.port = opslib.free_port()
        self.base = "http://127.0.0.1:%d" % self.port
        self.config = os.path.join(tmp, "prometheus.yml")
        with open(self.config, "w") as f:
            f.write("global:\n"
                    "  scrape_interval: 1s\n"
                    "  evaluation_interval: 1s\n"
                    "rule_files:\n"
                    "  - %s\n"
                    "scrape_configs:\n"
                    "  - job_name: newsenrich\n"
                    "    static_configs:\n"
                    "      - targets: ['%s']\n"
                    % (json.dumps(opslib.ALERTS), target))
        self.proc = None

    def __enter__(self):
        binary = opslib.tool("prometheus")
        self.logfile = open(os.path.join(self.tmp, "prometheus.log"), "wb")
        self.proc = subprocess.Popen(
            [binary, "--config.file=" + self.config,
             "--storage.tsdb.path=" + os.path.join(self.tmp, "data"),
             "--web.listen-address=127.0.0.1:%d" % self.port,
             "--log.level=warn"],
            stdout=self.logfile, stderr=subprocess.STDOUT)
        try:
            opslib.wait_until(self._ready, 60, "Prometheus /-/ready")
        except opslib.Failed:
            self.__exit__(None, None, None)
            raise
        log("prometheus pid %d on %s" % (self.proc.pid, self.base))
        return self

    def _ready(self):
        if self.proc.poll() is not None:
            fail("prometheus exited with %d:\n%s" % (self.proc.returncode,
                                                      self.log_text()))
        return opslib.http_get(self.base + "/-/ready")[0] == 200

    def log_text(self):
        with open(os.path.join(self.tmp, "prometheus.log"), "rb") as f:
            return f.read().decode("utf-8", "replace")

    def api(self, path, **params):
        url = "%s/api/v1/%s?%s" % (self.base, path, urllib.parse.urlencode(params))
        status, body = opslib.http_get(url)
        try:
            doc = json.loads(body)
        except ValueError:
            fail("%s answered %d: %s" % (url, status, body[:300]))
        return status, doc

    def query(self, expr):
        status, doc = self.api("query", query=expr)
        if status != 200 or doc.get("status") != "success":
            fail("query %r failed: %s" % (expr, doc.get("error", doc)))
        return doc["data"]["result"]

    def __exit__(self, *exc):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30 * opslib.MULT)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc and exc[0] is not None:
            log("prometheus log:\n" + self.log_text()[-3000:])
        self.logfile.close()
        return False


def check_consumed_and_lag(prom, total):
    def consumed():
        r = prom.query('newsenrich_messages_consumed_total{job="newsenrich"}')
        return r if r and float(r[0]["value"][1]) == total else None
    r = opslib.wait_until(consumed, 60, "Prometheus to see %d consumed" % total,
                          interval=0.5)
    if len(r) != 1 or r[0]["metric"].get("topic") != "news.raw":
        fail("unexpected consumed series: %r" % r)

    def lag_zero():
        r = prom.query('newsenrich_consumer_lag{job="newsenrich"}')
        return r if r and all(float(s["value"][1]) == 0 for s in r) else None
    r = opslib.wait_until(lag_zero, 60, "Prometheus to see lag 0", interval=0.5)
    parts = sorted(s["metric"]["partition"] for s in r)
    log("Prometheus: consumed %d, lag 0 on partitions %s" % (total, parts))
    total_lag = prom.query('sum(newsenrich_consumer_lag{job="newsenrich"})')
    if float(total_lag[0]["value"][1]) != 0:
        fail("sum of lag is %s" % total_lag)


def check_rules(prom):
    def evaluated():
        status, doc = prom.api("rules")
        rules = [r for g in doc["data"]["groups"] for r in g["rules"]]
        if any(r.get("health") == "err" for r in rules):
            fail("rules fail to evaluate: " + "; ".join(
                "%s: %s" % (r["name"], r.get("lastError")) for r in rules
                if r.get("health") == "err"))
        if len(rules) >= 20 and all(r.get("health") == "ok" for r in rules):
            return rules
        return None
    rules = opslib.wait_until(evaluated, 60, "every rule evaluated", interval=0.5)
    firing = [r["name"] for r in rules if r.get("state") == "firing"]
    log("Prometheus evaluated %d rules, all ok; firing: %s" % (len(rules), firing))
    # a healthy worker that just processed everything raises nothing that
    # fires at once (the ones with `for:` cannot fire within seconds)
    if firing:
        fail("alerts firing for a healthy worker: %s" % firing)


# queries that may legitimately be empty for a healthy at-least-once worker
MAY_BE_EMPTY = ("newsenrich_transactions_total", "> 0")


def check_dashboard(prom):
    exprs = opslib.dashboard_exprs()
    empty = []
    for where, expr in exprs:
        if expr.startswith("label_values("):
            continue  # a Grafana function, checked below
        q = (expr.replace("$__rate_interval", "1m").replace("$job", "newsenrich")
             .replace("$instance", ".*"))
        if not prom.query(q) and not any(s in expr for s in MAY_BE_EMPTY):
            empty.append("%s: %s" % (where, expr))
    if empty:
        fail("dashboard queries without data:\n  " + "\n  ".join(empty))
    status, doc = prom.api("label/job/values", **{"match[]": "newsenrich_build_info"})
    if doc.get("data") != ["newsenrich"]:
        fail("the $job variable finds %r" % doc.get("data"))
    log("all %d dashboard queries are valid PromQL and have data" % len(exprs))


def test():
    opslib.tool("kcat")
    opslib.tool("prometheus")
    with opslib.tempdir("ne-ops-prom-") as tmp:
        with opslib.Worker(tmp) as w:
            w.produce(opslib.articles(ARTICLES))
            w.wait_processed(ARTICLES + 1)
            with Prometheus(tmp, "127.0.0.1:%d" % w.port) as prom:
                check_consumed_and_lag(prom, ARTICLES + 1)
                # rate() needs two samples of everything in its window
                opslib.wait_until(
                    lambda: prom.query('count_over_time(up{job="newsenrich"}[1m]) >= 3'),
                    60, "three scrapes")
                check_rules(prom)
                check_dashboard(prom)


if __name__ == "__main__":
    opslib.main(test)
