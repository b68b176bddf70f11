#!/usr/bin/env bash
# A crafted ELF (512 program headers over a 16 GiB sparse span) loads and runs in under 3 s.
set -u
elf=$(mktemp)
trap 'rm -f "$elf"' EXIT
python3 "$(dirname "$0")/bigelf.py" "$elf" || exit 1
start=$(date +%s%N)
"$TRIX_RISCV64" "$elf" </dev/null
rc=$?
ms=$(( ($(date +%s%N) - start) / 1000000 ))
echo "exit $rc after ${ms} ms"
[ $rc -eq 0 ] && [ $ms -lt 3000 ]
