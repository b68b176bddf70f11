#!/usr/bin/env python3
"""-no-shutdown / -action: a raw -M none guest prints 'A' on the UART and writes the SiFive
test finisher (power-off, or reboot). Checks the SHUTDOWN/RESET events, the run state
`shutdown`, system_reset + cont (the guest runs again), quit and the exit status. Exit 0 = pass."""
import json, os, struct, subprocess, sys, tempfile, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from qmp_test import Qmp, expect, fail

def image(finisher_val):
    lo = finisher_val & 0xfff
    hi = (finisher_val - (lo if lo < 0x800 else lo - 0x1000)) >> 12
    lo = lo if lo < 0x800 else lo - 0x1000
    w = [0x10000637,                         # lui a2, 0x10000 (UART)
         0x04100693,                         # li a3, 'A'
         0x00d60023,                         # sb a3, 0(a2)
         0x00100537,                         # lui a0, 0x100 (finisher)
         (hi << 12) | (11 << 7) | 0x37,      # lui a1, hi
         ((lo & 0xfff) << 20) | (11 << 15) | (11 << 7) | 0x13,   # addi a1, a1, lo
         0x00b52023,                         # sw a1, 0(a0)
         0x0000006f]                         # j .
    return struct.pack("<%dI" % len(w), *w)

def start(trix, tmp, val, extra):
    img = os.path.join(tmp, "guest.bin")
    with open(img, "wb") as f:
        f.write(image(val))
    sock = os.path.join(tmp, "qmp.sock")
    out = os.path.join(tmp, "serial.txt")
    for p in (sock, out):
        if os.path.exists(p):
            os.unlink(p)
    p = subprocess.Popen([trix, "-M", "virt", "-bios", img, "-S", "-serial", "file:" + out,
                          "-qmp", "unix:%s,server,wait=off" % sock] + extra)
    q = Qmp(sock)
    q.recv()
    expect("return" in q.cmd("qmp_capabilities"), "qmp_capabilities")
    return p, q, out

def serial(out):
    with open(out, "rb") as f:
        return f.read()

def wait_exit(p, code, what):
    try:
        rc = p.wait(20)
    except subprocess.TimeoutExpired:
        p.kill()
        fail("%s: trix did not exit" % what)
    expect(rc == code, "%s: exit status %d, expected %d" % (what, rc, code))

def status(q):
    return q.cmd("query-status")["return"]["status"]

def check_paused_shutdown(trix, tmp, extra):
    p, q, out = start(trix, tmp, 0x5555, extra)
    q.cmd("cont")
    e = q.wait_event("SHUTDOWN")
    expect(e["data"] == {"guest": True, "reason": "guest-shutdown"}, "SHUTDOWN data %r" % e)
    q.wait_event("STOP")
    time.sleep(0.2)
    expect(p.poll() is None, "%r: trix exited on guest power-off" % extra)
    r = q.cmd("query-status")["return"]
    expect(r["status"] == "shutdown" and not r["running"], "query-status %r" % r)
    expect("error" in q.cmd("cont"), "cont from shutdown must fail")
    expect(serial(out) == b"A", "serial %r" % serial(out))
    # system_reset: the machine restarts from prelaunch (QEMU's behaviour); cont runs it
    expect("return" in q.cmd("system_reset"), "system_reset")
    q.wait_event("RESET")
    deadline = time.time() + 10
    while status(q) != "prelaunch":
        if time.time() > deadline:
            fail("after system_reset: status %s" % status(q))
        time.sleep(0.05)
    q.cmd("cont")
    q.wait_event("SHUTDOWN")
    expect(status(q) == "shutdown", "second power-off: status %s" % status(q))
    expect(serial(out) == b"AA", "the guest did not run again: serial %r" % serial(out))
    expect("return" in q.cmd("quit"), "quit")
    wait_exit(p, 0, "quit after -no-shutdown")

def check_exit(trix, tmp, val, extra, code, reason):
    p, q, out = start(trix, tmp, val, extra)
    q.cmd("cont")
    e = q.wait_event("SHUTDOWN")
    expect(e["data"] == {"guest": True, "reason": reason}, "SHUTDOWN data %r" % e)
    wait_exit(p, code, "%r finisher %#x" % (extra, val))
    # QEMU sends no STOP when a power-off ends the process.
    rest = q.buf
    q.s.settimeout(5)
    while True:
        d = q.s.recv(65536)
        if not d:
            break
        rest += d
    later = [json.loads(l)["event"] for l in rest.split(b"\n") if l.strip()]
    later += [m["event"] for m in q.events]
    expect("STOP" not in later, "%r: STOP after a power-off that exits: %r" % (extra, later))

def check_guest_reset(trix, tmp):
    """A guest reboot (finisher 0x7777) without -no-reboot: RESET {guest: true}, it runs again."""
    p, q, out = start(trix, tmp, 0x7777, [])
    q.cmd("cont")
    e = q.wait_event("RESET")
    expect(e["data"] == {"guest": True, "reason": "guest-reset"}, "RESET data %r" % e)
    q.wait_event("RESET")
    expect(serial(out).startswith(b"AA"), "the guest did not run after its reset: %r" % serial(out))
    q.cmd("quit")
    wait_exit(p, 0, "quit after guest resets")

def main():
    trix = sys.argv[1]
    tmp = tempfile.mkdtemp()
    check_paused_shutdown(trix, tmp, ["-no-shutdown"])
    check_paused_shutdown(trix, tmp, ["-action", "shutdown=pause"])
    check_exit(trix, tmp, 0x5555, [], 0, "guest-shutdown")
    check_exit(trix, tmp, 0x5555, ["-action", "shutdown=poweroff"], 0, "guest-shutdown")
    check_exit(trix, tmp, (3 << 16) | 0x3333, [], 3, "guest-shutdown")
    check_exit(trix, tmp, 0x7777, ["-action", "reboot=shutdown"], 0, "guest-reset")
    check_exit(trix, tmp, 0x7777, ["-no-reboot"], 0, "guest-reset")
    check_guest_reset(trix, tmp)
    print("ok")

if __name__ == "__main__":
    main()
