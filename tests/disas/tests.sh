# Disassembler tests: target/riscv64/disas.c against riscv64-linux-gnu-objdump (binutils 2.40).
t disas/riscv64-corpus 120 bash tests/disas/run.sh corpus
t disas/riscv64-random 120 bash tests/disas/run.sh random 1 2000
disas_bb=$(bash tests/guests/get-riscv64.sh 2>/dev/null | tail -n 1)/busybox
if [ -f "$disas_bb" ]; then
    t disas/riscv64-busybox 300 bash tests/disas/run.sh "$disas_bb"
fi
