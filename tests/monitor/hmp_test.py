#!/usr/bin/env python3
"""HMP test: boots trix-system-riscv64 with -monitor unix:PATH,server,wait=off, runs commands
and checks their output; quit ends trix with status 0. Exit 0 = pass."""
import os, socket, subprocess, sys, tempfile, time

def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)

def until_prompt(s):
    data = b""
    while not data.endswith(b"(trix) "):
        d = s.recv(65536)
        if not d:
            fail("connection closed; got %r" % data)
        data += d
    return data.decode()

def main():
    trix, kernel, mode = sys.argv[1], sys.argv[2], sys.argv[3]
    sock = os.path.join(tempfile.mkdtemp(), "hmp.sock")
    if mode == "chardev":
        mon = ["-chardev", "socket,id=hm,path=%s,server=on,wait=off" % sock, "-mon", "chardev=hm"]
    else:
        mon = ["-monitor", "unix:%s,server,wait=off" % sock]
    p = subprocess.Popen([trix, "-M", "virt", "-kernel", kernel, "-display", "none",
                          "-serial", "null"] + mon,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        for _ in range(100):
            s = socket.socket(socket.AF_UNIX)
            try:
                s.connect(sock)
                break
            except OSError:
                time.sleep(0.1)
        s.settimeout(30)
        if "monitor" not in until_prompt(s):
            fail("no banner")
        checks = [("info status", "VM status: running"), ("info cpus", "CPU #0"), ("stop", ""), ("info status", "VM status: paused"),
                  ("cont", ""), ("info status", "VM status: running"),
                  ("xp /4 0x80000000", "0000000080000000:"), ("xp /1 0x10", "Cannot access"),
                  ("bogus", "unknown command"), ("help", "system_reset"),
                  ("x" * 10000, "too long")]
        for cmd, want in checks:
            s.sendall(cmd.encode() + b"\r\n")
            out = until_prompt(s)
            if want not in out:
                fail("%r: expected %r in %r" % (cmd, want, out[:300]))
        s.sendall(b"quit\n")
        rc = p.wait(timeout=20)
        if rc != 0:
            fail("exit status %d: %s" % (rc, p.stderr.read()))
    finally:
        if p.poll() is None:
            p.kill()
    print("PASS")

main()
