# Bare-metal M-mode program for -M virt -bios none -kernel: prints on the 16550A, then ends
# the run through the SiFive test finisher with EXIT_CODE (0 = pass).
    .section .text
    .globl _start
_start:
    li      s0, 0x10000000          # UART0
    la      s1, msg
1:  lbu     t0, 0(s1)
    beqz    t0, 3f
2:  lbu     t1, 5(s0)               # LSR: wait for THRE
    andi    t1, t1, 0x20
    beqz    t1, 2b
    sb      t0, 0(s0)
    addi    s1, s1, 1
    j       1b
3:  li      s0, 0x100000            # test finisher
#if EXIT_CODE == 0
    li      t0, 0x5555
#else
    li      t0, (EXIT_CODE << 16) | 0x3333
#endif
    sw      t0, 0(s0)
4:  wfi
    j       4b
    .section .rodata
msg: .asciz "virt-ok hart0\n"
