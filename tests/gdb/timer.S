# Bare-metal guest for the step-mask test: a machine timer that fires every 50 ticks (its
# handler counts in `ticks` and re-arms it) while hart 0 spins in `loop` counting a0 and
# reading the time.
    .option norvc
    .equ    CLINT, 0x2000000
    .section .text
    .globl _start
_start:
    la      t0, handler
    csrw    mtvec, t0
    li      a0, 0
    call    rearm
    li      t0, 0x80                # mie.MTIE
    csrw    mie, t0
    csrsi   mstatus, 8              # mstatus.MIE
    .globl loop
loop:
    addi    a0, a0, 1
    rdtime  a1                      # the guest sees the time: the timer irq is due
    j       loop
rearm:
    li      t0, CLINT + 0xbff8      # mtime
    ld      t1, 0(t0)
    addi    t1, t1, 50
    li      t0, CLINT + 0x4000      # mtimecmp of hart 0
    sd      t1, 0(t0)
    ret
    .globl handler
    .align 2
handler:
    csrw    mscratch, ra
    la      t2, ticks
    ld      t3, 0(t2)
    addi    t3, t3, 1
    sd      t3, 0(t2)
    call    rearm
    csrr    ra, mscratch
    mret
    .data
    .align 3
    .globl ticks
ticks: .dword 0
