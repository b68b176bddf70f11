#!/usr/bin/env python3
"""Host side of the virtio-blk benchmark: runs EMULATOR ARGS..., timestamps the guest's
BLK-MARK lines on the console and prints `PHASE MB/s` for each phase (between marks)."""
import subprocess, sys, time

def main():
    timeout = float(sys.argv[1])
    cmd = sys.argv[2:]
    p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT)
    last = None
    deadline = time.monotonic() + timeout
    results = []
    for raw in p.stdout:
        line = raw.decode("utf-8", "replace")
        now = time.monotonic()
        if "BLK-MARK" in line:
            _, phase, nbytes = line[line.index("BLK-MARK"):].split()[:3]
            if last is not None:
                results.append((phase, int(nbytes) / (now - last) / 1e6))
            last = now
        if now > deadline:
            p.kill()
            break
    p.wait()
    if len(results) != 3:
        print("blkbench: the guest did not finish (%d phases)" % len(results), file=sys.stderr)
        return 1
    for phase, mbs in results:
        print("%s %.1f" % (phase, mbs))
    return 0

sys.exit(main())
