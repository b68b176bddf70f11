# S-mode payload for OpenSBI (-bios default -kernel): checks a0 = hartid and a1 = the DTB
# magic, prints through the legacy SBI console, then powers off with SBI SRST.
    .section .text
    .globl _start
_start:
    mv      s2, a0                  # hartid
    lwu     t0, 0(a1)               # the DTB magic, big-endian 0xd00dfeed
    li      t1, 0xedfe0dd0
    bne     t0, t1, fail
    la      s1, msg
1:  lbu     a0, 0(s1)
    beqz    a0, 2f
    li      a7, 1                   # legacy console_putchar
    ecall
    addi    s1, s1, 1
    j       1b
2:  li      a7, 0x53525354          # SRST: system_reset(shutdown, no reason)
    li      a6, 0
    li      a0, 0
    li      a1, 0
    ecall
fail:
    li      a7, 0x53525354          # SRST: system_reset(shutdown, system failure)
    li      a6, 0
    li      a0, 0
    li      a1, 1
    ecall
3:  j       3b
    .section .rodata
msg: .asciz "payload-ok in S-mode\n"
