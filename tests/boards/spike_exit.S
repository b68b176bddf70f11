# riscv-tests style program for -M spike -bios none -kernel: HTIF console output, then exit
# with EXIT_CODE through tohost = code << 1 | 1.
    .section .text.init
    .globl _start
_start:
    la      s0, tohost
    la      s1, msg
1:  lbu     t0, 0(s1)
    beqz    t0, 3f
2:  ld      t1, 0(s0)               # wait until the host took the previous command
    bnez    t1, 2b
    li      t1, 0x0101000000000000  # device 1 (console), command 1 (putchar)
    or      t1, t1, t0
    sd      t1, 0(s0)
    addi    s1, s1, 1
    j       1b
3:  li      t0, (EXIT_CODE << 1) | 1
    sd      t0, 0(s0)
4:  j       4b
    .section .rodata
msg: .asciz "spike-ok via htif\n"
    .section .tohost, "aw", @progbits
    .align 6
    .globl tohost
tohost: .dword 0
    .align 6
    .globl fromhost
fromhost: .dword 0
