#!/usr/bin/env python3
"""Monitor inspection on a booting riscv64 Linux: HMP `info registers`, `info mtree`, `x`
(virtual, through hart 0's MMU) against `xp`, QMP `memsave` against `pmemsave`, and the error
line for an unmapped virtual address, all through QMP human-monitor-command. Exit 0 = pass."""
import os, re, subprocess, sys, tempfile, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from qmp_test import Qmp, expect, fail, check_error

KVA, KPA = 0xffffffff80000000, 0x80200000   # the kernel's link address and its load address

def hmp(q, line):
    r = q.cmd("human-monitor-command", {"command-line": line})
    expect("return" in r, "%s: %r" % (line, r))
    return r["return"]

def stop_in_smode(q):
    """Stop the machine while hart 0 runs the kernel with paging on (not in OpenSBI)."""
    deadline = time.time() + 60
    while time.time() < deadline:
        q.cmd("stop")
        regs = hmp(q, "info registers")
        m = re.search(r"priv (\w) .*satp ([0-9a-f]+)", regs)
        if m and m.group(1) == "S" and int(m.group(2), 16) >> 60:
            return regs
        q.cmd("cont")
        time.sleep(0.5)
    fail("hart 0 never seen in S-mode with paging on: %s" % regs)

def main():
    trix, kernel = sys.argv[1], sys.argv[2]
    tmp = tempfile.mkdtemp()
    sock = os.path.join(tmp, "qmp.sock")
    p = subprocess.Popen([trix, "-M", "virt", "-m", "256M", "-smp", "2", "-kernel", kernel, "-display",
                          "none", "-serial", "null", "-qmp", "unix:%s,server,wait=off" % sock],
                         stdout=subprocess.DEVNULL)
    try:
        q = Qmp(sock)
        q.recv()
        q.cmd("qmp_capabilities")
        mt = hmp(q, "info mtree")
        expect(re.search(r"0000000080000000-000000008fffffff \(prio 0, ram\)", mt), "mtree RAM: " + mt)
        expect(re.search(r"0000000010000000-\w+ \(prio 0, i/o\): \S+", mt), "mtree UART: " + mt)
        regs = stop_in_smode(q)
        for name in (r"pc\s+ffffffff", r"x1 /ra", r"x2 /sp", r"x10/a0", r"x31/t6", "priv S",
                     "mstatus", "mepc", "mcause", "satp", "sepc", "scause", "stvec"):
            expect(re.search(name, regs), "info registers lacks %s:\n%s" % (name, regs))
        xv = hmp(q, "x /8xw %#x" % KVA)
        xp = hmp(q, "xp /8xw %#x" % KPA)
        vals = lambda t: re.sub(r"(?m)^[0-9a-f]+:", "", t).split()
        expect("Cannot" not in xv and len(vals(xv)) == 8 and vals(xv) == vals(xp),
               "x %#x vs xp %#x:\n%s%s" % (KVA, KPA, xv, xp))
        pc = int(re.search(r"pc\s+([0-9a-f]+)", regs).group(1), 16)
        expect("Cannot" not in hmp(q, "x /4xg %#x" % pc), "x at pc")
        dis = hmp(q, "x /3i %#x" % pc)
        expect(len(dis.splitlines()) == 3 and dis.startswith("0x%016x:" % pc) and "Cannot" not in dis,
               "x /3i at pc: %r" % dis)
        bad = hmp(q, "x /2xg 0x0000400000000000")
        expect("Cannot access memory at virtual address" in bad, "unmapped x: %r" % bad)
        expect("bad format" in hmp(q, "x /4q 0"), "x bad format")
        v, ph = os.path.join(tmp, "v.bin"), os.path.join(tmp, "p.bin")
        expect("return" in q.cmd("memsave", {"val": KVA, "size": 12288, "filename": v}), "memsave")
        q.cmd("pmemsave", {"val": KPA, "size": 12288, "filename": ph})
        expect(open(v, "rb").read() == open(ph, "rb").read(), "memsave != pmemsave")
        check_error(q.cmd("memsave", {"val": 0x0000400000000000, "size": 8, "filename": v}),
                    "GenericError")
        expect("CPU#0" in hmp(q, "info registers -a") and "CPU#1" in hmp(q, "info registers -a"),
               "info registers -a")
        expect("invalid CPU index" in hmp(q, "cpu 2") and "invalid" in hmp(q, "cpu x"), "cpu 2")
        check_error(q.cmd("memsave", {"val": KVA, "size": 8, "filename": v, "cpu-index": 9}),
                    "GenericError")
        expect(hmp(q, "cpu 1") == "", "cpu 1")
        r1 = hmp(q, "info registers")
        expect(r1 != regs and re.search(r"x2 /sp", r1), "cpu 1: registers of hart 1")
        expect("return" in q.cmd("memsave", {"val": KVA, "size": 4096, "filename": v,
                                             "cpu-index": 0}), "memsave cpu-index 0")
        hmp(q, "cpu 0")
        after = hmp(q, "info registers")
        expect(after == regs, "registers changed by inspection:\n%s\n%s" % (regs, after))
        q.cmd("cont")
        expect(q.cmd("query-status")["return"]["status"] == "running", "running after inspection")
        q.cmd("quit")
        expect(p.wait(20) == 0, "exit status")
    finally:
        if p.poll() is None:
            p.kill()
    print("PASS")

if __name__ == "__main__":
    main()
