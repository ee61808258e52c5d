#!/usr/bin/env python3
"""Cut the "page allocation failure" report out of a FAILURE=1 boot's serial log.

Usage: failure.py LOG --command CMD --kernel-release R --package-version V --qemu-version Q
                      --qemu-ram RAM --out FILE

The report runs from warn_alloc()'s "<task>: page allocation failure: ..." line up to the
probe's next line (KMEMPROBE fail.allocated=N, printed right after the failing kmalloc()
returned NULL). The lines are kept as the console printed them, timestamps included, under
a header of "# " comment lines that say how the file was made.
"""
import argparse, re, sys

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("log")
    for k in ("command", "kernel-release", "package-version", "qemu-version", "qemu-ram", "out"):
        ap.add_argument("--" + k, required=True)
    a = ap.parse_args()
    with open(a.log, errors="replace") as f:
        lines = [l.rstrip("\r\n") for l in f]
    start = next((i for i, l in enumerate(lines) if "page allocation failure: order:" in l), None)
    if start is None:
        sys.exit(f"failure.py: {a.log}: no 'page allocation failure' line (did the probe run with fail=1?)")
    end = next((i for i in range(start, len(lines)) if "KMEMPROBE fail.allocated=" in lines[i]), None)
    if end is None:
        sys.exit(f"failure.py: {a.log}: the report has no end (no 'KMEMPROBE fail.allocated=' after it)")
    probe = {}
    for l in lines:
        m = re.search(r"KMEMPROBE (fail\.\w+)=(\S+)", l)
        if m:
            probe[m.group(1)] = m.group(2)
    header = [
        "# A real page allocation failure report, cut from a serial console log by verify/failure.py.",
        f"# Made by: {a.command}",
        f"# Kernel: Debian 12 linux-image-{a.kernel_release} {a.package_version}; QEMU {a.qemu_version} (TCG), -m {a.qemu_ram}",
        "# The probe (verify/probe/kmemprobe.c, fail=1) called kmalloc(KMALLOC_MAX_SIZE, GFP_KERNEL | __GFP_NORETRY)",
        "# until it returned NULL, then freed every block. What it printed around the report:",
        *(f"#   KMEMPROBE {k}={v}" for k, v in probe.items()),
        "# Lines below are the console's, unchanged (timestamps are seconds since boot).",
    ]
    with open(a.out + ".tmp", "w") as f:
        f.write("\n".join(header + lines[start:end]) + "\n")
    import os
    os.replace(a.out + ".tmp", a.out)

if __name__ == "__main__":
    main()
