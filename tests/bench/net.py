#!/usr/bin/env python3
"""TCP throughput through slirp: a riscv64 Linux guest with virtio-net, trix vs QEMU.

usage: net.py [--mib N] [--dev virtio-net-device|virtio-net-pci] TRIX QEMU KERNEL INITRD

For each emulator (same kernel, initramfs, command line): boots to the shell, gets an address
by DHCP, then
  host->guest: the guest wgets N MiB from an HTTP server on 127.0.0.1 (via 10.0.2.2);
  guest->host: the host fetches N MiB from busybox httpd in the guest via hostfwd.
Each direction is timed on the host (the shell command's start to its end mark, or the
fetch). Prints MiB/s per emulator and direction, and the trix/QEMU ratio (>1: trix faster).
Only 127.0.0.1 and slirp's 10.0.2.x are used.
"""
import http.server
import os
import sys
import threading
import time
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "net"))
import net_test  # noqa: E402  (Console, free_port)


def serve(nbytes):
    blob = bytes(1 << 20)

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Length", str(nbytes))
            self.end_headers()
            left = nbytes
            while left:
                k = min(left, len(blob))
                self.wfile.write(blob[:k])
                left -= k

        def log_message(self, *a):
            pass

    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv.server_address[1]


def run_one(emu, kernel, initrd, dev, nbytes, port, log):
    fwd = net_test.free_port()
    cmd = [emu, "-M", "virt", "-m", "256M", "-nographic", "-bios", "default", "-kernel", kernel,
           "-initrd", initrd, "-append", "console=ttyS0 quiet",
           "-netdev", "user,id=n0,hostfwd=tcp:127.0.0.1:%d-:80" % fwd,
           "-device", dev + ",netdev=n0"]
    saved = sys.stdout
    sys.stdout = log
    try:
        c = net_test.Console(cmd, time.time() + 300)
        net_test.console = c
        prompt = r"trix:[^\n]*# "
        c.expect(prompt)
        c.send("udhcpc -i eth0 -n -q -t 10 -T 1 >/dev/null 2>&1; echo DHCP=$((40+2))\r")
        c.expect("DHCP=42")
        c.expect(prompt)
        c.send("mkdir -p /www && head -c %d /dev/zero > /www/blob && httpd -p 80 -h /www"
               " && echo READY=$((6*7))\r" % nbytes)
        c.expect("READY=42")
        c.expect(prompt)
        c.send("echo GO=$((1+1)); wget -q -O /dev/null http://10.0.2.2:%d/blob; echo W=$?\r"
               % port)
        c.expect("GO=2")
        t0 = time.time()
        m = c.expect(r"W=(\d+)")
        down = time.time() - t0
        if m.group(1) != b"0":
            net_test.fail("%s: guest wget failed" % emu)
        c.expect(prompt)
        t0 = time.time()
        with urllib.request.urlopen("http://127.0.0.1:%d/blob" % fwd, timeout=120) as r:
            got = 0
            while True:
                b = r.read(1 << 20)
                if not b:
                    break
                got += len(b)
        up = time.time() - t0
        if got != nbytes:
            net_test.fail("%s: fetched %d of %d bytes" % (emu, got, nbytes))
        c.send("poweroff\r")
        c.wait_exit()
    finally:
        sys.stdout = saved
    mib = nbytes / (1 << 20)
    return mib / down, mib / up


def main():
    args = sys.argv[1:]
    mib, dev = 32, "virtio-net-device"
    while args and args[0].startswith("--"):
        a = args.pop(0)
        if a == "--mib":
            mib = int(args.pop(0))
        elif a == "--dev":
            dev = args.pop(0)
        else:
            sys.exit("net.py: bad argument %r" % a)
    trix, qemu, kernel, initrd = args
    nbytes = mib << 20
    port = serve(nbytes)
    with open(os.environ.get("NET_BENCH_LOG", os.devnull), "w") as log:
        res = {name: run_one(emu, kernel, initrd, dev, nbytes, port, log)
               for name, emu in (("trix", trix), ("qemu", qemu))}
    for i, what in enumerate(("host->guest", "guest->host")):
        t, q = res["trix"][i], res["qemu"][i]
        print("net %-11s %d MiB (%s): trix %7.1f MiB/s  qemu %7.1f MiB/s  ratio %.2f"
              % (what, mib, dev, t, q, t / q))


if __name__ == "__main__":
    main()
