#!/usr/bin/env python3
"""A single step is not hijacked by a pending timer interrupt (QEMU's default step mask),
for s and vCont;s, while the same timer does interrupt the guest when it runs (c).
argv: trix-system timer.elf loop-addr ticks-addr."""
import sys, time
from gdbclient import Gdb

trix, elf, loop, ticks = sys.argv[1], sys.argv[2], int(sys.argv[3], 16), int(sys.argv[4], 16)
g = Gdb(trix, ["-M", "virt", "-bios", "none", "-nographic", "-kernel", elf])
PC, A0 = 32, 10

def ticks_now():
    return int.from_bytes(g.mem(ticks, 8), "little")

g.cmd(b"QStartNoAckMode"); g.buf = b""
g.expect(b"Z0,%x,4" % loop, b"OK", "Z0 loop")
g.expect(b"c", b"T05thread:1;", "run to loop")
g.expect(b"z0,%x,4" % loop, b"OK", "z0 loop")
g.send(b"c"); time.sleep(0.3)
if g.interrupt() != b"T02thread:1;":
    g.fail("Ctrl-C")
t0 = ticks_now()
if t0 == 0:
    g.fail("the timer never fired while running: the test cannot tell a masked step")
want = {loop: loop + 4, loop + 4: loop + 8, loop + 8: loop}
pc = g.reg(PC)
if pc not in want:              # Ctrl-C came in the handler: run back to the loop
    g.expect(b"Z0,%x,4" % loop, b"OK", "Z0 loop")
    g.expect(b"c", b"T05thread:1;", "back to loop")
    g.expect(b"z0,%x,4" % loop, b"OK", "z0 loop")
    pc = g.reg(PC)
    t0 = ticks_now()
if pc not in want:
    g.fail("pc %#x is not in the loop" % pc)
for i in range(300):
    time.sleep(0.001 if i % 50 else 0.05)     # let mtime pass mtimecmp: the irq is pending
    r = g.cmd(b"s" if i % 2 else b"vCont;s:1")
    if r != b"T05thread:1;":
        g.fail("step %d: %r" % (i, r))
    new = g.reg(PC)
    if new != want[pc]:
        g.fail("step %d from %#x went to %#x (the timer interrupt hijacked it?)" % (i, pc, new))
    pc = new
if ticks_now() != t0:
    g.fail("the handler ran during single steps")
g.send(b"c"); time.sleep(0.3)
g.interrupt()
if ticks_now() <= t0:
    g.fail("the timer does not fire any more after stepping")
g.send(b"k")
if g.wait() != 0:
    g.fail("trix exit code after k")
print("PASS: 300 steps with a pending timer, %d ticks while running" % t0)
