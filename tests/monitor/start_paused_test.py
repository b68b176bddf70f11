#!/usr/bin/env python3
"""-S: the machine starts paused (no guest output, query-status 'prelaunch'), and QMP cont
runs it (the raw guest prints 'A' and powers off with exit 0). Exit 0 = pass."""
import os, subprocess, sys, tempfile, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from qmp_test import expect
from no_shutdown_test import start, serial, status, wait_exit

def main():
    trix = sys.argv[1]
    with tempfile.TemporaryDirectory() as tmp:
        p, q, out = start(trix, tmp, 0x5555, [])
        time.sleep(0.5)
        expect(status(q) == "prelaunch", "status before cont: %s" % status(q))
        expect(q.cmd("query-status")["return"]["running"] is False, "running before cont")
        expect(serial(out) == b"", "guest ran before cont: %r" % serial(out))
        q.cmd("cont")
        wait_exit(p, 0, "after cont")
        expect(serial(out) == b"A", "serial after cont: %r" % serial(out))
    print("ok")

if __name__ == "__main__":
    main()
