#!/usr/bin/env python3
"""QMP test client: boots trix-system-riscv64 with -qmp (or -chardev + -mon) on a unix socket
and checks the greeting, negotiation, commands, error replies and events. Exit 0 = pass."""
import json, os, random, socket, subprocess, sys, tempfile, time

def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)

class Qmp:
    def __init__(self, path, timeout=30):
        deadline = time.time() + timeout
        while True:
            try:
                self.s = socket.socket(socket.AF_UNIX)
                self.s.connect(path)
                break
            except OSError:
                if time.time() > deadline:
                    fail("cannot connect to " + path)
                time.sleep(0.1)
        self.s.settimeout(timeout)
        self.buf = b""
        self.events = []

    def recv(self):
        while b"\n" not in self.buf:
            d = self.s.recv(65536)
            if not d:
                fail("connection closed")
            self.buf += d
        line, self.buf = self.buf.split(b"\n", 1)
        return json.loads(line)

    def reply(self):
        while True:
            m = self.recv()
            if "event" in m:
                self.events.append(m)
            else:
                return m

    def send_raw(self, data):
        self.s.sendall(data)

    def cmd(self, name, args=None, id=None):
        m = {"execute": name}
        if args is not None:
            m["arguments"] = args
        if id is not None:
            m["id"] = id
        self.send_raw(json.dumps(m).encode() + b"\n")
        return self.reply()

    def wait_event(self, name, timeout=30):
        deadline = time.time() + timeout
        while True:
            for e in self.events:
                if e["event"] == name:
                    self.events.remove(e)
                    return e
            if time.time() > deadline:
                fail("no %s event" % name)
            self.events.append(self.recv())

def expect(cond, msg):
    if not cond:
        fail(msg)

def check_error(r, cls):
    expect("error" in r and r["error"]["class"] == cls, "expected %s, got %r" % (cls, r))

def main():
    trix, kernel, mode = sys.argv[1], sys.argv[2], sys.argv[3]
    tmp = tempfile.mkdtemp()
    sock = os.path.join(tmp, "qmp.sock")
    if mode == "chardev":
        mon = ["-chardev", "socket,id=qm,path=%s,server=on,wait=off" % sock,
               "-mon", "chardev=qm,mode=control"]
    else:
        mon = ["-qmp", "unix:%s,server,wait=off" % sock]
    p = subprocess.Popen([trix, "-M", "virt", "-m", "256M", "-kernel", kernel,
                          "-display", "none", "-serial", "null"] + mon,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        run(sock, mode)
        rc = p.wait(timeout=20)
        expect(rc == 0, "trix exit status %d after quit: %s" % (rc, p.stderr.read()))
    finally:
        if p.poll() is None:
            p.kill()
    print("PASS")

def run(sock, mode):
    q = Qmp(sock)
    g = q.recv()
    expect("QMP" in g and "qemu" in g["QMP"]["version"] and "capabilities" in g["QMP"],
           "greeting %r" % g)
    check_error(q.cmd("query-status"), "CommandNotFound")      # before negotiation
    r = q.cmd("qmp_capabilities", id="neg")
    expect(r == {"return": {}, "id": "neg"}, "qmp_capabilities %r" % r)
    r = q.cmd("query-status", id=7)
    expect(r["id"] == 7 and r["return"]["status"] == "running", "query-status %r" % r)
    r = q.cmd("query-version")
    expect(isinstance(r["return"]["qemu"]["major"], int), "query-version %r" % r)
    names = [c["name"] for c in q.cmd("query-commands")["return"]]
    expect("quit" in names and "query-status" in names, "query-commands %r" % names)
    check_error(q.cmd("no-such-command", id="x"), "CommandNotFound")
    r = q.cmd("human-monitor-command", {"command-line": "info status"})
    expect("VM status: running" in r["return"], "human-monitor-command %r" % r)
    cpus = q.cmd("query-cpus-fast")["return"]
    expect(len(cpus) == 1 and cpus[0]["cpu-index"] == 0, "query-cpus-fast %r" % cpus)
    expect(cpus[0]["target"] == "riscv64" and cpus[0]["qom-path"] == "/machine/soc0/harts[0]"
           and isinstance(cpus[0]["thread-id"], int) and cpus[0]["props"]["core-id"] == 0,
           "query-cpus-fast fields %r" % cpus)
    machines = {m["name"]: m for m in q.cmd("query-machines")["return"]}
    expect(set(machines) == {"none", "virt", "spike"}, "query-machines %r" % machines)
    for m in machines.values():
        expect(all(k in m for k in ("cpu-max", "is-default", "hotpluggable-cpus",
               "numa-mem-supported", "deprecated", "acpi")), "query-machines fields %r" % m)
    expect(machines["virt"]["cpu-max"] > 1, "virt cpu-max %r" % machines["virt"])
    want = {"qmp_capabilities", "query-status", "stop", "cont", "system_reset",
            "system_powerdown", "quit", "query-cpus-fast", "query-version", "query-commands",
            "query-machines", "memsave", "pmemsave", "human-monitor-command"}
    expect(want <= set(names), "query-commands lacks %r" % (want - set(names)))
    dump = os.path.join(os.path.dirname(sock), "mem.bin")
    r = q.cmd("pmemsave", {"val": 0x80000000, "size": 8192, "filename": dump})
    expect(r == {"return": {}} and os.path.getsize(dump) == 8192, "pmemsave %r" % r)
    check_error(q.cmd("pmemsave", {"val": 16, "size": 8, "filename": dump}), "GenericError")
    check_error(q.cmd("pmemsave", {"val": "x", "size": 8, "filename": dump}), "GenericError")
    check_error(q.cmd("query-status", args=[1]), "GenericError")
    q.send_raw(b'{"execute": query-status,,}\n')           # malformed JSON
    check_error(q.reply(), "GenericError")
    q.send_raw(b"garbage here\n")
    check_error(q.reply(), "GenericError")
    q.send_raw(b'{"execute": "' + b"a" * (10 << 20) + b'"}\n')    # a 10 MB message
    check_error(q.reply(), "GenericError")
    expect(q.cmd("query-status")["return"]["running"], "alive after big message")
    rnd = random.Random(int(os.environ.get("QMP_FUZZ_SEED", "1")))
    good = json.dumps({"execute": "query-status", "arguments": {"a": [1, "x\\\"}"]}})
    for _ in range(300):                                          # random / truncated messages
        m = good[:rnd.randrange(len(good))] if rnd.random() < 0.5 else \
            "".join(rnd.choice('{}[]",:\\ax1 ') for _ in range(rnd.randrange(40)))
        q.send_raw(m.encode())
    q.send_raw(b"\n" + b"]" * 400 + b"}" * 400 + b'"\n\n')
    # re-synchronise: close the strings/containers the fuzz may have left open
    q.s.close()
    q = Qmp(sock)
    expect("QMP" in q.recv(), "greeting after reconnect")
    q.cmd("qmp_capabilities")
    expect(q.cmd("query-status")["return"]["running"], "answering after fuzz + reconnect")
    expect(q.cmd("stop") == {"return": {}}, "stop")
    q.wait_event("STOP")
    r = q.cmd("query-status")["return"]
    expect(r["status"] == "paused" and r["running"] is False, "paused status %r" % r)
    expect(q.cmd("cont") == {"return": {}}, "cont")
    q.wait_event("RESUME")
    expect(q.cmd("query-status")["return"]["status"] == "running", "running after cont")
    r = q.cmd("system_reset")
    expect(r == {"return": {}}, "system_reset %r" % r)
    e = q.wait_event("RESET")
    expect(e["data"]["guest"] is False and "seconds" in e["timestamp"], "RESET %r" % e)
    r = q.cmd("quit")
    expect(r == {"return": {}}, "quit %r" % r)
    e = q.wait_event("SHUTDOWN")
    expect(e["data"]["reason"] == "host-qmp-quit", "SHUTDOWN %r" % e)

if __name__ == "__main__":
    main()
