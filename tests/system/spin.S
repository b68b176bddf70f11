/* Bare-metal test guest: spins forever (for C-a x and time-out tests). */
    .globl _start
_start:
    addi a0, a0, 1
    j _start
