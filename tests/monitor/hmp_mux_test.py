#!/usr/bin/env python3
"""C-a c on mon:stdio (the -nographic console) switches to HMP: run 'info status' there,
switch back and forth, then 'quit' ends trix with status 0. The console is a pty. Exit 0 = pass."""
import os, select, subprocess, sys, time

def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)

def expect(fd, want, timeout=30):
    data, deadline = b"", time.time() + timeout
    while want.encode() not in data:
        left = deadline - time.time()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            fail("timeout waiting for %r; got %r" % (want, data[-300:]))
        try:
            data += os.read(fd, 65536)
        except OSError:
            fail("console closed waiting for %r; got %r" % (want, data[-300:]))
    return data.decode(errors="replace")

def main():
    trix, kernel = sys.argv[1], sys.argv[2]
    master, slave = os.openpty()
    p = subprocess.Popen([trix, "-M", "virt", "-kernel", kernel, "-nographic"],
                         stdin=slave, stdout=slave, stderr=slave, close_fds=True)
    os.close(slave)
    try:
        expect(master, "OpenSBI")
        os.write(master, b"\x01c")
        expect(master, "(trix) ")
        os.write(master, b"info status\r")
        expect(master, "VM status: running")
        os.write(master, b"\x01c\x01c")          # to the console and back
        expect(master, "(trix) ")
        os.write(master, b"quit\r")
        rc = p.wait(timeout=20)
        if rc != 0:
            fail("exit status %d" % rc)
    finally:
        if p.poll() is None:
            p.kill()
    print("PASS")

main()
