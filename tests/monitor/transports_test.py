#!/usr/bin/env python3
"""QMP and HMP on the transports qmp_test.py does not use: -qmp stdio, -qmp tcp:, -monitor
stdio, -monitor tcp:. Checks QEMU's order (a stop's STOP event comes before its reply) on a
-M none machine. Usage: transports_test.py TRIX. Exit 0 = pass."""
import json, socket, subprocess, sys, time

def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)

def base(trix):
    return [trix, "-M", "none", "-bios", "none", "-display", "none", "-serial", "null"]

def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port

def qmp_stdio(trix):
    p = subprocess.Popen(base(trix) + ["-qmp", "stdio"], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    def send(m):
        p.stdin.write((json.dumps(m) + "\n").encode())
        p.stdin.flush()
    def recv():
        line = p.stdout.readline()
        if not line:
            fail("qmp stdio: EOF (%r)" % p.stderr.read())
        return json.loads(line)
    try:
        if "QMP" not in recv():
            fail("qmp stdio: no greeting")
        send({"execute": "qmp_capabilities"})
        while "return" not in recv():
            pass
        while True:                 # wait until the machine runs
            send({"execute": "query-status"})
            m = recv()
            while "return" not in m:
                m = recv()
            if m["return"]["running"]:
                break
            time.sleep(0.05)
        send({"execute": "stop", "id": "s"})
        seq = []
        while True:
            m = recv()
            seq.append(m.get("event") or m.get("id"))
            if m.get("id") == "s":
                break
        if seq[-2:] != ["STOP", "s"]:
            fail("qmp stdio: STOP before the stop reply expected, got %r" % seq)
        send({"execute": "quit"})
        rc = p.wait(timeout=10)
        if rc != 0:
            fail("qmp stdio: exit %d" % rc)
    finally:
        if p.poll() is None:
            p.kill()
    print("qmp stdio: ok")

def connect(port, p):
    deadline = time.time() + 20
    while True:
        try:
            return socket.create_connection(("127.0.0.1", port), timeout=20)
        except OSError:
            if p.poll() is not None or time.time() > deadline:
                fail("cannot connect to port %d (%r)" % (port, p.stderr.read()))
            time.sleep(0.1)

def tcp(trix, opt, dialog):
    for _ in range(5):          # another process may take the free port first: retry
        port = free_port()
        p = subprocess.Popen(base(trix) + [opt, "tcp:127.0.0.1:%d,server,wait=off" % port],
                             stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE)
        time.sleep(0.2)
        if p.poll() is None:
            break
    try:
        s = connect(port, p)
        f = s.makefile("rwb", buffering=0)
        dialog(f)
        s.close()
        rc = p.wait(timeout=10)
        if rc != 0:
            fail("%s tcp: exit %d" % (opt, rc))
    finally:
        if p.poll() is None:
            p.kill()
    print("%s tcp: ok" % opt)

def qmp_dialog(f):
    if "QMP" not in json.loads(f.readline()):
        fail("qmp tcp: no greeting")
    f.write(b'{"execute": "qmp_capabilities"}\n')
    if json.loads(f.readline()) != {"return": {}}:
        fail("qmp tcp: qmp_capabilities")
    f.write(b'{"execute": "query-version"}\n')
    m = json.loads(f.readline())
    while "event" in m:
        m = json.loads(f.readline())
    if not isinstance(m["return"]["qemu"]["major"], int):
        fail("qmp tcp: query-version %r" % m)
    f.write(b'{"execute": "quit"}\n')
    f.readline()

def hmp_dialog(f):
    f.write(b"info status\nquit\n")
    out = f.read()
    if b"VM status:" not in out:
        fail("monitor tcp: %r" % out)

def hmp_stdio(trix):
    r = subprocess.run(base(trix) + ["-monitor", "stdio"], input=b"info status\nquit\n",
                       capture_output=True, timeout=20)
    if r.returncode != 0 or b"VM status:" not in r.stdout:
        fail("monitor stdio: exit %d %r %r" % (r.returncode, r.stdout, r.stderr))
    print("monitor stdio: ok")

def main():
    trix = sys.argv[1]
    qmp_stdio(trix)
    tcp(trix, "-qmp", qmp_dialog)
    tcp(trix, "-monitor", hmp_dialog)
    hmp_stdio(trix)
    print("PASS")

main()
