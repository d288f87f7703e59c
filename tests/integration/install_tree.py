"""Issue 14: an installed tree stands on its own. Copies the source, builds
it (Release, BUILD_TESTING=OFF) and installs it into a temporary prefix,
removes the build and the copied source, then runs the installed `demo` and
`process`: they find their models and examples next to the binary, with no
variable set. A models directory given by NEWSENRICH_MODELS_DIR wins."""
import json
import os
import shutil
import subprocess
import tempfile

from itlib import MULT, SOURCE, fail, log, run_test

# Not source: build trees, the fetched Kafka, caches (as the Docker context).
IGNORE = shutil.ignore_patterns(".git", "build*", ".cache", "target", "__pycache__", "*.o")


def sh(args, cwd=None, env=None, input=None, timeout=1800):
    r = subprocess.run(args, cwd=cwd, env=env, input=input, capture_output=True,
                       timeout=timeout * MULT)
    if r.returncode != 0:
        fail("%s exited %d:\n%s" % (" ".join(args), r.returncode,
                                    r.stderr.decode(errors="replace")[-3000:]))
    return r


def main(cleanup):
    tmp = tempfile.mkdtemp(prefix="ne-install-")
    cleanup.append(lambda: shutil.rmtree(tmp, ignore_errors=True))
    src, build, prefix = (os.path.join(tmp, d) for d in ("src", "build", "prefix"))
    shutil.copytree(SOURCE, src, ignore=IGNORE, symlinks=True)
    jobs = str(max(1, min(2, os.cpu_count() or 1)))
    sh(["cmake", "-S", src, "-B", build, "-DCMAKE_BUILD_TYPE=Release",
        "-DBUILD_TESTING=OFF", "-DCMAKE_INSTALL_PREFIX=" + prefix])
    sh(["nice", "cmake", "--build", build, "-j", jobs])
    sh(["cmake", "--install", build])
    shutil.rmtree(build)
    shutil.rmtree(src)
    log("installed into %s; build and source removed" % prefix)

    binary = os.path.join(prefix, "bin", "newsenrich")
    for want in ("share/newsenrich/models/de-ner.bin",
                 "share/newsenrich/examples/articles.jsonl",
                 "share/doc/newsenrich/CHANGELOG.md"):
        if not os.path.exists(os.path.join(prefix, want)):
            fail("the install lacks %s" % want)
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSENRICH_")}
    env["NEWSENRICH_HTTP_LISTEN"] = ""

    r = sh([binary, "demo"], cwd=tmp, env=env, timeout=300)
    out = r.stdout.decode()
    if "Kim Jong Un vor seiner Abreise in Pjöngjang" not in out or \
            not out.strip().splitlines()[-1].startswith("5 articles: 5 enriched"):
        fail("installed demo printed:\n%s" % out[-2000:])
    log("installed demo: %s" % out.strip().splitlines()[-1])

    article = {"id": "inst-1", "language": "de", "title": "Test",
               "body": "Bundeskanzler Olaf Scholz sagte in Berlin, die Lage sei ernst."}
    r = sh([binary, "process"], cwd=tmp, env=env, input=(json.dumps(article) + "\n").encode())
    rec = json.loads(r.stdout)
    if rec["id"] != "inst-1" or rec["language"]["code"] != "de" or \
            not any(e["name"] == "Berlin" for e in rec["entities"]):
        fail("installed process: %r" % rec)
    log("installed process: %d entities, %d claims" % (len(rec["entities"]), len(rec["claims"])))

    # the variable overrides the installed models: an empty directory fails, named
    empty = os.path.join(tmp, "empty-models")
    os.mkdir(empty)
    r = subprocess.run([binary, "process"], cwd=tmp, input=b"{}\n", capture_output=True,
                       env=dict(env, NEWSENRICH_MODELS_DIR=empty))
    if r.returncode != 2 or empty.encode() not in r.stderr:
        fail("NEWSENRICH_MODELS_DIR not used: %d %r" % (r.returncode, r.stderr))
    log("NEWSENRICH_MODELS_DIR overrides the installed models")


run_test(main)
