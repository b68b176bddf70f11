/* Driver for gen_simd_enc.py: runs each generated encoding on the V0..V31/FPSR state (a
 * SIGILL skips it) and prints, per encoding, whether it was UNDEF and a hash of the state,
 * so that trix-aarch64 and qemu-aarch64 can be compared line by line (enc_run.sh). */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>

extern void (*enc_tests[])(void);
extern uint64_t enc_count, enc_init[64];
static uint64_t state[66];         /* V0..V31, FPSR */
static volatile int undef;

void enc_run(uint64_t *st, void (*fn)(void));
__asm__(".text\nenc_run:\n stp x29, x30, [sp, #-16]!\n mov x29, sp\n"
        " ldp q0, q1, [x0]\n ldp q2, q3, [x0, #32]\n ldp q4, q5, [x0, #64]\n"
        " ldp q6, q7, [x0, #96]\n ldp q8, q9, [x0, #128]\n ldp q10, q11, [x0, #160]\n"
        " ldp q12, q13, [x0, #192]\n ldp q14, q15, [x0, #224]\n ldp q16, q17, [x0, #256]\n"
        " ldp q18, q19, [x0, #288]\n ldp q20, q21, [x0, #320]\n ldp q22, q23, [x0, #352]\n"
        " ldp q24, q25, [x0, #384]\n ldp q26, q27, [x0, #416]\n ldp q28, q29, [x0, #448]\n"
        " ldp q30, q31, [x0, #480]\n ldr x9, [x0, #512]\n msr fpsr, x9\n"
        " stp x0, x1, [sp, #-16]!\n blr x1\n ldp x0, x1, [sp], #16\n"
        " stp q0, q1, [x0]\n stp q2, q3, [x0, #32]\n stp q4, q5, [x0, #64]\n"
        " stp q6, q7, [x0, #96]\n stp q8, q9, [x0, #128]\n stp q10, q11, [x0, #160]\n"
        " stp q12, q13, [x0, #192]\n stp q14, q15, [x0, #224]\n stp q16, q17, [x0, #256]\n"
        " stp q18, q19, [x0, #288]\n stp q20, q21, [x0, #320]\n stp q22, q23, [x0, #352]\n"
        " stp q24, q25, [x0, #384]\n stp q26, q27, [x0, #416]\n stp q28, q29, [x0, #448]\n"
        " stp q30, q31, [x0, #480]\n mrs x9, fpsr\n str x9, [x0, #512]\n"
        " ldp x29, x30, [sp], #16\n ret\n");

static void on_ill(int sig, siginfo_t *si, void *uc_)
{
    ucontext_t *uc = uc_;
    (void)sig;
    (void)si;
    undef = 1;
    uc->uc_mcontext.pc += 4;
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_ill;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGILL, &sa, NULL);
    memcpy(state, enc_init, sizeof(enc_init));
    for (uint64_t i = 0; i < enc_count; i++) {
        undef = 0;
        state[64] = 0;
        enc_run(state, enc_tests[i]);
        uint64_t h = 1469598103934665603ull;
        for (int k = 0; k < 65; k++)
            h = (h ^ state[k]) * 1099511628211ull;
        printf("%llu %08x %s %016llx qc=%d\n", (unsigned long long)i,
               *(uint32_t *)(void *)enc_tests[i], undef ? "UNDEF" : "ok",
               (unsigned long long)h, (int)(state[64] >> 27 & 1));
    }
    return 0;
}
