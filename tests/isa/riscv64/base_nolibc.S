/* The smallest user program: no libc, a few RV64I checks, write(1, "ok\n") and exit(0) via
 * ecall; each failed check exits with its own number. Useful first when bringing trix up.
 * TEST_CFLAGS: -nostdlib
 */
        .text
        .globl _start
_start:
        li      s0, 1                   /* check number */
        li      t0, 40
        addi    t1, t0, 2
        li      t2, 42
        bne     t1, t2, fail

        li      s0, 2                   /* addw wraps and sign-extends */
        li      t0, 0x7fffffff
        addiw   t1, t0, 1
        li      t2, -0x80000000
        bne     t1, t2, fail

        li      s0, 3                   /* a load/store round trip on the stack */
        addi    sp, sp, -16
        li      t0, 0x0123456789abcdef
        sd      t0, 0(sp)
        lw      t1, 4(sp)
        li      t2, 0x01234567
        bne     t1, t2, fail
        lbu     t1, 0(sp)
        li      t2, 0xef
        bne     t1, t2, fail
        addi    sp, sp, 16

        li      s0, 4                   /* a counted loop: sum 1..100 */
        li      t0, 100
        li      t1, 0
1:      add     t1, t1, t0
        addi    t0, t0, -1
        bnez    t0, 1b
        li      t2, 5050
        bne     t1, t2, fail

        li      s0, 5                   /* call and return */
        call    double_it
        li      t2, 10100
        bne     a0, t2, fail

        li      a0, 1                   /* write(1, msg, 3) */
        lla     a1, msg
        li      a2, 3
        li      a7, 64
        ecall
        li      s0, 6
        li      t2, 3
        bne     a0, t2, fail

        li      a0, 0                   /* exit(0) */
        li      a7, 93
        ecall

fail:   mv      a0, s0
        li      a7, 93
        ecall

double_it:
        add     a0, t1, t1
        ret

        .section .rodata
msg:    .ascii  "ok\n"
