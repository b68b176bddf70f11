#!/usr/bin/env python3
"""Fuzz the gdb stub: random bytes, random packets with valid and bad checksums, truncated
and overlong packets, absurd lengths and addresses; then check it still answers (and the
packets gdb relies on answer right: threads, vCont?, X, qRcmd, PhyMemMode), Ctrl-C stops a
running -smp 2 guest whose harts both ran, and k ends trix. argv: trix-system smp.elf."""
import random, sys, time
from gdbclient import Gdb

trix, elf = sys.argv[1], sys.argv[2]
seed = int(sys.argv[3]) if len(sys.argv) > 3 else int(time.time())
rng = random.Random(seed)
print("seed", seed)
g = Gdb(trix, ["-M", "virt", "-smp", "2", "-bios", "none", "-nographic", "-kernel", elf])
RAM = 0x80000000

def rhex(n):
    return b"".join(b"%x" % rng.randrange(16) for _ in range(n))

def rnum():
    return rng.choice([b"0", b"-1", b"ffffffffffffffff", b"1" * 40, rhex(rng.randrange(1, 18)),
                       b"", b"zz", b"80000000"])

def tame(p):
    """Random bytes must not be a packet that runs, kills or writes the guest: no harmful
    first byte, and no '$' (it would start a packet of random bytes inside)."""
    p = p.replace(b"$", b"%")
    if p and p[0:1] in b"kDcCsSvRGPMXZAbBrtiI!":
        p = b"y" + p[1:]
    return p

# Packets that must not run, kill or detach the guest (those are checked at the end), nor
# write to its RAM or registers (the guest must still run afterwards).
def random_payload():
    kind = rng.randrange(14)
    if kind == 0:
        return tame(bytes(rng.randrange(256) for _ in range(rng.randrange(64))))
    if kind == 1:
        return b"m" + rnum() + b"," + rnum()
    if kind == 2:       # writes outside RAM only
        return b"M" + b"%x" % rng.choice([0, 0x1000, 1 << 63, 0xdead0000]) + b"," + rnum() + \
            b":" + rhex(rng.randrange(20))
    if kind == 3:
        return b"X" + b"%x" % rng.choice([0, 1 << 60]) + b"," + rnum() + b":" + \
            bytes(rng.randrange(256) for _ in range(rng.randrange(20)))
    if kind == 4:
        addr = rng.choice([b"0", b"-1", b"ffffffffffffffff", b"1" * 40, b"", b"zz", b"1000"])
        if rng.randrange(2):    # inserts only of kinds trix refuses: nothing may stop the run
            return b"Z" + rng.choice([b"5", b"9", b"x", b"", b"0", b"2"]) + rng.choice(
                [b",", b";", b""]) + rng.choice([b"", b"zz", b"1,"]) + rng.choice([b"", b"zz"])
        return b"z" + b"%d" % rng.randrange(7) + b"," + addr + b"," + rnum()
    if kind == 5:
        return b"p" + rnum()
    if kind == 6:
        return b"H" + rng.choice([b"g", b"c", b"x", b""]) + rnum()
    if kind == 7:
        return b"T" + rnum()
    if kind == 8 and rng.randrange(3) == 0:     # monitor commands that neither run nor end it
        return b"qRcmd," + rng.choice([b"zz", b"6", b"", b"0"]) if rng.randrange(2) else \
            b"qRcmd," + rng.choice([b"info bogus", b"x /999999wx 0", b"xp /4gx 0xfffffffffffff000",
                                    b"help", b"info", b"x", b"info registers", b"cpu 7",
                                    b"bogus"]).hex().encode()
    if kind == 8:
        return b"q" + rng.choice([b"Supported:", b"Xfer:features:read:target.xml:",
                                  b"Xfer:features:read:x.xml:", b"Xfer:", b"ThreadExtraInfo,",
                                  b"qemu.PhyMemMode", b"fThreadInfo", b"C", b"Attached",
                                  b"Offsets", b"Symbol::"]) + rnum() + b"," + rnum()
    if kind == 9:
        return b"Q" + rng.choice([b"qemu.PhyMemMode:", b"StartNoAckMode", b"NonStop:"]) + rnum()
    if kind == 10:
        return b"vCont" + rng.choice([b";t", b"?", b";x", b";t:" + rnum(), b";", b";:"])
    if kind == 11:
        return b"g"
    if kind == 12:
        return b"?"
    return tame(bytes(rng.randrange(0x20, 0x7f) for _ in range(rng.randrange(1, 6000))))

def escape(p):
    for c in b"}#$*":
        p = p.replace(bytes([c]), b"}" + bytes([c ^ 0x20]))
    return p

def frame(p):
    mode = rng.randrange(10)
    if mode == 0:
        return b"$" + p + b"#" + b"%02x" % ((sum(p) + 1) & 0xff)      # bad checksum
    if mode == 1:
        return b"$" + p                                                 # truncated
    if mode == 2:
        return b"$" + p + b"#z"
    return Gdb.packet(escape(p).replace(b"}", b"}]") if mode == 3 else escape(p))

def resync():
    """End any half-sent packet, then wait for the answer to a well-formed one."""
    g.c.sendall(b"#00" + Gdb.packet(b"qAttached"))
    deadline, acc = time.time() + 10, b""
    while b"$1#31" not in acc:
        if time.time() > deadline:
            g.fail("no answer to qAttached after %d fuzz packets (seed %d)" % (sent, seed))
        try:
            d = g.c.recv(65536)
        except OSError:
            d = b""
        if not d:
            g.fail("connection lost after %d fuzz packets (seed %d)" % (sent, seed))
        acc = (acc + d)[-8192:]
    g.buf = b""

start = time.time()
sent = 0
while time.time() - start < 20 and sent < 3000:
    try:
        g.c.sendall(frame(random_payload()))
    except OSError as e:
        g.fail("%s after %d fuzz packets (seed %d)" % (e, sent, seed))
    sent += 1
    if sent % 50 == 0:
        resync()
if g.p.poll() is not None:
    g.fail("trix died during the fuzz (seed %d)" % seed)
print("sent", sent, "fuzz packets")

# The stub still answers correctly.
resync()
g.expect(b"Qqemu.PhyMemMode:0", b"OK", "PhyMemMode off")
g.expect(b"Hg1", b"OK", "Hg1")
g.expect(b"Hc-1", b"OK", "Hc-1")
g.expect(b"qfThreadInfo", b"m1,2", "two threads")
g.expect(b"qsThreadInfo", b"l", "end of threads")
g.expect(b"T2", b"OK", "thread 2 alive")
g.expect(b"T3", b"E22", "no thread 3")
g.expect(b"vCont?", b"vCont;c;C;s;S;t", "vCont?")
if bytes.fromhex(g.cmd(b"qThreadExtraInfo,2").decode()) != b"hart 1":
    g.fail("qThreadExtraInfo,2")
g.expect(b"X%x,0:" % (RAM + 0x100), b"OK", "X probe")
g.expect(b"X%x,4:" % (RAM + 0x100) + escape(b"#}$*"), b"OK", "X")
if g.mem(RAM + 0x100, 4) != b"#}$*":
    g.fail("X did not write the escaped bytes")
g.expect(b"Qqemu.PhyMemMode:1", b"OK", "PhyMemMode on")
g.expect(b"qqemu.PhyMemMode", b"1", "PhyMemMode query")
if g.mem(RAM + 0x100, 4) != b"#}$*":
    g.fail("physical read")
g.expect(b"Qqemu.PhyMemMode:0", b"OK", "PhyMemMode off")
g.send(b"qRcmd," + b"info status".hex().encode())
out = b""
while True:
    r = g.reply()
    if r == b"OK":
        break
    if not r.startswith(b"O"):
        g.fail("qRcmd reply %r" % r)
    out += bytes.fromhex(r[1:].decode())
if b"VM status" not in out:
    g.fail("monitor info status: %r" % out)

# The guest still runs: both harts count in a0 until Ctrl-C.
def a0(tid):
    g.expect(b"Hg%x" % tid, b"OK", "Hg")
    return g.reg(10)
before = (a0(1), a0(2))
g.send(b"vCont;c"); time.sleep(0.5)
if g.p.poll() is not None:
    g.fail("trix exited while the guest should spin")
r = g.interrupt()
if not r.startswith(b"T02thread:"):
    g.fail("stop reply after Ctrl-C: %r" % r)
after = (a0(1), a0(2))
if after[0] == before[0] or after[1] == before[1]:
    g.fail("a hart did not run: a0 %r -> %r" % (before, after))
g.send(b"k")
if g.wait() != 0:
    g.fail("trix exit code after k")
print("PASS")
