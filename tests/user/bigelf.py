#!/usr/bin/env python3
"""Write a riscv64 ELF with 512 one-page PT_LOADs spread over a 16 GiB sparse span, whose
entry exits with status 0: bigelf.py OUT. The loader must handle it fast."""
import struct
import sys

PHNUM, STRIDE, BASE = 512, 32 << 20, 0x10000
code = struct.pack('<3I', 0x05d00893, 0x00000513, 0x00000073)  # li a7,93; li a0,0; ecall
ehsize, phsize = 64, 56
data_off = (ehsize + PHNUM * phsize + 0xfff) & ~0xfff
eh = b'\x7fELF' + bytes([2, 1, 1, 0]) + bytes(8)
eh += struct.pack('<HHIQQQIHHHHHH', 2, 243, 1, BASE, ehsize, 0, 0, ehsize, phsize, PHNUM,
                  0, 0, 0)
ph = b''
for i in range(PHNUM):
    flags = 5 if i == 0 else 6                  # R+X for the code, RW for the rest
    ph += struct.pack('<IIQQQQQQ', 1, flags, data_off if i == 0 else 0,
                      BASE + i * STRIDE, 0, len(code) if i == 0 else 0, 4096, 4096)
img = eh + ph
img += bytes(data_off - len(img)) + code
with open(sys.argv[1], 'wb') as f:
    f.write(img)
