#!/usr/bin/env python3
"""system_powerdown: boots the riscv64 Linux kernel with a busybox-init initramfs (built here,
newc cpio) and -device virtio-keyboard-device; QMP system_powerdown presses Ctrl-Alt-Del, the
guest's init runs its ::ctrlaltdel -> poweroff -> ::shutdown actions (which print a marker),
and trix exits 0 after the POWERDOWN event. With a 4th argument "no-shutdown": trix runs with
-no-shutdown, the guest's power-off sends SHUTDOWN {guest: true} and leaves trix in state
shutdown, and quit exits 0. Exit 0 = pass."""
import gzip, json, os, socket, subprocess, sys, tempfile, threading, time

INITTAB = b"""::sysinit:/bin/busybox mount -t proc proc /proc
::sysinit:/bin/busybox cat /proc/bus/input/devices
::sysinit:/bin/busybox echo TRIX-POWERDOWN-READY
::ctrlaltdel:/bin/busybox poweroff
::shutdown:/bin/busybox echo TRIX-CLEAN-SHUTDOWN
"""

def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)

def cpio(entries):
    out, ino = b"", 1
    for name, mode, data, rdev in entries + [("TRAILER!!!", 0, b"", 0)]:
        nm = name.encode() + b"\0"
        hdr = "070701" + "".join("%08X" % v for v in (
            ino, mode, 0, 0, 1, 0, len(data), 0, 0, rdev >> 8, rdev & 0xff, len(nm), 0))
        out += hdr.encode() + nm
        out += b"\0" * (-len(out) % 4) + data
        out += b"\0" * (-len(out) % 4)
        ino += 1
    return out

def initramfs(busybox, path):
    bb = open(busybox, "rb").read()
    d, f, l, c = 0o40755, 0o100755, 0o120777, 0o20600
    ents = [("bin", d, b"", 0), ("bin/busybox", f, bb, 0), ("init", l, b"bin/busybox", 0),
            ("etc", d, b"", 0), ("etc/inittab", 0o100644, INITTAB, 0), ("proc", d, b"", 0),
            ("dev", d, b"", 0), ("dev/console", c, b"", (5 << 8) | 1)]
    with gzip.open(path, "wb") as g:
        g.write(cpio(ents))

def check_stays(p, f):
    """-no-shutdown: SHUTDOWN (guest), state shutdown, trix alive; then quit."""
    s_deadline = time.time() + 60
    while True:
        ev = json.loads(f.readline())
        if ev.get("event") == "SHUTDOWN":
            break
        if time.time() > s_deadline:
            fail("no SHUTDOWN event")
    if ev["data"] != {"guest": True, "reason": "guest-shutdown"}:
        fail("SHUTDOWN %r" % ev)
    time.sleep(0.5)
    if p.poll() is not None:
        fail("trix exited under -no-shutdown")
    f.write(b'{"execute": "query-status"}\n')
    f.flush()
    while True:
        r = json.loads(f.readline())
        if "return" in r:
            break
    if r["return"]["status"] != "shutdown":
        fail("query-status %r" % r)
    f.write(b'{"execute": "quit"}\n')
    f.flush()

def main():
    trix, kernel, busybox = sys.argv[1:4]
    stay = sys.argv[4:5] == ["no-shutdown"]
    tmp = tempfile.mkdtemp()
    rd, sock = os.path.join(tmp, "initrd.gz"), os.path.join(tmp, "qmp.sock")
    initramfs(busybox, rd)
    p = subprocess.Popen([trix, "-M", "virt", "-m", "256M", "-kernel", kernel, "-initrd", rd,
                          "-append", "console=ttyS0 quiet", "-display", "none",
                          "-serial", "stdio", "-device", "virtio-keyboard-device",
                          "-qmp", "unix:%s,server,wait=off" % sock] +
                         (["-no-shutdown"] if stay else []),
                         stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT)
    log = []
    ready = threading.Event()
    def reader():
        for line in p.stdout:
            log.append(line.decode(errors="replace"))
            if b"TRIX-POWERDOWN-READY" in line:
                ready.set()
    threading.Thread(target=reader, daemon=True).start()
    try:
        if not ready.wait(120):
            fail("guest not ready:\n" + "".join(log[-30:]))
        time.sleep(1)
        s = socket.socket(socket.AF_UNIX)
        s.connect(sock)
        f = s.makefile("rwb")
        json.loads(f.readline())
        for cmd in ("qmp_capabilities", "system_powerdown"):
            f.write(json.dumps({"execute": cmd}).encode() + b"\n")
            f.flush()
            r = json.loads(f.readline())
            if r != {"return": {}}:
                fail("%s: %r" % (cmd, r))
        ev = json.loads(f.readline())
        if ev.get("event") != "POWERDOWN":
            fail("expected POWERDOWN, got %r" % ev)
        if stay:
            check_stays(p, f)
        try:
            rc = p.wait(timeout=60)
        except subprocess.TimeoutExpired:
            fail("the guest did not power off:\n" + "".join(log[-40:]))
        time.sleep(0.2)
        out = "".join(log)
        if "TRIX-CLEAN-SHUTDOWN" not in out:
            fail("no clean-shutdown marker:\n" + "".join(log[-30:]))
        if rc != 0:
            fail("exit status %d" % rc)
    finally:
        if p.poll() is None:
            p.kill()
    print("PASS")

main()
