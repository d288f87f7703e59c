"""The systemd unit: `systemd-analyze verify` finds no problem (unknown
keys, bad values, missing executables), and `systemd-analyze security`
rates its sandbox exposure at most 2.0 ("OK"). The unit names
/usr/bin/newsenrich; a copy pointing at the build tree is verified, since
verify checks that the executables exist."""
import os
import re
import subprocess

import opslib
from opslib import fail, log

UNIT = os.path.join(opslib.SOURCE, "deploy", "systemd", "newsenrich.service")
MAX_EXPOSURE = 2.0


def test():
    analyze = opslib.tool("systemd-analyze")
    text = open(UNIT).read()
    if "/usr/bin/newsenrich" not in text:
        fail("the unit does not run /usr/bin/newsenrich")
    # what the unit promises about shutdown must hold together
    stop = re.search(r'^TimeoutStopSec=(\d+)$', text, re.M)
    if not stop or int(stop.group(1)) <= 30:
        fail("TimeoutStopSec must exceed processing.shutdown_timeout_ms (30 s)")
    for key in ("ExecStartPre=/usr/bin/newsenrich check-config",
                "Restart=on-failure", "NoNewPrivileges=yes",
                "ProtectSystem=strict", "CapabilityBoundingSet=\n",
                "SystemCallFilter=@system-service", "PrivateTmp=yes"):
        if key not in text:
            fail("the unit lacks %r" % key.strip())
    with opslib.tempdir("ne-ops-systemd-") as tmp:
        path = os.path.join(tmp, "newsenrich.service")
        with open(path, "w") as f:
            f.write(text.replace("/usr/bin/newsenrich", opslib.NEWSENRICH))
        r = subprocess.run([analyze, "verify", path], capture_output=True,
                           timeout=120)
        out = (r.stdout + r.stderr).decode(errors="replace").strip()
        if r.returncode != 0 or out:
            fail("systemd-analyze verify (exit %d):\n%s" % (r.returncode, out))
        log("systemd-analyze verify: clean")
        r = subprocess.run([analyze, "security", "--offline=yes", path],
                           capture_output=True, timeout=120)
        out = (r.stdout + r.stderr).decode(errors="replace")
        m = re.search(r'Overall exposure level for \S+: ([0-9.]+)', out)
        if r.returncode != 0 or not m:
            fail("systemd-analyze security (exit %d):\n%s" % (r.returncode, out))
        if float(m.group(1)) > MAX_EXPOSURE:
            fail("exposure %s > %.1f:\n%s" % (m.group(1), MAX_EXPOSURE, out))
        log("systemd-analyze security: exposure %s" % m.group(1))


if __name__ == "__main__":
    opslib.main(test)
