#!/usr/bin/env python3
"""Time one system-emulator run for the bench from what appears on its console.

usage: sysrun.py --timeout SECS [--until REGEX] [--marks] [--out FILE] [--err FILE] -- CMD...

The console (the emulator's stdout) is read as it arrives and each event is timed on the host
from just before the emulator starts:
  --until REGEX  stop at the first match of REGEX: print its time, then kill the emulator
  (default)      wait for the emulator to exit; it must exit with status 0; print the time
  --marks        the guest prints `BENCH-START <uptime>` and `BENCH-END <uptime>` around a
                 program: print the host time between the two lines (boot excluded), then the
                 guest's own /proc/uptime difference; --out gets the lines between the marks
                 (without --marks it is left empty)
stdout gets one line: `seconds GUEST_SECONDS` (GUEST_SECONDS is - without --marks).
Exit status: 0 done, 1 failure (reason on stderr), 124 timeout. --err receives the
emulator's stderr (default: discarded), --console (FILE) the whole console output.
"""
import os
import re
import select
import signal
import subprocess
import sys
import time


def parse(argv):
    opts = {"timeout": 150.0, "until": None, "marks": False, "out": None, "err": os.devnull,
            "console": None}
    while argv and argv[0] != "--":
        a = argv.pop(0)
        if a == "--marks":
            opts["marks"] = True
        elif a in ("--timeout", "--until", "--out", "--err", "--console") and argv:
            v = argv.pop(0)
            opts[a[2:]] = float(v) if a == "--timeout" else v
        else:
            sys.exit("sysrun.py: bad argument %r" % a)
    if len(argv) < 2:
        sys.exit("sysrun.py: missing -- CMD")
    return opts, argv[1:]


def stop(proc):
    """Ends the emulator (this script started it, so it is our child)."""
    if proc.poll() is None:
        proc.kill()
    proc.wait()


class Console:
    """The emulator's stdout with the host arrival time of every line."""

    def __init__(self, proc):
        self.proc, self.buf, self.lines, self.eof = proc, bytearray(), [], False
        self.partial = b""

    def pump(self, wait, t0):
        r, _, _ = select.select([self.proc.stdout], [], [], max(0.0, wait))
        if not r:
            return
        data = os.read(self.proc.stdout.fileno(), 65536)
        if not data:
            self.eof = True
            return
        now = time.monotonic() - t0
        self.buf.extend(data)
        self.partial += data
        *done, self.partial = self.partial.split(b"\n")
        self.lines.extend((now, ln.rstrip(b"\r")) for ln in done)


def fail(proc, msg, code=1):
    stop(proc)
    sys.stderr.write("sysrun.py: %s\n" % msg)
    sys.exit(code)


def run(opts, cmd):
    errf = open(opts["err"], "wb")
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=errf)
    con = Console(proc)
    until = re.compile(opts["until"].encode()) if opts["until"] else None
    deadline = t0 + opts["timeout"]
    try:
        while not con.eof:
            if time.monotonic() > deadline:
                fail(proc, "timed out after %.0fs" % opts["timeout"], 124)
            con.pump(0.2, t0)
            if until and until.search(con.buf):
                now = time.monotonic() - t0
                stop(proc)
                return con, now
        status = proc.wait(timeout=max(1.0, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        fail(proc, "console closed but the emulator did not exit", 124)
    finally:
        if opts["console"]:
            with open(opts["console"], "wb") as f:
                f.write(con.buf)
    if until:
        fail(proc, "the emulator exited (status %d) before %r appeared" % (status, opts["until"]))
    if status != 0:
        fail(proc, "the emulator exited with status %d" % status)
    return con, time.monotonic() - t0


def marks(con, out):
    """Host and guest seconds between BENCH-START and BENCH-END; the lines between to out."""
    found = {}
    body = []
    for t, ln in con.lines:
        m = re.search(rb"BENCH-(START|END) ([0-9.]+)", ln)
        if m and m.group(1).decode() not in found:
            found[m.group(1).decode()] = (t, float(m.group(2)))
        elif "START" in found and "END" not in found:
            body.append(ln)
    if "START" not in found or "END" not in found:
        sys.exit("sysrun.py: the console lacks BENCH-START/BENCH-END lines")
    if out:
        with open(out, "wb") as f:
            f.write(b"".join(ln + b"\n" for ln in body))
    (hs, gs), (he, ge) = found["START"], found["END"]
    return he - hs, ge - gs


def main():
    opts, cmd = parse(sys.argv[1:])
    con, secs = run(opts, cmd)
    guest = "-"
    if opts["marks"]:
        secs, g = marks(con, opts["out"])
        guest = "%.3f" % g
    elif opts["out"]:
        open(opts["out"], "wb").close()     # nothing to compare: an empty output
    print("%.3f %s" % (secs, guest))


if __name__ == "__main__":
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    main()
