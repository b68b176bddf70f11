/* x86-64 CPUID: advertises exactly the features the frontend implements (docs/x86_64.md). */
#include <string.h>
#include "trix/softmmu.h"
#include "target/x86_64/translate.h"
#include "target/x86_64/xsave.h"

/* Leaf 1 ECX: SSE3 (0), PCLMULQDQ (1), SSSE3 (9), FMA (12), SSE4.1 (19), SSE4.2 (20),
 * MOVBE (22), POPCNT (23), XSAVE (26), AVX (28), F16C (29); OSXSAVE (27) mirrors
 * CR4.OSXSAVE. */
#define CPUID1_ECX ((1u << 0) | (1u << 1) | (1u << 9) | (1u << 12) | (1u << 19) | (1u << 20) | \
                    (1u << 22) | (1u << 23) | (1u << 26) | (1u << 28) | (1u << 29))
#define CPUID1_ECX_OSXSAVE (1u << 27)
/* Leaf 0xD subleaf 1 EAX: XSAVEOPT (0), XSAVEC (1), XGETBV with ECX = 1 (2). */
#define CPUIDD1_EAX ((1u << 0) | (1u << 1) | (1u << 2))
/* Leaf 7 subleaf 0 EBX: FSGSBASE (0), BMI1 (3), AVX2 (5), BMI2 (8), ADX (19). */
#define CPUID7_EBX ((1u << 0) | (1u << 3) | (1u << 5) | (1u << 8) | (1u << 19))
/* Leaf 0x80000001: LAHF/SAHF in long mode (ECX 0), SYSCALL (EDX 11), NX (20), LM (29). */
#define CPUIDX1_ECX (1u << 0)
#define CPUIDX1_EDX ((1u << 11) | (1u << 20) | (1u << 29))

static void cpuid_vendor(uint32_t *b, uint32_t *c, uint32_t *d)
{
    static const char v[12] = "GenuineIntel";
    memcpy(b, v, 4);
    memcpy(d, v + 4, 4);
    memcpy(c, v + 8, 4);
}

static void cpuid_brand(uint32_t leaf, uint32_t r[4])
{
    static const char brand[48] = "Trix x86-64 CPU (QEMU-compatible)";
    memcpy(r, brand + 16 * (leaf - 0x80000002), 16);
}

/* Leaf 0xD: the XSAVE components and area sizes (xsave.h). */
static void cpuid_xsave(X86CPU *env, uint32_t sub, uint32_t r[4])
{
    uint64_t xcr0 = env->sys.xcr0 ? env->sys.xcr0 : X86_XCR0_USER;
    if (sub == 0) {
        r[0] = (uint32_t)X86_XCR0_USER;
        r[1] = x86_xsave_size(xcr0);
        r[2] = x86_xsave_size(X86_XCR0_USER);
    } else if (sub == 1) {
        r[0] = CPUIDD1_EAX;
    } else if (sub == 2 && (X86_XCR0_USER & X86_XS_AVX)) {
        r[0] = X86_XS_AVX_SIZE;
        r[1] = X86_XS_AVX_OFF;
    }
}

static void cpuid_leaf(X86CPU *env, uint32_t leaf, uint32_t sub, uint32_t r[4])
{
    memset(r, 0, 16);
    switch (leaf) {
    case 0:
        r[0] = 0xd;
        cpuid_vendor(&r[1], &r[2], &r[3]);
        break;
    case 1:
        r[0] = 0x000806f0;          /* family 6, model 0x8f, stepping 0 */
        r[1] = (uint32_t)env->cs.cpu_index << 24 | 1u << 16 | 8u << 8;    /* clflush 64 B */
        r[2] = CPUID1_ECX | (env->sys.hflags & X86_HF_OSXSAVE ? CPUID1_ECX_OSXSAVE : 0);
        r[3] = X86_CPUID1_EDX;
        break;
    case 0xd:
        cpuid_xsave(env, sub, r);
        break;
    case 7:
        if (sub == 0)
            r[1] = CPUID7_EBX;
        break;
    case 0x80000000:
        r[0] = 0x80000008;
        break;
    case 0x80000001:
        r[2] = CPUIDX1_ECX;
        r[3] = CPUIDX1_EDX;
        break;
    case 0x80000002: case 0x80000003: case 0x80000004:
        cpuid_brand(leaf, r);
        break;
    case 0x80000008:
        r[0] = 0x3028;              /* 40-bit physical, 48-bit virtual addresses */
        break;
    default:
        break;
    }
}

void x86_cpuid_sys(X86CPU *env, uint32_t leaf, uint32_t sub, uint32_t r[4]);

void helper_x86_cpuid(CPUState *cs)
{
    X86CPU *env = x86_cpu(cs);
    uint32_t r[4];
    cpuid_leaf(env, (uint32_t)env->regs[X86_RAX], (uint32_t)env->regs[X86_RCX], r);
    if (exec_softmmu)
        x86_cpuid_sys(env, (uint32_t)env->regs[X86_RAX], (uint32_t)env->regs[X86_RCX], r);
    env->regs[X86_RAX] = r[0];
    env->regs[X86_RBX] = r[1];
    env->regs[X86_RCX] = r[2];
    env->regs[X86_RDX] = r[3];
}
IR_HELPER(x86_cpuid, IR_HTYPE_VOID, 0, IR_HTYPE_PTR);
