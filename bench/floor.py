#!/usr/bin/env python3
"""The speed floor: `newsenrich process` on one core, this tree against a
base commit, built and timed side by side in one run.

    bench/floor.py [--base REV] [--reps N] [--lang de|en] [--min-ratio R]
                   [--out DIR]

The entities and claims issues may spend CPU on accuracy down to a floor:
the processor keeps at least --min-ratio (default 1/3) of the throughput
of the binary at --base (default 0402cff, main when the floor was set).
Machines differ by 2x and a shared machine's load changes by the minute,
so a throughput on its own says little: this script builds both trees
(Release, -O3, same compiler) in build-floor/, then runs the two binaries
in turn, --reps times each, on the same input pinned to one core
(taskset -c 0 when there is one) and reports the ratio of the medians.

Input: the German (or English) articles of the benchmark streams as plain
JSONL (no compression, no malformed lines: this measures the processor,
not the decoder), from the same sources as bench/gen_articles.py.
Throughput is input bytes per CPU-second of the process (user + system;
the steadier figure on a shared machine) and per wall second; peak RSS
is ru_maxrss. Each binary loads the models of its own tree. Writes
OUT/floor.json and prints one summary line; exits 1 when the ratio is
below --min-ratio. Python 3 stdlib only; never part of the test suite.
"""
import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
WORK = os.path.join(ROOT, "build-floor")
SHARED = os.environ.get("NE_SHARED_DATA",
                        os.path.join(ROOT, "..", "shared", "data"))
sys.path.insert(0, HERE)
import gen_articles  # noqa: E402  (same article sources as the benchmark)

CFLAGS = "-O3 -DNDEBUG -g"


def log(*a):
    print("[floor %s]" % time.strftime("%H:%M:%S"), *a, file=sys.stderr,
          flush=True)


def build(src, out):
    subprocess.run(["cmake", "-S", src, "-B", out,
                    "-DCMAKE_BUILD_TYPE=Release",
                    "-DCMAKE_C_FLAGS_RELEASE=" + CFLAGS,
                    "-DNE_SANITIZE=OFF"], check=True,
                   stdout=subprocess.DEVNULL)
    subprocess.run(["cmake", "--build", out, "-j%d" % (os.cpu_count() or 1),
                    "--target", "newsenrich"], check=True,
                   stdout=subprocess.DEVNULL)
    return os.path.join(out, "newsenrich")


def checkout(rev):
    """A detached worktree of rev in build-floor/src-REV (kept between
    runs; the same rev always gives the same tree)."""
    sha = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", rev],
                         check=True, capture_output=True,
                         text=True).stdout.strip()
    src = os.path.join(WORK, "src-" + sha)
    if not os.path.isdir(src):
        subprocess.run(["git", "-C", ROOT, "worktree", "prune"], check=True)
        subprocess.run(["git", "-C", ROOT, "worktree", "add", "--detach",
                        src, sha], check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
    return sha, src


def make_input(lang, path, min_bytes):
    """Plain JSONL articles, repeated until min_bytes."""
    pool = (gen_articles.german if lang == "de"
            else gen_articles.english)(SHARED)
    lines = []
    for i, (lg, source, title, body) in enumerate(pool):
        lines.append(json.dumps({"id": "floor-%d" % i, "title": title,
                                 "body": body, "language": lg,
                                 "source": source},
                                ensure_ascii=False) + "\n")
    data = "".join(lines).encode()
    reps = max(1, -(-min_bytes // len(data)))
    with open(path, "wb") as f:
        for _ in range(reps):
            f.write(data)
    return len(pool) * reps, len(data) * reps


def time_process(binary, inp):
    """(CPU seconds, wall seconds, peak RSS in MB) of one `process` run."""
    cmd = [binary, "process"]
    if shutil.which("taskset"):
        cmd = ["taskset", "-c", "0"] + cmd
    with open(inp, "rb") as fin:
        t0 = time.monotonic()
        p = subprocess.Popen(cmd, stdin=fin, stdout=subprocess.DEVNULL)
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.monotonic() - t0
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit("floor: %s exited with %d" %
                         (binary, os.waitstatus_to_exitcode(status)))
    return ru.ru_utime + ru.ru_stime, wall, ru.ru_maxrss / 1024.0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--base", default="0402cff")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--lang", choices=("de", "en"), default="de")
    ap.add_argument("--mb", type=float, default=8.0,
                    help="input size in MB (articles repeated)")
    ap.add_argument("--min-ratio", type=float, default=1 / 3)
    ap.add_argument("--out", default=os.path.join(HERE, "results"))
    args = ap.parse_args()

    os.makedirs(WORK, exist_ok=True)
    sha, src = checkout(args.base)
    log("building base", sha, "and this tree (Release)")
    bins = {"base": build(src, os.path.join(WORK, "build-" + sha)),
            "this": build(ROOT, os.path.join(WORK, "build-this"))}
    inp = os.path.join(WORK, "input-%s.jsonl" % args.lang)
    articles, nbytes = make_input(args.lang, inp, int(args.mb * 1e6))
    log("input: %d articles, %.1f MB (%s)" % (articles, nbytes / 1e6,
                                              args.lang))

    runs = {k: [] for k in bins}
    for rep in range(args.reps):
        # alternate, so a change of the machine's load hits both alike
        for name in (("base", "this") if rep % 2 == 0 else ("this", "base")):
            cpu, wall, rss = time_process(bins[name], inp)
            runs[name].append({"cpu_s": cpu, "wall_s": wall, "rss_mb": rss})
            log("%-4s rep %d: %.2f MB per CPU-s, %.2f MB/s wall, RSS %.0f MB"
                % (name, rep, nbytes / 1e6 / cpu, nbytes / 1e6 / wall, rss))

    def med(name, key):
        return statistics.median(r[key] for r in runs[name])

    res = {"base": sha, "lang": args.lang, "articles": articles,
           "bytes": nbytes, "reps": args.reps,
           "git": subprocess.run(["git", "-C", ROOT, "describe", "--always",
                                  "--dirty"], capture_output=True,
                                 text=True).stdout.strip(),
           "runs": runs}
    for name in bins:
        res[name] = {"mb_per_cpu_s": nbytes / 1e6 / med(name, "cpu_s"),
                     "mb_per_wall_s": nbytes / 1e6 / med(name, "wall_s"),
                     "peak_rss_mb": max(r["rss_mb"] for r in runs[name])}
    res["ratio_cpu"] = res["this"]["mb_per_cpu_s"] / res["base"]["mb_per_cpu_s"]
    res["ratio_wall"] = (res["this"]["mb_per_wall_s"] /
                         res["base"]["mb_per_wall_s"])
    res["floor"] = args.min_ratio
    res["ok"] = res["ratio_cpu"] >= args.min_ratio
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "floor-%s.json" % args.lang), "w") as f:
        json.dump(res, f, indent=1)
    print("floor %s: this %.2f MB/CPU-s, base %s %.2f MB/CPU-s, ratio %.3f "
          "(wall %.3f), floor %.3f: %s; peak RSS %.0f vs %.0f MB" %
          (args.lang, res["this"]["mb_per_cpu_s"], sha,
           res["base"]["mb_per_cpu_s"], res["ratio_cpu"], res["ratio_wall"],
           args.min_ratio, "ok" if res["ok"] else "BELOW",
           res["this"]["peak_rss_mb"], res["base"]["peak_rss_mb"]))
    return 0 if res["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
