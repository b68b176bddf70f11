# Bare-metal M-mode guest for the gdb stub test: counts a0 to 10 in a loop, then ends the run
# through the SiFive test finisher with exit code 7.
    .option norvc
    .section .text
    .globl _start
_start:
    li      a0, 0
    li      a1, 10
    .globl loop
loop:
    addi    a0, a0, 1
    bne     a0, a1, loop
    li      s0, 0x100000            # test finisher
    li      t0, (7 << 16) | 0x3333
    sw      t0, 0(s0)
1:  wfi
    j       1b
    .globl data
    .align 3
data:
    .word   0x11223344, 0x55667788
