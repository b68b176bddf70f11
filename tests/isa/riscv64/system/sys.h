/*
 * Tiny bare-metal runtime for the riscv64 system tests (include from a .S file).
 *
 * Built with -DTRIX_VIRT (QEMU/trix `-M virt`: result through the sifive_test finisher at
 * 0x100000, messages on the 16550 UART at 0x10000000) or -DTRIX_SPIKE (`-M spike`: result
 * through HTIF, tohost = (code << 1) | 1; no messages). Loaded at 0x80000000 (link.ld) and run
 * with `-bios none -kernel test.elf`.
 *
 * The test defines `test_main` (entered in M-mode with sp set; returning from it passes).
 *
 * Register conventions (everywhere, in every mode):
 *   s11  resume address: when a trap arrives and s11 != 0, the trap handler (M or S) records it
 *        and returns to s11 (in the mode the trap came from), clearing s11. For interrupts it
 *        also clears MPIE/SPIE (interrupts stay globally disabled afterwards) and the
 *        interrupt's enable bit in mie/sie (so that a still-pending interrupt does not come
 *        straight back in a lower mode).
 *   s10  cause of the last trap taken that way (mcause or scause)
 *   s9   its tval, s8 its epc, s7 mstatus/sstatus as the handler found it
 *   t6   scratch of the CHECK macros
 * A trap with s11 == 0 is unexpected and fails the test, except ecalls with a7 = one of:
 *   SYS_EXIT  exit with status a0 (0 = pass; else the failing line), from any mode
 *   SYS_TO_M  (ecall from S or U) continue after the ecall in M-mode
 *   SYS_TO_S  (ecall from U, when U ecalls are delegated to S) continue after it in S-mode
 */
#define SYS_EXIT 93
#define SYS_TO_M 0x4d4d
#define SYS_TO_S 0x5353
#define SYS_S_UNEXPECTED 0x5555

#define MSTATUS_SIE (1 << 1)
#define MSTATUS_MIE (1 << 3)
#define MSTATUS_SPIE (1 << 5)
#define MSTATUS_MPIE (1 << 7)
#define MSTATUS_SPP (1 << 8)
#define MSTATUS_MPP (3 << 11)
#define MSTATUS_MPRV (1 << 17)
#define MSTATUS_SUM (1 << 18)
#define MSTATUS_MXR (1 << 19)

#define CAUSE_INTR (1 << 63)
#define PTE_V 0x01
#define PTE_R 0x02
#define PTE_W 0x04
#define PTE_X 0x08
#define PTE_U 0x10
#define PTE_G 0x20
#define PTE_A 0x40
#define PTE_D 0x80

#define CLINT_MSIP 0x2000000
#define CLINT_MTIMECMP 0x2004000
#define CLINT_MTIME 0x200bff8

/* Fail with the current line unless reg == imm / reg != imm / (reg & mask) == imm ... */
#define FAIL_HERE li s11, 0; li a0, __LINE__; li a7, SYS_EXIT; ecall
#define CHECK_EQ(reg, imm) li t6, imm; beq reg, t6, 99f; FAIL_HERE; 99:
#define CHECK_NE(reg, imm) li t6, imm; bne reg, t6, 99f; FAIL_HERE; 99:
#define CHECK_REG_EQ(a, b) beq a, b, 99f; FAIL_HERE; 99:
#define CHECK_GTU(a, b) bgtu a, b, 99f; FAIL_HERE; 99:
/* The last trap: cause (s10) and tval (s9). */
#define CHECK_CAUSE(c) CHECK_EQ(s10, c)
/* Field of s7 (status at the last trap): (s7 >> shift) & mask == val */
#define CHECK_STATUS_FIELD(shift, mask, val) srli t6, s7, shift; andi t6, t6, mask; \
    CHECK_EQ(t6, val)
#define CHECK_MPP(val) CHECK_STATUS_FIELD(11, 3, val)
#define CHECK_TVAL(v) CHECK_EQ(s9, v)
/* Expect INSN (one instruction) to trap with cause C: resume right after it. */
#define EXPECT_TRAP(c, ...) la s11, 98f; li s10, -1; __VA_ARGS__; 98: CHECK_EQ(s11, 0); CHECK_CAUSE(c)
/* Expect INSN not to trap (a trap would resume after it with s11 == 0 and s10 == cause). */
#define NO_TRAP(...) la s11, 98f; __VA_ARGS__; 98: CHECK_NE(s11, 0); li s11, 0

/* Switch privilege: enter LABEL in S- or U-mode (from M-mode), come back to M (from S/U). */
#define M_TO_S(label) li t6, MSTATUS_MPP; csrc mstatus, t6; li t6, (1 << 11); csrs mstatus, t6; \
    la t6, label; csrw mepc, t6; mret
#define M_TO_U(label) li t6, MSTATUS_MPP; csrc mstatus, t6; la t6, label; csrw mepc, t6; mret
#define S_TO_U(label) li t6, MSTATUS_SPP; csrc sstatus, t6; la t6, label; csrw sepc, t6; sret
#define BACK_TO_M li a7, SYS_TO_M; ecall
#define BACK_TO_S li a7, SYS_TO_S; ecall

    .section .text.init, "ax"
    .globl _start
_start:
    csrr t0, mhartid
    bnez t0, sys_park
    la sp, sys_stack_top
    la t0, sys_mtrap
    csrw mtvec, t0
    /* PMP: everything accessible from S and U (with no entry they could reach nothing). */
    li t0, -1
    csrw pmpaddr0, t0
    li t0, 0x1f                 /* NAPOT, RWX */
    csrw pmpcfg0, t0
    csrw satp, zero
    csrw mie, zero
    csrw medeleg, zero
    csrw mideleg, zero
    csrw mscratch, zero
    li s11, 0
    call test_main
    li a0, 0
    j sys_exit
sys_park:
    wfi
    j sys_park

/* sys_exit: a0 = 0 (pass) or the failing line. M-mode only. */
    .globl sys_exit
sys_exit:
    mv s0, a0
    la t0, sys_hang
    csrw mtvec, t0
#ifdef TRIX_VIRT
    bnez s0, 1f
    la a0, sys_msg_pass
    call sys_puts
    li t1, 0x5555
    j 3f
1:  la a0, sys_msg_fail
    call sys_puts
    mv a0, s0
    call sys_putdec
    li a0, '\n'
    call sys_putc
    andi t1, s0, 0xff           /* the host sees the status modulo 256: never 0 for a failure */
    bnez t1, 2f
    li t1, 0xff
2:  slli t1, t1, 16
    li t2, 0x3333
    or t1, t1, t2
3:  li t0, 0x100000
    sw t1, 0(t0)
#else
    andi t1, s0, 0xff
    beqz s0, 2f
    bnez t1, 2f
    li t1, 0xff
2:  slli t1, t1, 1
    ori t1, t1, 1
    la t0, tohost
    sd t1, 0(t0)
    fence
#endif
sys_hang:
    j sys_hang

/* The M-mode trap handler. */
    .align 2
    .globl sys_mtrap
sys_mtrap:
    csrw mscratch, t0
    csrr s10, mcause
    csrr s9, mtval
    csrr s8, mepc
    csrr s7, mstatus
    beqz s11, 1f
    csrw mepc, s11
    li s11, 0
    bgez s10, 2f
    li t0, MSTATUS_MPIE
    csrc mstatus, t0
    li t0, 1
    sll t0, t0, s10             /* shift amount: the low 6 bits of the cause */
    csrc mie, t0
2:  csrr t0, mscratch
    mret
1:  /* ecalls: cause 8, 9, 11 */
    li t0, 8
    beq s10, t0, 4f
    li t0, 9
    beq s10, t0, 4f
    li t0, 11
    beq s10, t0, 4f
    j sys_unexpected
4:  li t0, SYS_EXIT
    beq a7, t0, sys_exit
    li t0, SYS_S_UNEXPECTED
    beq a7, t0, sys_s_unexpected
    li t0, SYS_TO_M
    bne a7, t0, sys_unexpected
    li t0, MSTATUS_MPP
    csrs mstatus, t0
    csrr t0, mepc
    addi t0, t0, 4
    csrw mepc, t0
    csrr t0, mscratch
    mret

sys_unexpected:
#ifdef TRIX_VIRT
    la a0, sys_msg_unexp
    call sys_puts
    mv a0, s10
    call sys_puthex
    la a0, sys_msg_epc
    call sys_puts
    mv a0, s8
    call sys_puthex
    la a0, sys_msg_tval
    call sys_puts
    mv a0, s9
    call sys_puthex
    li a0, '\n'
    call sys_putc
#endif
    li a0, 0xfe
    j sys_exit

sys_s_unexpected:               /* a0 = scause, a1 = sepc, a2 = stval */
#ifdef TRIX_VIRT
    mv s10, a0
    mv s8, a1
    mv s9, a2
    la a0, sys_msg_s
    call sys_puts
    j sys_unexpected
#else
    li a0, 0xfd
    j sys_exit
#endif

/* The S-mode trap handler (tests that delegate set stvec to it). */
    .align 2
    .globl sys_strap
sys_strap:
    csrr s10, scause
    csrr s9, stval
    csrr s8, sepc
    csrr s7, sstatus
    beqz s11, 1f
    csrw sepc, s11
    li s11, 0
    bgez s10, 2f
    csrw sscratch, t0
    li t0, MSTATUS_SPIE
    csrc sstatus, t0
    li t0, 1
    sll t0, t0, s10
    csrc sie, t0
    csrr t0, sscratch
2:  sret
1:  li t6, 8
    bne s10, t6, 3f
    li t6, SYS_EXIT             /* delegated ecall from U: forward exits to M */
    bne a7, t6, 4f
    ecall
4:  li t6, SYS_TO_S
    bne a7, t6, 3f
    li t6, MSTATUS_SPP
    csrs sstatus, t6
    csrr t6, sepc
    addi t6, t6, 4
    csrw sepc, t6
    sret
3:  mv a0, s10
    mv a1, s8
    mv a2, s9
    li a7, SYS_S_UNEXPECTED
    ecall

#ifdef TRIX_VIRT
/* Console output on the 16550 at 0x10000000 (M-mode, clobbers t0, t1). */
sys_putc:
    li t0, 0x10000000
1:  lbu t1, 5(t0)
    andi t1, t1, 0x20
    beqz t1, 1b
    sb a0, 0(t0)
    ret
sys_puts:                       /* a0 = string; clobbers a0, t0-t2 */
    mv t2, a0
    mv a3, ra
1:  lbu a0, 0(t2)
    beqz a0, 2f
    call sys_putc
    addi t2, t2, 1
    j 1b
2:  mv ra, a3
    ret
sys_putdec:                     /* a0 = unsigned value */
    mv s1, ra
    la t2, sys_numbuf + 31
    sb zero, 0(t2)
    li a4, 10
1:  remu a5, a0, a4
    divu a0, a0, a4
    addi a5, a5, '0'
    addi t2, t2, -1
    sb a5, 0(t2)
    bnez a0, 1b
    mv a0, t2
    call sys_puts
    mv ra, s1
    ret
sys_puthex:                     /* a0 = value, printed as 0x + 16 digits */
    mv s1, ra
    la t2, sys_numbuf
    li a4, '0'
    sb a4, 0(t2)
    li a4, 'x'
    sb a4, 1(t2)
    li a4, 60
    addi a6, t2, 2
1:  srl a5, a0, a4
    andi a5, a5, 15
    addi a5, a5, '0'
    li a7, '9'
    ble a5, a7, 2f
    addi a5, a5, 'a' - '0' - 10
2:  sb a5, 0(a6)
    addi a6, a6, 1
    addi a4, a4, -4
    bgez a4, 1b
    sb zero, 0(a6)
    mv a0, t2
    call sys_puts
    mv ra, s1
    ret

    .section .rodata
sys_msg_pass: .asciz "PASS\n"
sys_msg_fail: .asciz "FAIL at line "
sys_msg_unexp: .asciz "FAIL: unexpected trap, cause "
sys_msg_epc: .asciz " epc "
sys_msg_tval: .asciz " tval "
sys_msg_s: .asciz "(in S-mode) "
#endif

    .section .bss
    .align 4
sys_numbuf: .space 32
    .align 12
sys_stack: .space 8192
sys_stack_top:

#ifdef TRIX_SPIKE
    .section .tohost, "aw", @progbits
    .align 6
    .globl tohost
    .type tohost, @object
    .size tohost, 8
tohost: .dword 0
    .align 6
    .globl fromhost
    .type fromhost, @object
    .size fromhost, 8
fromhost: .dword 0
#endif

    .text
