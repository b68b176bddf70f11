#!/usr/bin/env python3
"""Prints the translation-cost table of `make bench` from trix's TRIX_STATS=1 lines.

usage: stats.py LABEL:FILE...   (FILE holds a run's stderr with a `trix-stats: ...` line)

Columns: translated blocks, guest instructions per block, host code bytes per guest instruction
(JIT code buffer use, block headers and fault tables included), microseconds per block through
the whole pipeline (decode, optimize, interpreter bytecode, JIT), of which the JIT backend, and
blocks per second for the interpreter tier's compile (the pipeline without the JIT backend).
"""
import sys


def read_stats(path):
    """The key/value pairs of the last trix-stats line in path, or None."""
    found = None
    with open(path, errors="replace") as f:
        for line in f:
            if line.startswith("trix-stats:"):
                words = line.split()[1:]
                found = {k: int(v) for k, v in zip(words[::2], words[1::2])}
    return found


def row(label, s):
    blocks = max(s["blocks"], 1)
    interp_s = max(s["translate_us"] - s["jit_us"], 1) / 1e6
    bytes_insn = s["host_bytes"] / s["jit_insns"] if s["jit_insns"] else float("nan")
    jit_blk = s["jit_us"] / s["jit_blocks"] if s["jit_blocks"] else float("nan")
    return "%-12s %8d %9.1f %11.1f %8.2f %10.2f %12.0f" % (
        label, s["blocks"], s["guest_insns"] / blocks, bytes_insn,
        s["translate_us"] / blocks, jit_blk, s["blocks"] / interp_s)


def main():
    print("translation cost (TRIX_STATS=1, JIT tier):")
    print("%-12s %8s %9s %11s %8s %10s %12s" % ("run", "blocks", "insns/blk", "host_B/insn",
                                                "us/blk", "jit_us/blk", "interp_blk/s"))
    ok = True
    for arg in sys.argv[1:]:
        label, _, path = arg.rpartition(":")
        s = read_stats(path)
        if s is None:
            print("%-12s no trix-stats line in %s" % (label, path))
            ok = False
            continue
        print(row(label, s))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
