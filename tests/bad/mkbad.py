#!/usr/bin/env python3
"""mkbad.py GOOD_ELF OUTDIR: writes damaged copies of a riscv64 ELF executable, one per way a
loader must refuse a file, plus a deterministic random-bytes file."""
import os
import random
import struct
import sys

good_path, out = sys.argv[1], sys.argv[2]
good = open(good_path, "rb").read()
os.makedirs(out, exist_ok=True)

# ELF64 header fields (little-endian): e_phoff at 0x20, e_phentsize 0x36, e_phnum 0x38.
phoff = struct.unpack_from("<Q", good, 0x20)[0]
phentsize, phnum = struct.unpack_from("<HH", good, 0x36)


def first_load():
    for i in range(phnum):
        off = phoff + i * phentsize
        if struct.unpack_from("<I", good, off)[0] == 1:  # PT_LOAD
            return off
    raise SystemExit("no PT_LOAD in " + good_path)


def variant(name, edits):
    b = bytearray(good)
    for fmt, off, val in edits:
        struct.pack_into(fmt, b, off, val)
    open(os.path.join(out, name), "wb").write(b)


ld = first_load()
# Program header fields: p_offset +8, p_vaddr +16, p_filesz +32, p_memsz +40.
p_offset, p_vaddr = struct.unpack_from("<QQ", good, ld + 8)
p_filesz, p_memsz = struct.unpack_from("<QQ", good, ld + 32)
big = len(good)
variant("phoff-past-eof", [("<Q", 0x20, big + 0x10000)])
variant("phoff-huge", [("<Q", 0x20, 0xFFFFFFFFFFFFFF00)])
variant("phnum-huge", [("<H", 0x38, 0xFFFF)])
variant("phentsize-bad", [("<H", 0x36, 12)])
variant("phnum-zero", [("<H", 0x38, 0)])
variant("segment-offset-past-eof", [("<Q", ld + 8, p_offset + 0x10000000)])
variant("segment-filesz-past-eof", [("<Q", ld + 32, big * 16), ("<Q", ld + 40, big * 16)])
variant("segment-memsz-lt-filesz", [("<Q", ld + 40, p_filesz // 2 if p_filesz > 1 else 0)])
variant("segment-vaddr-kernel", [("<Q", ld + 16, 0xFFFFFFFF80000000 + (p_vaddr & 0xFFF)),
                                 ("<Q", ld + 24, 0xFFFFFFFF80000000 + (p_vaddr & 0xFFF))])
variant("class-elf32", [("<B", 4, 1)])
variant("big-endian", [("<B", 5, 2)])
variant("type-relocatable", [("<H", 0x10, 1)])
variant("machine-x86_64", [("<H", 0x12, 62)])
variant("bad-magic", [("<B", 3, ord("G"))])

rng = random.Random(20240601)
open(os.path.join(out, "random-bytes"), "wb").write(bytes(rng.getrandbits(8) for _ in range(8192)))
# Random bytes behind a valid ELF magic, so the header parser sees garbage fields.
open(os.path.join(out, "random-after-magic"), "wb").write(
    b"\x7fELF\x02\x01\x01" + bytes(rng.getrandbits(8) for _ in range(4089)))
