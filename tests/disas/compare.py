#!/usr/bin/env python3
"""Compares rv_disas (through the rvdis driver) with riscv64 objdump on object files.

Normalisation (the only differences tolerated): runs of blanks become one space; objdump's
"<symbol>" after a branch/jump target is dropped and the bare hex target gets a 0x prefix (what
objdump prints itself when there is no symbol); objdump's "# address <symbol>" comments after
pc-relative pairs are dropped; lines objdump shows as data (.word/.short/.byte/.8byte, from
mapping symbols) are skipped. Anything else must match, except the ALLOW list below.
"""
import re
import subprocess
import sys

OBJDUMP = 'riscv64-linux-gnu-objdump'
LINE = re.compile(r'^\s*([0-9a-f]+):\s+([0-9a-f]+)\s+(.*)$')
DATA = re.compile(r'^(\.(word|short|byte|8byte|dword) |[0-9a-f]+ \.)')
TARGET = re.compile(r'(^|[ ,])([0-9a-f]+) <[^>]*>$')

# (regex on our output, regex on objdump's, reason)
ALLOW = [
    (r'^czero\.(eqz|nez) ', r'^\.4byte ', 'objdump 2.40 predates Zicond'),
]


def normalise(text):
    text = text.split(' #', 1)[0].split('\t#', 1)[0]
    text = ' '.join(text.split())
    return TARGET.sub(lambda m: m.group(1) + '0x' + m.group(2), text)


def objdump_lines(path):
    out = subprocess.run([OBJDUMP, '-d', '-w', path], check=True, capture_output=True,
                         text=True).stdout
    for line in out.splitlines():
        m = LINE.match(line)
        if m and len(m.group(2)) in (4, 8) and not DATA.match(normalise(m.group(3))):
            yield m.group(1), m.group(2), normalise(m.group(3))


def allowed(ours, theirs):
    return any(re.search(a, ours) and re.search(b, theirs) for a, b, _ in ALLOW)


def main():
    driver, files = sys.argv[1], sys.argv[2:]
    total = bad = 0
    for path in files:
        rows = list(objdump_lines(path))
        feed = ''.join('%s %s\n' % (a, h) for a, h, _ in rows)
        ours = subprocess.run([driver], input=feed, check=True, capture_output=True,
                              text=True).stdout.splitlines()
        for (addr, hexw, theirs), mine in zip(rows, ours):
            total += 1
            mine = normalise(mine)
            if mine != theirs and not allowed(mine, theirs):
                bad += 1
                if bad <= int(__import__("os").environ.get("SHOW", "60")):
                    print('%s:%s %s: trix "%s" objdump "%s"' % (path, addr, hexw, mine, theirs))
    print('%d instructions compared, %d mismatches' % (total, bad))
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
