#!/usr/bin/env python3
"""The Release build is hardened: readelf shows the effect of every flag.

usage: check_hardening.py BINARY BUILD_TYPE SOURCE_DIR

When the test's own build is Release or RelWithDebInfo (the default), its
newsenrich binary is checked. Otherwise (Debug, sanitizers) a Release tree
of the newsenrich target alone is configured and built in a temporary
directory and that binary is checked, so the test never depends on another
test having built one.

Each flag leaves a mark readelf can see:
  -fPIE -pie                 ELF type DYN (a position-independent executable)
  -Wl,-z,relro               a GNU_RELRO program header
  -Wl,-z,now                 BIND_NOW, or NOW in FLAGS / FLAGS_1
  -fstack-protector-strong   an import of __stack_chk_fail
  -D_FORTIFY_SOURCE=2        imports of checked libc calls (__*_chk)
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

HARDENED_TYPES = ("Release", "RelWithDebInfo")


def readelf(args, binary):
    return subprocess.run(["readelf", "-W"] + args + [binary], check=True,
                          capture_output=True, text=True).stdout


def problems(binary):
    """Each missing hardening mark as a sentence; [] when all are there."""
    out = []
    header = readelf(["-h"], binary)
    m = re.search(r"^\s*Type:\s*(\S+)", header, re.M)
    if not m or m.group(1) != "DYN":
        out.append("not a PIE: ELF type %s, want DYN (-fPIE -pie)"
                   % (m.group(1) if m else "?"))
    if "GNU_RELRO" not in readelf(["-l"], binary):
        out.append("no GNU_RELRO segment (-Wl,-z,relro)")
    dyn = readelf(["-d"], binary)
    if not re.search(r"\(BIND_NOW\)|\(FLAGS(_1)?\)\s+Flags:.*\bNOW\b", dyn):
        out.append("no BIND_NOW (-Wl,-z,now): the GOT stays writable")
    syms = readelf(["--dyn-syms"], binary)
    if "__stack_chk_fail" not in syms:
        out.append("no __stack_chk_fail import (-fstack-protector-strong)")
    chk = sorted(set(re.findall(r"\b(__\w+_chk)\b", syms)) -
                 {"__stack_chk_fail"})
    if not chk:
        out.append("no __*_chk import (-D_FORTIFY_SOURCE=2)")
    return out, chk


def build_release(source, tmp):
    build = os.path.join(tmp, "build")
    subprocess.run(["cmake", "-S", source, "-B", build,
                    "-DCMAKE_BUILD_TYPE=Release"], check=True,
                   stdout=subprocess.DEVNULL)
    subprocess.run(["nice", "-n", "10", "cmake", "--build", build, "-j2",
                    "--target", "newsenrich"], check=True,
                   stdout=subprocess.DEVNULL)
    return os.path.join(build, "newsenrich")


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    binary, build_type, source = sys.argv[1:]
    if not shutil.which("readelf"):
        print("SKIP: readelf (binutils) is not installed")
        return 77
    tmp = None
    try:
        if build_type not in HARDENED_TYPES:
            tmp = tempfile.mkdtemp(prefix="ne-hardening-")
            print("build type %s is not hardened: building a Release tree "
                  "in %s" % (build_type or "(none)", tmp))
            binary = build_release(source, tmp)
        missing, chk = problems(binary)
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
    for p in missing:
        print("FAIL: %s: %s" % (binary, p))
    if missing:
        return 1
    print("ok: %s is PIE, full RELRO, stack protector, fortified (%s)"
          % (binary, ", ".join(chk[:6])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
