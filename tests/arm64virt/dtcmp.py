#!/usr/bin/env python3
"""dtcmp.py QEMU.dts TRIX.dts: compare two `dtc -s -O dts` outputs of the arm virt board.

The parts of QEMU's tree that trix leaves out on purpose (docs/arm64-system.md: the
random seeds, fw-cfg, the platform bus, the PMU node, the MSI controllers and msi-map, the
GIC's virtualization maintenance interrupt, PPI 9, with virtualization=on) are
dropped from QEMU's side first; /chosen initrd cells are compared as numbers (QEMU writes one
cell, trix two). Everything else must be identical, phandle values included. Exit 0 when
equal, else 1 with a unified diff."""
import difflib
import re
import sys

DROP_NODES = ("fw-cfg@", "platform-bus@", "pmu {", "its@", "v2m@")
DROP_PROPS = ("rng-seed", "kaslr-seed", "msi-map")


def normalise(path, is_qemu):
    out, skip = [], 0
    for line in open(path):
        s = line.strip()
        if skip:
            skip += s.count("{") - s.count("}")
            continue
        if is_qemu and any(s.startswith(n) for n in DROP_NODES):
            skip = s.count("{") - s.count("}")
            continue
        if is_qemu and any(s.startswith(p + " ") for p in DROP_PROPS):
            continue
        if is_qemu and re.match(r"interrupts = <0x01 0x09 0x[0-9a-f]*04>;", s):
            continue
        m = re.match(r"(linux,initrd-(start|end)) = <(.*)>;", s)
        if m:
            v = 0
            for c in m.group(3).split():
                v = (v << 32) | int(c, 16)
            line = "%s = <%#x>;\n" % (m.group(1), v)
        out.append(line.strip() + "\n")
    # a node emptied by the drops leaves a blank line difference only
    return [l for l in out if l.strip()]


def main():
    q = normalise(sys.argv[1], True)
    t = normalise(sys.argv[2], False)
    if q == t:
        print("device trees match (%d lines)" % len(t))
        return 0
    sys.stdout.writelines(difflib.unified_diff(q, t, "qemu", "trix"))
    return 1


if __name__ == "__main__":
    sys.exit(main())
