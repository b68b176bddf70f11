/* Bare-metal test guest for -M none/virt: prints a line on the UART at 0x10000000, then
 * exits through the test finisher at 0x100000 with status 7. Uses no privileged
 * instructions, so it runs whatever mode the board starts the hart in. */
    .globl _start
_start:
    lla a0, msg
    li a1, 0x10000000
1:  lbu t1, 0(a0)
    beqz t1, 2f
    sb t1, 0(a1)
    addi a0, a0, 1
    j 1b
2:  li a1, 0x100000
    li t1, (7 << 16) | 0x3333
    sw t1, 0(a1)
3:  j 3b
msg: .asciz "hello from system mode\n"
