#!/usr/bin/env python3
"""Random AdvSIMD integer instruction sequences for the differential test (run.sh with
A64_RAND_GEN=gen_simd.py): _start loads V0..V31 and clears FPSR, then N sequences of random
AdvSIMD integer instructions (vector and scalar forms, assembled from mnemonics so that
every one is a valid encoding; lane moves among them), each followed by a dump of V0..V31 and FPSR (520 bytes;
FPSR is cleared after it, so each dump shows the QC of its own sequence)."""
import random
import sys

ALL = ["8b", "16b", "4h", "8h", "2s", "4s", "2d"]
NO2D = ALL[:-1]
HS = ["4h", "8h", "2s", "4s"]
B = ["8b", "16b"]
ESZ = {"b": 8, "h": 16, "s": 32, "d": 64}
# widening pairs (wide, narrow) and the "2" forms
LONG = [("8h", "8b", "16b"), ("4s", "4h", "8h"), ("2d", "2s", "4s")]

SAME_ALL = "add sub cmeq cmtst cmgt cmhi cmge cmhs sqadd uqadd sqsub uqsub sshl ushl srshl " \
    "urshl sqshl uqshl sqrshl uqrshl addp".split()
SAME_NO2D = "mul mla mls shadd uhadd srhadd urhadd shsub uhsub smax umax smin umin sabd uabd " \
    "saba uaba smaxp umaxp sminp uminp".split()
LOGIC = "and bic orr orn eor bsl bit bif".split()
MISC_ALL = "neg abs sqabs sqneg suqadd usqadd".split()
CMP0 = "cmeq cmge cmgt cmle cmlt".split()
SHR = "sshr ushr ssra usra srshr urshr srsra ursra sri".split()
SHL = "shl sli sqshl uqshl sqshlu".split()
NARROW_SH = "shrn rshrn sqshrn uqshrn sqrshrn uqrshrn sqshrun sqrshrun".split()
LONG3 = "saddl uaddl ssubl usubl sabal uabal sabdl uabdl smlal umlal smlsl umlsl smull " \
    "umull".split()
SCAL_SAT = "sqadd uqadd sqsub uqsub sqshl uqshl sqrshl uqrshl".split()
SCAL_D = "add sub cmeq cmtst cmgt cmhi cmge cmhs sshl ushl srshl urshl".split()


def v(r, t):
    return "v%d.%s" % (r, t)


def gen(rnd):
    R = lambda: rnd.randrange(32)
    d, n, m = R(), R(), R()
    k = rnd.randrange(26)
    if k >= 24:         # lane moves between the ops (env loads/stores next to vector ops)
        e = rnd.choice("bhsd")
        i, j = rnd.randrange(16 // (ESZ[e] // 8)), rnd.randrange(16 // (ESZ[e] // 8))
        t = rnd.choice([x for x in ALL if x[-1] == e]) if e != "d" else "2d"
        c = rnd.randrange(4)
        if c == 0:
            return "dup %s, v%d.%s[%d]" % (v(d, t), n, e, i)
        if c == 1:
            return "mov v%d.%s[%d], v%d.%s[%d]" % (d, e, i, n, e, j)
        if c == 2:
            return "movi %s, #0x%x" % (v(d, rnd.choice(B)), rnd.randrange(256))
        r = "x9" if e == "d" else "w9"
        return "umov %s, v%d.%s[%d]\ndup %s, %s" % (r, n, e, i, v(d, t), r)
    if k == 0:
        t = rnd.choice(ALL)
        return "%s %s, %s, %s" % (rnd.choice(SAME_ALL), v(d, t), v(n, t), v(m, t))
    if k == 1:
        t = rnd.choice(NO2D)
        return "%s %s, %s, %s" % (rnd.choice(SAME_NO2D), v(d, t), v(n, t), v(m, t))
    if k == 2:
        op = rnd.choice(["sqdmulh", "sqrdmulh", "pmul"] + LOGIC)
        t = rnd.choice(HS if op.startswith("sq") else B)
        return "%s %s, %s, %s" % (op, v(d, t), v(n, t), v(m, t))
    if k == 3:
        t = rnd.choice(ALL)
        op = rnd.choice(MISC_ALL + CMP0)
        if op in CMP0:
            return "%s %s, %s, #0" % (op, v(d, t), v(n, t))
        return "%s %s, %s" % (op, v(d, t), v(n, t))
    if k == 4:
        op = rnd.choice(["cls", "clz", "rev64", "cnt", "not", "rbit", "rev16", "rev32"])
        t = rnd.choice({"cls": NO2D, "clz": NO2D, "rev64": NO2D, "rev32": ["8b", "16b", "4h", "8h"]}
                       .get(op, B))
        return "%s %s, %s" % (op, v(d, t), v(n, t))
    if k == 5:
        op = rnd.choice(["saddlp", "uaddlp", "sadalp", "uadalp"])
        w, nt = rnd.choice([("4h", "8b"), ("8h", "16b"), ("2s", "4h"), ("4s", "8h"),
                            ("1d", "2s"), ("2d", "4s")])
        return "%s %s, %s" % (op, v(d, w), v(n, nt))
    if k == 6:
        op = rnd.choice(["xtn", "sqxtn", "uqxtn", "sqxtun"])
        w, nt, nt2 = rnd.choice(LONG)
        if rnd.randrange(2):
            return "%s2 %s, %s" % (op, v(d, nt2), v(n, w))
        return "%s %s, %s" % (op, v(d, nt), v(n, w))
    if k == 7:
        w, nt, nt2 = rnd.choice(LONG)
        sh = ESZ[nt[-1]]
        if rnd.randrange(2):
            return "shll2 %s, %s, #%d" % (v(d, w), v(n, nt2), sh)
        return "shll %s, %s, #%d" % (v(d, w), v(n, nt), sh)
    if k == 8:
        op = rnd.choice(["addv", "smaxv", "umaxv", "sminv", "uminv", "saddlv", "uaddlv"])
        t = rnd.choice(["8b", "16b", "4h", "8h", "4s"])
        e = t[-1]
        if op.endswith("lv"):
            e = {"b": "h", "h": "s", "s": "d"}[e]
        return "%s %s%d, %s" % (op, e, d, v(n, t))
    if k == 9:
        w, nt, nt2 = rnd.choice(LONG)
        op = rnd.choice(LONG3 + ["saddw", "uaddw", "ssubw", "usubw"])
        two = rnd.randrange(2)
        src = nt2 if two else nt
        a = w if op.endswith("w") else src
        return "%s%s %s, %s, %s" % (op, "2" if two else "", v(d, w), v(n, a), v(m, src))
    if k == 10:
        w, nt, nt2 = rnd.choice(LONG)
        op = rnd.choice(["addhn", "raddhn", "subhn", "rsubhn"])
        if rnd.randrange(2):
            return "%s2 %s, %s, %s" % (op, v(d, nt2), v(n, w), v(m, w))
        return "%s %s, %s, %s" % (op, v(d, nt), v(n, w), v(m, w))
    if k == 11:
        w, nt, nt2 = rnd.choice(LONG[1:])
        op = rnd.choice(["sqdmull", "sqdmlal", "sqdmlsl"])
        two = rnd.randrange(2)
        return "%s%s %s, %s, %s" % (op, "2" if two else "", v(d, w), v(n, nt2 if two else nt),
                                    v(m, nt2 if two else nt))
    if k == 12:         # by element, same width
        t = rnd.choice(HS)
        e = t[-1]
        op = rnd.choice(["mul", "mla", "mls", "sqdmulh", "sqrdmulh"])
        mm = rnd.randrange(16) if e == "h" else m
        idx = rnd.randrange(8 if e == "h" else 4)
        return "%s %s, %s, v%d.%s[%d]" % (op, v(d, t), v(n, t), mm, e, idx)
    if k == 13:         # by element, widening
        w, nt, nt2 = rnd.choice(LONG[1:])
        e = nt[-1]
        op = rnd.choice(["smull", "umull", "smlal", "umlal", "smlsl", "umlsl", "sqdmull",
                         "sqdmlal", "sqdmlsl"])
        two = rnd.randrange(2)
        mm = rnd.randrange(16) if e == "h" else m
        idx = rnd.randrange(8 if e == "h" else 4)
        return "%s%s %s, %s, v%d.%s[%d]" % (op, "2" if two else "", v(d, w),
                                            v(n, nt2 if two else nt), mm, e, idx)
    if k == 14:
        t = rnd.choice(ALL)
        es = ESZ[t[-1]]
        op = rnd.choice(SHR)
        return "%s %s, %s, #%d" % (op, v(d, t), v(n, t), rnd.randint(1, es))
    if k == 15:
        t = rnd.choice(ALL)
        es = ESZ[t[-1]]
        return "%s %s, %s, #%d" % (rnd.choice(SHL), v(d, t), v(n, t), rnd.randrange(es))
    if k == 16:
        w, nt, nt2 = rnd.choice(LONG)
        es = ESZ[nt[-1]]
        op = rnd.choice(NARROW_SH)
        sh = rnd.randint(1, es)
        if rnd.randrange(2):
            return "%s2 %s, %s, #%d" % (op, v(d, nt2), v(n, w), sh)
        return "%s %s, %s, #%d" % (op, v(d, nt), v(n, w), sh)
    if k == 17:
        w, nt, nt2 = rnd.choice(LONG)
        es = ESZ[nt[-1]]
        op = rnd.choice(["sshll", "ushll"])
        two = rnd.randrange(2)
        return "%s%s %s, %s, #%d" % (op, "2" if two else "", v(d, w), v(n, nt2 if two else nt),
                                     rnd.randrange(es))
    # scalar forms
    if k == 18:
        e = rnd.choice("bhsd")
        if rnd.randrange(3) == 0:
            return "%s d%d, d%d, d%d" % (rnd.choice(SCAL_D), d, n, m)
        if rnd.randrange(3) == 0 and e in "hs":
            return "%s %s%d, %s%d, %s%d" % (rnd.choice(["sqdmulh", "sqrdmulh"]), e, d, e, n, e, m)
        return "%s %s%d, %s%d, %s%d" % (rnd.choice(SCAL_SAT), e, d, e, n, e, m)
    if k == 19:
        e = rnd.choice("bhsd")
        c = rnd.randrange(4)
        if c == 0:
            return "%s d%d, d%d" % (rnd.choice(["abs", "neg"]), d, n)
        if c == 1:
            return "%s d%d, d%d, #0" % (rnd.choice(CMP0), d, n)
        if c == 2:
            return "addp d%d, v%d.2d" % (d, n)
        return "%s %s%d, %s%d" % (rnd.choice(["sqabs", "sqneg", "suqadd", "usqadd"]), e, d, e, n)
    if k == 20:
        e, w = rnd.choice([("b", "h"), ("h", "s"), ("s", "d")])
        if rnd.randrange(2):
            return "%s %s%d, %s%d" % (rnd.choice(["sqxtn", "uqxtn", "sqxtun"]), e, d, w, n)
        sh = rnd.randint(1, ESZ[e])
        op = rnd.choice(["sqshrn", "uqshrn", "sqrshrn", "uqrshrn", "sqshrun", "sqrshrun"])
        return "%s %s%d, %s%d, #%d" % (op, e, d, w, n, sh)
    if k == 21:
        if rnd.randrange(2):
            op = rnd.choice(SHR)
            return "%s d%d, d%d, #%d" % (op, d, n, rnd.randint(1, 64))
        e = rnd.choice("bhsd")
        op = rnd.choice(["shl", "sli"] if rnd.randrange(3) == 0 else ["sqshl", "uqshl", "sqshlu"])
        if op in ("shl", "sli"):
            e = "d"
        return "%s %s%d, %s%d, #%d" % (op, e, d, e, n, rnd.randrange(ESZ[e]))
    if k == 22:
        e, w = rnd.choice([("h", "s"), ("s", "d")])
        op = rnd.choice(["sqdmull", "sqdmlal", "sqdmlsl"])
        if rnd.randrange(2):
            return "%s %s%d, %s%d, %s%d" % (op, w, d, e, n, e, m)
        mm = rnd.randrange(16) if e == "h" else m
        return "%s %s%d, %s%d, v%d.%s[%d]" % (op, w, d, e, n, mm, e, rnd.randrange(8 if e == "h" else 4))
    e = rnd.choice("hs")
    mm = rnd.randrange(16) if e == "h" else m
    return "%s %s%d, %s%d, v%d.%s[%d]" % (rnd.choice(["sqdmulh", "sqrdmulh"]), e, d, e, n, mm, e,
                                          rnd.randrange(8 if e == "h" else 4))


def lane_bytes(rnd):
    """16 bytes with lanes biased to the edge values of every lane size."""
    c = rnd.randrange(6)
    if c == 0:
        return [rnd.getrandbits(8) for _ in range(16)]
    if c == 1:      # small signed bytes: shift counts around +-lane size
        return [rnd.randint(-70, 70) & 0xff for _ in range(16)]
    if c == 2:
        return [rnd.choice([0, 1, 0x7f, 0x80, 0xff, 0xfe, 0x40]) for _ in range(16)]
    esz = rnd.choice([2, 4, 8])
    out = []
    for _ in range(16 // esz):
        x = rnd.choice([0, 1, (1 << (8 * esz - 1)) - 1, 1 << (8 * esz - 1), (1 << 8 * esz) - 1,
                        rnd.getrandbits(8 * esz), rnd.getrandbits(4)])
        out += list(x.to_bytes(esz, "little"))
    return out


def main():
    seed, nseq, seqlen = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    rnd = random.Random(seed)
    out = [".arch armv8-a", ".text", ".globl _start", "_start:", "adr x20, init"]
    for i in range(0, 32, 2):
        out.append("ldp q%d, q%d, [x20, #%d]" % (i, i + 1, i * 16))
    out.append("msr fpsr, xzr")
    for _ in range(nseq):
        out += [gen(rnd) for _ in range(seqlen)]
        out.append("bl dump")
    out += ["mov x0, #0", "mov x8, #93", "svc #0", "dump:", "adr x22, buf"]
    for i in range(0, 32, 2):
        out.append("stp q%d, q%d, [x22, #%d]" % (i, i + 1, i * 16))
    out += ["mrs x21, fpsr", "str x21, [x22, #512]", "msr fpsr, xzr", "mov x0, #1",
            "mov x1, x22", "mov x2, #520", "mov x8, #64", "svc #0", "ret",
            ".data", ".balign 16", "init:"]
    for _ in range(32):
        out.append(".byte " + ", ".join("0x%02x" % b for b in lane_bytes(rnd)))
    out.append("buf: .fill 528")
    print("\n".join(out))


main()
