# Bare-metal guest for the gdb thread test: every hart spins in its own loop (hart 0 at
# loop0, the others at loop1), counting in a0, until the debugger ends the run.
    .option norvc
    .section .text
    .globl _start
_start:
    csrr    t0, mhartid
    li      a0, 0
    bnez    t0, loop1
    .globl loop0
loop0:
    addi    a0, a0, 1
    j       loop0
    .globl loop1
loop1:
    addi    a0, a0, 2
    j       loop1
