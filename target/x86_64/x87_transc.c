/* x87 transcendental instructions (FSIN, FCOS, FSINCOS, FPTAN, FPATAN, F2XM1, FYL2X, FYL2XP1).
 * Real CPUs are not correctly rounded there (docs/x86_64.md "x87"), so on an x86-64 host the
 * host's own FPU runs the instruction on the guest's x87 state: bit-exact by construction,
 * status word, tags and stack effects included. Other hosts raise #UD for them. */
#include <string.h>
#include "target/x86_64/x87.h"

#if defined(__x86_64__)

/* The guest x87 state into an FXSAVE image whose MXCSR and XMM part are the host's own. */
static void image_from_env(uint8_t *img, const X86CPU *env)
{
    uint16_t fcw = env->fcw, fsw = env->fsw;
    memcpy(img + 0, &fcw, 2);
    memcpy(img + 2, &fsw, 2);
    img[4] = env->ftw;
    memset(img + 5, 0, 19);
    int top = (env->fsw >> 11) & 7;
    for (int i = 0; i < 8; i++)
        memcpy(img + 32 + 16 * i, env->fpregs[(top + i) & 7], 16);
}

static void env_from_image(X86CPU *env, const uint8_t *img)
{
    memcpy(&env->fcw, img + 0, 2);
    memcpy(&env->fsw, img + 2, 2);
    env->ftw = img[4];
    int top = (env->fsw >> 11) & 7;
    for (int i = 0; i < 8; i++) {
        memcpy(env->fpregs[(top + i) & 7], img + 32 + 16 * i, 10);
        memset(env->fpregs[(top + i) & 7] + 10, 0, 6);
    }
}

void helper_x86_x87_transc(CPUState *cs, uint32_t op)
{
    X86CPU *env = x86_cpu(cs);
    uint8_t host[512] __attribute__((aligned(16))), img[512] __attribute__((aligned(16)));
    __asm__ volatile("fxsave %0" : "=m"(host));
    memcpy(img, host, sizeof img);
    image_from_env(img, env);
    __asm__ volatile("fxrstor %0" : : "m"(img));
    switch (op) {   /* no waiting x87 instruction runs before the state is saved again */
    case 0xfe: __asm__ volatile("fsin"); break;
    case 0xff: __asm__ volatile("fcos"); break;
    case 0xfb: __asm__ volatile("fsincos"); break;
    case 0xf2: __asm__ volatile("fptan"); break;
    case 0xf3: __asm__ volatile("fpatan"); break;
    case 0xf0: __asm__ volatile("f2xm1"); break;
    case 0xf1: __asm__ volatile("fyl2x"); break;
    case 0xf9: __asm__ volatile("fyl2xp1"); break;
    }
    __asm__ volatile("fxsave %0" : "=m"(img));
    __asm__ volatile("fxrstor %0" : : "m"(host));
    env_from_image(env, img);
}

#else

void helper_x86_x87_transc(CPUState *cs, uint32_t op)
{
    cpu_loop_exit_restore(cs, X86_EXCP_UD);
}

#endif
IR_HELPER(x86_x87_transc, IR_HTYPE_VOID, IR_CALL_MAY_RAISE | IR_CALL_NO_READ_GLOBALS |
          IR_CALL_NO_WRITE_GLOBALS, IR_HTYPE_PTR, IR_I32);
