"""A minimal gdb remote-protocol client for the tests: starts trix with -S -gdb on a free
port, sends packets, reads replies (acks and noise before a reply are dropped)."""
import os, socket, subprocess, sys, time


class Gdb:
    def __init__(self, trix, args, timeout=10):
        s = socket.socket(); s.bind(("127.0.0.1", 0)); self.port = s.getsockname()[1]; s.close()
        extra = os.environ.get("GDB_TEST_ARGS", "").split()     # e.g. -accel tcg,tier=interp
        self.p = subprocess.Popen([trix] + args + extra + ["-S", "-gdb", "tcp::%d" % self.port],
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        for _ in range(200):
            try:
                self.c = socket.create_connection(("127.0.0.1", self.port)); break
            except OSError:
                time.sleep(0.05)
        else:
            self.fail("cannot connect to trix")
        self.c.settimeout(timeout)
        self.buf = b""

    def fail(self, msg):
        self.p.kill()
        out = self.p.communicate()[0] or b""
        print("FAIL:", msg)
        print("trix exit %s, output: %s" % (self.p.returncode, out[-2000:].decode(errors="replace")))
        sys.exit(1)

    def read_until(self, pred):
        while not pred(self.buf):
            try:
                d = self.c.recv(65536)
            except socket.timeout:
                self.fail("no reply; got %r" % self.buf[-200:])
            if not d:
                self.fail("connection closed; got %r" % self.buf[-200:])
            self.buf += d

    @staticmethod
    def packet(payload):
        return b"$%s#%02x" % (payload, sum(payload) & 0xff)

    def reply(self):
        def whole(b):
            i = b.find(b"$")
            j = b.find(b"#", i) if i >= 0 else -1
            return j >= 0 and len(b) >= j + 3
        self.read_until(whole)
        i = self.buf.index(b"$"); j = self.buf.index(b"#", i)
        body, csum = self.buf[i + 1:j], self.buf[j + 1:j + 3]
        self.buf = self.buf[j + 3:]
        if int(csum, 16) != sum(body) & 0xff:
            self.fail("bad checksum from trix on %r" % body)
        return body

    def send(self, payload):
        self.c.sendall(self.packet(payload))

    def cmd(self, payload):
        self.send(payload)
        return self.reply()

    def expect(self, payload, want, what):
        r = self.cmd(payload)
        if r != want:
            self.fail("%s: %r -> %r, expected %r" % (what, payload, r, want))
        return r

    def reg(self, n):
        r = self.cmd(b"p%x" % n)
        try:
            return int.from_bytes(bytes.fromhex(r.decode()), "little")
        except ValueError:
            self.fail("p%x: %r" % (n, r))

    def mem(self, addr, n):
        r = self.cmd(b"m%x,%x" % (addr, n))
        try:
            return bytes.fromhex(r.decode())
        except ValueError:
            self.fail("m%x: %r" % (addr, r))

    def interrupt(self):
        self.c.sendall(b"\x03")
        return self.reply()

    def wait(self, timeout=20):
        try:
            return self.p.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.fail("trix did not exit")
