# Bare-metal guest for the gdb watchpoint test: ITERS times, store to `counter` (write
# watchpoint), load `other` (read watchpoint), store to `swvar` (gdb's software watchpoint)
# and pass `hw_here` (hardware breakpoint) and `sw_here` (breakpoint); then `done`, and the
# test finisher ends the run with exit code 7. Harts other than 0 park in wfi.
    .option norvc
    .equ    ITERS, 5
    .section .text
    .globl _start
_start:
    csrr    t0, mhartid
    bnez    t0, park
    li      s1, 0
    .globl loop
loop:
    la      t1, counter
    lw      t2, 0(t1)
    addi    t2, t2, 1
    sw      t2, 0(t1)
    la      t1, other
    lw      t3, 0(t1)
    la      t1, swvar
    sw      s1, 0(t1)
    .globl hw_here
hw_here:
    addi    s1, s1, 1
    .globl sw_here
sw_here:
    li      t4, ITERS
    bne     s1, t4, loop
    .globl done
done:
    li      s0, 0x100000            # test finisher
    li      t0, (7 << 16) | 0x3333
    sw      t0, 0(s0)
park:
    wfi
    j       park
    .data
    .align 3
    .globl counter, other, swvar
counter: .word 0
    .align 6
other:   .word 0x1234
    .align 6
swvar:   .word 100
