/* Timer deadlines are honoured: the property of kvm-unit-tests' sbi "set_timer: timer delay
 * honored" check, for the Sstc timer (S-mode stimecmp) and the CLINT timer (M-mode mtimecmp).
 * Each round reads time, sets the deadline `begin + DELAY`, then spins reading time until the
 * handler has run or `deadline + MARGIN` has passed, exactly like the C test:
 *     while ((end = time) <= deadline + margin && !fired) ;
 * and requires fired, end >= deadline (no early interrupt, and none delivered between a time
 * read and the flag check after time had already passed the deadline unseen) and end <=
 * deadline + MARGIN. Hart 1 (with -smp 2) spins meanwhile, so that vCPU scheduling is
 * exercised. Bare metal for -M virt -bios none: result through the sifive_test finisher. */
#define ROUNDS 12
#define DELAY 10000                 /* 1 ms at the 10 MHz timebase */
#define MARGIN 2000000              /* 200 ms, kvm-unit-tests' default */
#define CSR_STIMECMP 0x14d
#define CSR_MENVCFG 0x30a
#define FINISHER 0x100000
#define UART 0x10000000
#define MTIMECMP0 0x2004000

/* Start a round: fired = 0, s2 = begin (time now), s3 = deadline, s4 = give up after. */
.macro round_begin
    la t0, fired
    sd zero, 0(t0)
    rdtime s2
    li t0, DELAY
    add s3, s2, t0
    li t0, MARGIN
    add s4, s3, t0
.endm

/* Spin like the C test (s5 = end), then check the round: fired, and not early. */
.macro round_wait none, early
2:  rdtime s5
    bgtu s5, s4, 3f
    la t0, fired
    ld t1, 0(t0)
    beqz t1, 2b
3:  la t0, fired
    ld t1, 0(t0)
    beqz t1, \none
    bltu s5, s3, \early
.endm

    .section .text.init, "ax"
    .globl _start
_start:
    csrr t0, mhartid
    bnez t0, spinner
    la sp, stack_top
    li t0, -1
    csrw pmpaddr0, t0
    li t0, 0x1f
    csrw pmpcfg0, t0
    csrwi mcounteren, 7
    li t0, -1
    csrw CSR_STIMECMP, t0
    li t0, MTIMECMP0
    li t1, -1
    sd t1, 0(t0)                    /* no M timer yet */
    li t0, 1 << 63
    csrs CSR_MENVCFG, t0            /* STCE */
    li t0, 1 << 5
    csrw mideleg, t0                /* STI to S */
    la t0, mtrap
    csrw mtvec, t0
    la t0, strap
    csrw stvec, t0

    /* ---- Sstc rounds, in S-mode ---- */
    li t0, 3 << 11
    csrc mstatus, t0
    li t0, 1 << 11
    csrs mstatus, t0                /* MPP = S */
    la t0, s_rounds
    csrw mepc, t0
    mret
s_rounds:
    li s0, ROUNDS
    li t0, 1 << 5
    csrs sie, t0
    csrsi sstatus, 2                /* SIE */
1:  round_begin
    csrw CSR_STIMECMP, s3
    round_wait s_none, s_early
    addi s0, s0, -1
    bnez s0, 1b
    csrci sstatus, 2
    li a7, 1
    ecall                           /* back to M */

    /* ---- CLINT rounds, in M-mode ---- */
m_rounds:
    li s0, ROUNDS
    li t0, 1 << 7
    csrs mie, t0                    /* MTIE */
    csrsi mstatus, 8                /* MIE */
1:  round_begin
    li t0, MTIMECMP0
    sd s3, 0(t0)
    round_wait m_none, m_early
    addi s0, s0, -1
    bnez s0, 1b
    la t0, spin_done
    li t1, 1
    sd t1, 0(t0)
    la a0, msg_pass
    call puts
    li t0, FINISHER
    li t1, 0x5555
    sw t1, 0(t0)
9:  j 9b

s_none:  la a0, msg_s_none;  j s_fail
s_early: la a0, msg_s_early
s_fail:  li a7, 2               /* report from M */
    ecall
m_none:  la a0, msg_m_none;  j fail
m_early: la a0, msg_m_early; j fail

/* a0 = message; s0 = rounds left, s3 = deadline, s5 = end. */
fail:
    csrci mstatus, 8
    mv s6, a0
    la a0, msg_fail
    call puts
    mv a0, s6
    call puts
    la a0, msg_short
    call puts
    sub a0, s3, s5
    call putdec
    la a0, msg_round
    call puts
    li a0, ROUNDS + 1
    sub a0, a0, s0
    call putdec
    li a0, '\n'
    call putc
    li t0, FINISHER
    li t1, (1 << 16) | 0x3333
    sw t1, 0(t0)
9:  j 9b

/* M traps: ecall a7 = 1 (continue with the M rounds), a7 = 2 (fail with message a0);
 * the machine timer interrupt (sets `fired`, disarms the timer). */
    .align 2
mtrap:
    csrr t0, mcause
    bltz t0, 1f
    li t1, 1
    beq a7, t1, 2f
    li t1, 2
    beq a7, t1, fail
    la a0, msg_m_trap
    j fail
2:  la t0, m_rounds
    csrw mepc, t0
    li t0, 3 << 11
    csrs mstatus, t0                /* MPP = M */
    mret
1:  la t0, fired
    li t1, 1
    sd t1, 0(t0)
    li t0, MTIMECMP0
    li t1, -1
    sd t1, 0(t0)
    mret

/* S traps: only the supervisor timer interrupt. */
    .align 2
strap:
    csrr t0, scause
    bgez t0, 1f
    la t0, fired
    li t1, 1
    sd t1, 0(t0)
    li t0, -1
    csrw CSR_STIMECMP, t0
    sret
1:  la a0, msg_s_trap
    li a7, 2
    ecall

/* Hart 1: keep a vCPU busy until the end. */
spinner:
    la t0, spin_done
1:  ld t1, 0(t0)
    rdtime t2
    beqz t1, 1b
2:  wfi
    j 2b

puts:                               /* a0 = string (M-mode) */
    li t0, UART
1:  lbu t1, 0(a0)
    beqz t1, 3f
2:  lbu t2, 5(t0)
    andi t2, t2, 0x20
    beqz t2, 2b
    sb t1, 0(t0)
    addi a0, a0, 1
    j 1b
3:  ret

putc:                               /* a0 = character */
    li t0, UART
1:  lbu t2, 5(t0)
    andi t2, t2, 0x20
    beqz t2, 1b
    sb a0, 0(t0)
    ret

putdec:                             /* a0 = unsigned value; clobbers a0-a3, t0-t2 */
    mv a3, ra
    la a1, numbuf + 31
    sb zero, 0(a1)
    li a2, 10
1:  remu t2, a0, a2
    divu a0, a0, a2
    addi t2, t2, '0'
    addi a1, a1, -1
    sb t2, 0(a1)
    bnez a0, 1b
    mv a0, a1
    call puts
    mv ra, a3
    ret

    .section .rodata
msg_short:   .asciz "  (deadline - time read: "
msg_round:   .asciz " ticks, round "
msg_pass:    .asciz "timer_delay: PASS\n"
msg_fail:    .asciz "timer_delay: FAIL: "
msg_s_none:  .asciz "Sstc: no interrupt within the margin\n"
msg_s_early: .asciz "Sstc: interrupt seen before time reached the deadline\n"
msg_s_trap:  .asciz "Sstc: unexpected S-mode trap\n"
msg_m_trap:  .asciz "unexpected M-mode trap\n"
msg_m_none:  .asciz "CLINT: no interrupt within the margin\n"
msg_m_early: .asciz "CLINT: interrupt seen before time reached the deadline\n"

    .section .data
    .align 3
fired:     .dword 0
spin_done: .dword 0
    .section .bss
    .align 4
numbuf: .space 32
    .space 4096
stack_top:
