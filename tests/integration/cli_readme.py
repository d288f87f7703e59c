"""The README's config reference is generated from the config table and
must not drift from it."""
import os
import subprocess

from itlib import BUILD, SOURCE, fail, log, run_test


def main(cleanup):
    r = subprocess.run([os.path.join(SOURCE, "tools", "readme_config.sh"), BUILD, "--check"],
                       capture_output=True, text=True)
    if r.returncode != 0:
        fail(r.stderr)
    log("README config reference matches the config table")


run_test(main)
