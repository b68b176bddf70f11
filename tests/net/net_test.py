#!/usr/bin/env python3
"""Network test: a riscv64 Linux guest on user networking (slirp), console driven through a pty.

usage: net_test.py [--restrict] [--timeout SECS] -- EMULATOR ARGS...

The test starts an HTTP server on 127.0.0.1 (an ephemeral port) and appends
`-netdev user,id=n0,hostfwd=tcp:127.0.0.1:HP-:80[,restrict=on]` to the emulator's arguments,
where HP is a free host port; the arguments given must contain the NIC (`-device
virtio-net-device,netdev=n0` or `virtio-net-pci`), or NETDEV in an argument is replaced by
the netdev options (for `-nic user,NETDEV,model=...`). In the guest (the interactive shell of
tests/guests/mkinitramfs.sh, with tests/net/udhcpc.script as udhcpc's default script):
  1. udhcpc gets 10.0.2.15 from slirp's DHCP server;
  2. wget fetches a page with a random token from the host server through 10.0.2.2
     (with --restrict: the fetch must fail and the server must see no request);
  3. busybox httpd serves a page with another token on port 80, which the host fetches
     through the forwarded port 127.0.0.1:HP;
  4. poweroff; the emulator must exit with status 0.
Exits 0 when everything held, 1 otherwise (reason on stderr). The console goes to stdout.
"""
import http.server
import os
import pty
import re
import secrets
import select
import signal
import socket
import sys
import threading
import time
import urllib.request


class Console:
    def __init__(self, cmd, deadline):
        self.deadline = deadline
        self.buf = b""
        self.pos = 0
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            try:
                os.execvp(cmd[0], cmd)
            except OSError as e:
                os.write(2, ("net_test: cannot run %s: %s\n" % (cmd[0], e)).encode())
            os._exit(127)

    def _read(self, timeout):
        r, _, _ = select.select([self.fd], [], [], max(0.0, timeout))
        if not r:
            return True
        try:
            data = os.read(self.fd, 65536)
        except OSError:
            data = b""
        if not data:
            return False
        self.buf += data
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return True

    def expect(self, regex, secs=None):
        end = self.deadline if secs is None else min(self.deadline, time.time() + secs)
        pat = re.compile(regex.encode(), re.S)
        while True:
            m = pat.search(self.buf, self.pos)
            if m:
                self.pos = m.end()
                return m
            left = end - time.time()
            if left <= 0 or not self._read(min(left, 0.5)):
                if pat.search(self.buf, self.pos):
                    continue
                fail("timed out or EOF waiting for %r" % regex)

    def send(self, text):
        for ch in text.encode():
            os.write(self.fd, bytes([ch]))
            time.sleep(0.002)

    def wait_exit(self):
        while time.time() < self.deadline:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                return os.waitstatus_to_exitcode(status)
            self._read(0.2)
        os.kill(self.pid, signal.SIGKILL)
        fail("the emulator did not exit")

    def kill(self):
        try:
            os.kill(self.pid, signal.SIGKILL)
        except OSError:
            pass


console = None


def fail(msg):
    sys.stderr.write("\nnet_test: FAIL: %s\n" % msg)
    if console:
        console.kill()
    sys.exit(1)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def start_server(token):
    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            body = ("host page %s\n" % token).encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *a):
            pass

    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv.server_address[1], hits


def host_fetch(port, secs):
    end = time.time() + secs
    err = None
    while time.time() < end:
        try:
            with urllib.request.urlopen("http://127.0.0.1:%d/index.html" % port, timeout=5) as r:
                return r.read().decode(errors="replace")
        except Exception as e:      # not up yet, reset, ...
            err = e
            time.sleep(0.5)
    fail("host could not fetch the guest's page through hostfwd: %s" % err)


def main():
    global console
    args = sys.argv[1:]
    restrict = False
    timeout = 120.0
    while args and args[0] != "--":
        a = args.pop(0)
        if a == "--restrict":
            restrict = True
        elif a == "--timeout":
            timeout = float(args.pop(0))
        else:
            sys.exit("net_test.py: bad argument %r" % a)
    cmd = args[1:]
    if not cmd:
        sys.exit("net_test.py: missing -- EMULATOR ARGS")
    host_token, guest_token = secrets.token_hex(8), secrets.token_hex(8)
    port, hits = start_server(host_token)
    fwd = free_port()
    netdev = "hostfwd=tcp:127.0.0.1:%d-:80%s" % (fwd, ",restrict=on" if restrict else "")
    if any("NETDEV" in a for a in cmd):
        cmd = [a.replace("NETDEV", netdev) for a in cmd]
    else:
        cmd += ["-netdev", "user,id=n0," + netdev]
    print("net_test: " + " ".join(cmd), flush=True)
    console = Console(cmd, time.time() + timeout)
    prompt = r"trix:[^\n]*# "
    console.expect("Trix riscv64 guest ready")
    console.expect(prompt)
    console.send("udhcpc -i eth0 -n -q -t 10 -T 1 && echo DHCP=$((40+2))\r")
    console.expect(r"lease of 10\.0\.2\.15 obtained")
    console.expect(r"DHCP=42")
    console.expect(prompt)
    url = "http://10.0.2.2:%d/page.txt" % port
    console.send("wget -q -T 3 -O /tmp/page %s; echo WGET=$?; cat /tmp/page\r" % url)
    m = console.expect(r"WGET=(\d+)")
    status = m.group(1).decode()
    console.expect(prompt)
    got = console.buf[m.end():console.pos].decode(errors="replace")
    if restrict:
        if status == "0" or host_token in got or hits:
            fail("restrict=on: the guest reached the host service (%d requests)" % len(hits))
    elif status != "0" or host_token not in got:
        fail("the guest could not fetch the host page through 10.0.2.2 (status %s, got %r)"
             % (status, got))
    console.send("mkdir -p /www && echo guest page %s > /www/index.html && httpd -p 80 -h /www"
                 " && echo HTTPD=$((6*7))\r" % guest_token)
    console.expect("HTTPD=42")
    console.expect(prompt)
    page = host_fetch(fwd, 20)
    if guest_token not in page:
        fail("the page fetched through hostfwd is not the guest's: %r" % page)
    print("\nnet_test: host fetched the guest page through 127.0.0.1:%d" % fwd, flush=True)
    console.send("poweroff\r")
    console.expect("reboot: Power down")
    status = console.wait_exit()
    if status != 0:
        fail("the emulator exited with status %d" % status)
    print("net_test: PASS", flush=True)


if __name__ == "__main__":
    main()
