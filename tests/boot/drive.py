#!/usr/bin/env python3
"""Drive an emulator's console through a pty, expect-style, with timeouts.

usage: drive.py [--timeout SECS] [--status N] STEP... -- COMMAND ARGS...

Steps run in order:
  expect:REGEX     wait until REGEX (Python syntax) appears in the output after the previous
                   match
  send:TEXT        type TEXT (escapes \\r \\n \\t \\\\ are understood); a short pause between
                   bytes, like a person (the UARTs have small FIFOs)
  absent:REGEX     at the end, the whole output must not contain REGEX
After the steps, the program must exit by itself (within the same overall timeout) with exit
status --status (default 0; "any" accepts every status) -- or, with --kill, it is killed once the
steps are done (firmware that never exits). The whole console output is copied to
stdout as it arrives. Exits 0 when everything held, 1 otherwise (with a reason on stderr).
"""
import os
import pty
import re
import select
import signal
import sys
import time


def unescape(s):
    return s.encode().decode("unicode_escape").encode("latin-1")


def main():
    args = sys.argv[1:]
    timeout = 60.0
    want_status = "0"
    kill = False
    steps = []
    while args and args[0] != "--":
        a = args.pop(0)
        if a == "--timeout":
            timeout = float(args.pop(0))
        elif a == "--kill":
            kill = True
        elif a == "--status":
            want_status = args.pop(0)
        elif a.startswith(("expect:", "send:", "absent:")):
            kind, _, val = a.partition(":")
            steps.append((kind, val))
        else:
            sys.exit("drive.py: bad argument %r" % a)
    if not args or len(args) < 2:
        sys.exit("drive.py: missing -- COMMAND")
    cmd = args[1:]

    pid, fd = pty.fork()
    if pid == 0:
        try:
            os.execvp(cmd[0], cmd)
        except OSError as e:
            os.write(2, ("drive.py: cannot run %s: %s\n" % (cmd[0], e)).encode())
        os._exit(127)

    deadline = time.monotonic() + timeout
    out = bytearray()
    pos = 0                 # where the next expect starts looking
    eof = False
    start = time.monotonic()

    def pump(wait):
        """Read what is available (waiting at most `wait` s). False at EOF."""
        nonlocal eof
        if eof:
            return False
        r, _, _ = select.select([fd], [], [], max(0.0, wait))
        if not r:
            return True
        try:
            data = os.read(fd, 65536)
        except OSError:
            data = b""
        if not data:
            eof = True
            return False
        out.extend(data)
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return True

    def fail(msg):
        sys.stdout.flush()
        sys.stderr.write("\ndrive.py: FAIL after %.1fs: %s\n" % (time.monotonic() - start, msg))
        try:
            os.killpg(pid, signal.SIGKILL)
        except OSError:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        try:
            os.waitpid(pid, 0)
        except OSError:
            pass
        sys.exit(1)

    for kind, val in steps:
        if kind == "expect":
            rx = re.compile(val.encode())
            while True:
                m = rx.search(out, pos)
                if m:
                    pos = m.end()
                    sys.stderr.write("\ndrive.py: matched %r at %.1fs\n" %
                                     (val, time.monotonic() - start))
                    break
                left = deadline - time.monotonic()
                if left <= 0:
                    fail("timed out waiting for %r" % val)
                if not pump(min(left, 0.5)) and not rx.search(out, pos):
                    fail("program ended before %r appeared" % val)
        elif kind == "send":
            for b in unescape(val):
                os.write(fd, bytes([b]))
                pump(0.02)
    if kill:
        for kind, val in steps:
            if kind == "absent" and re.search(val.encode(), out):
                fail("output contains %r" % val)
        try:
            os.killpg(pid, signal.SIGKILL)
        except OSError:
            pass
        os.waitpid(pid, 0)
        sys.stderr.write("\ndrive.py: all steps done after %.1fs; killed the program\n" %
                         (time.monotonic() - start))
        sys.exit(0)
    # Wait for the program to exit by itself.
    while pump(min(max(deadline - time.monotonic(), 0), 0.5)):
        if time.monotonic() > deadline:
            fail("timed out waiting for the program to exit")
    # EOF on the pty: collect the status.
    status = None
    while time.monotonic() < deadline + 5:
        p, st = os.waitpid(pid, os.WNOHANG)
        if p:
            status = os.waitstatus_to_exitcode(st)
            break
        time.sleep(0.05)
    if status is None:
        fail("console closed but the program did not exit")
    for kind, val in steps:
        if kind == "absent" and re.search(val.encode(), out):
            fail("output contains %r" % val)
    sys.stderr.write("\ndrive.py: exit status %d after %.1fs\n" %
                     (status, time.monotonic() - start))
    if want_status != "any" and status != int(want_status):
        sys.stderr.write("drive.py: FAIL: wanted exit status %s\n" % want_status)
        sys.exit(1)
    sys.exit(0)


if __name__ == "__main__":
    main()
