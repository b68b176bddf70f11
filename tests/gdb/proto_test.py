#!/usr/bin/env python3
"""Raw remote-protocol checks: garbage and bad checksums, unknown packets, unmapped memory,
register writes, Ctrl-C of a running guest, detach. argv: trix-system elf loop-addr."""
import socket, subprocess, sys, time

trix, elf, loop = sys.argv[1], sys.argv[2], int(sys.argv[3], 16)
s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
p = subprocess.Popen([trix, "-M", "virt", "-bios", "none", "-nographic", "-kernel", elf,
                      "-S", "-gdb", "tcp::%d" % port], stdout=subprocess.PIPE,
                     stderr=subprocess.STDOUT)
for _ in range(100):
    try:
        c = socket.create_connection(("127.0.0.1", port)); break
    except OSError:
        time.sleep(0.05)
c.settimeout(10)
buf = b""

def fail(msg):
    p.kill(); print("FAIL:", msg); sys.exit(1)

def read_until(pred):
    global buf
    while not pred(buf):
        d = c.recv(4096)
        if not d:
            fail("connection closed; got %r" % buf)
        buf += d

def packet(payload):
    return b"$%s#%02x" % (payload, sum(payload) & 0xff)

def reply():
    """The next $...#xx packet (acks and noise before it are dropped)."""
    global buf
    read_until(lambda b: b"$" in b and b"#" in b[b.index(b"$"):] and
               len(b) >= b.index(b"#", b.index(b"$")) + 3)
    i = buf.index(b"$"); j = buf.index(b"#", i)
    body, csum = buf[i + 1:j], buf[j + 1:j + 3]
    buf = buf[j + 3:]
    if int(csum, 16) != sum(body) & 0xff:
        fail("bad checksum from trix on %r" % body)
    return body

def cmd(payload):
    c.sendall(packet(payload))
    return reply()

c.sendall(b"garbage#zz+-}}")
c.sendall(b"$qSupported#00")                # wrong checksum -> '-'
read_until(lambda b: b"-" in b)
buf = b""
r = cmd(b"qSupported:multiprocess+")
if b"PacketSize=" not in r or b"qXfer:features:read+" not in r:
    fail("qSupported: %r" % r)
if cmd(b"vMustReplyEmpty") != b"":
    fail("unknown packet not empty")
if cmd(b"?") != b"T05thread:1;":
    fail("? reply")
if cmd(b"m0,4") != b"E14":
    fail("unmapped read not E14")
if cmd(b"mzz") != b"E01":
    fail("malformed m not E01")
if cmd(b"QStartNoAckMode") != b"OK":
    fail("QStartNoAckMode")
buf = buf.replace(b"+", b"")
bp = b"%x,4" % loop
if cmd(b"Z0," + bp) != b"OK" or cmd(b"c") != b"T05thread:1;" or cmd(b"z0," + bp) != b"OK":
    fail("breakpoint at loop")
def get_pc():
    return int.from_bytes(bytes.fromhex(cmd(b"p20").decode()), "little")
if get_pc() != loop:
    fail("pc at the breakpoint")
if cmd(b"s") != b"T05thread:1;" or get_pc() != loop + 4:
    fail("s did not step one instruction")
# a1 (x11) = 0: the loop counts to 2^64, i.e. runs until interrupted
if cmd(b"Pb=0000000000000000") != b"OK":
    fail("P a1")
c.sendall(packet(b"c"))
time.sleep(0.5)
if p.poll() is not None:
    fail("trix exited while the guest should spin")
c.sendall(b"\x03")                          # Ctrl-C: SIGINT
if reply() != b"T02thread:1;":
    fail("no stop reply after Ctrl-C")
pc = get_pc()
if not loop <= pc <= loop + 4:
    fail("pc after Ctrl-C %#x is not in the loop" % pc)
if cmd(b"P20=" + (loop + 8).to_bytes(8, "little").hex().encode()) != b"OK":
    fail("P pc")
if cmd(b"D") != b"OK":
    fail("D")
try:
    rc = p.wait(timeout=20)
except subprocess.TimeoutExpired:
    fail("trix did not exit after detach")
if rc != 7:
    fail("trix exited %d, expected 7" % rc)
print("PASS")
