/* x86-64 CPUID in system mode: the system features (paging, APIC, SYSENTER, PGE, PAT, PCID,
 * SMEP/SMAP, INVPCID, LA57, 1 GiB pages, RDTSCP) on top of the user-mode leaves. */
#include <string.h>
#include "trix/machine.h"
#include "target/x86_64/sys_internal.h"

void x86_cpuid_sys(X86CPU *env, uint32_t leaf, uint32_t sub, uint32_t r[4]);

/* -cpu: qemu64 (the default, as QEMU's) and max. */
const TargetCpuModel x86_cpu_models[] = {
    { "qemu64", "QEMU's default model: SSE3, 4-level paging, no SMEP/SMAP/PCID/LA57" },
    { "max", "every feature trix implements (SSE4.2, BMI, PCID, SMEP/SMAP, LA57, 1 GiB pages)" },
    { NULL, NULL },
};
enum { X86_MODEL_QEMU64, X86_MODEL_MAX };

int x86_cpu_model_index(void)
{
    const char *m = current_machine ? current_machine->cpu_model : NULL;
    for (int i = 0; m && x86_cpu_models[i].name; i++) {
        size_t n = strlen(x86_cpu_models[i].name);
        if (!strncmp(m, x86_cpu_models[i].name, n) && (!m[n] || m[n] == ','))
            return i;
    }
    return X86_MODEL_QEMU64;
}

/* qemu64: what QEMU's model advertises of what trix has */
static void cpuid_qemu64(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
    switch (leaf) {
    case 1:
        r[2] &= (1u << 0) | (1u << 21) | (1u << 24) | (1u << 27);  /* SSE3, x2APIC, TSC-dl, OSXSAVE */
        break;
    case 7:
        r[1] = r[2] = 0;
        r[3] &= 1u << 29;                                       /* ARCH_CAPABILITIES */
        break;
    case 0x80000001:
        r[3] &= ~((1u << 26) | (1u << 27));                       /* no 1 GiB pages, RDTSCP */
        break;
    case 0x80000008:
        r[0] = (r[0] & ~0xff00u) | 48u << 8;
        break;
    default:
        break;
    }
}

void x86_cpuid_sys(X86CPU *env, uint32_t leaf, uint32_t sub, uint32_t r[4])
{
    const X86SysState *s = &env->sys;
    bool apic = s->intc != NULL;
    switch (leaf) {
    case 0:
        r[0] = 0x16;
        break;
    case 0x15:                                                /* TSC = crystal (1 GHz) */
        r[0] = 1;
        r[1] = 1;
        r[2] = (uint32_t)X86_TSC_FREQ_HZ;
        break;
    case 0x16:                                                /* base/max MHz, bus MHz */
        r[0] = r[1] = (uint32_t)(X86_TSC_FREQ_HZ / 1000000);
        r[2] = 100;
        break;
    case 1:
        /* PSE, MSR, PAE, SEP, PGE, PAT, CLFSH (+ APIC, HTT) */
        r[3] |= (1u << 3) | (1u << 5) | (1u << 6) | (1u << 11) | (1u << 13) | (1u << 16) |
                (1u << 19) | (apic ? 1u << 9 : 0) | (s->ncpus > 1 ? 1u << 28 : 0);
        /* PCID; x2APIC and TSC-deadline with an APIC; OSXSAVE mirrors CR4 */
        r[2] |= (1u << 17) | (apic ? (1u << 21) | (1u << 24) : 0);
        if (s->cr4 & X86_CR4_OSXSAVE)
            r[2] |= 1u << 27;
        r[1] = (uint32_t)s->apic_id << 24 | (uint32_t)(s->ncpus > 0 ? s->ncpus : 1) << 16 |
               8u << 8;
        break;
    case 7:
        if (sub == 0) {
            r[1] |= (1u << 7) | (1u << 10) | (1u << 20);      /* SMEP, INVPCID, SMAP */
            r[2] |= 1u << 16;                                 /* LA57 */
            r[3] |= 1u << 29;                                 /* IA32_ARCH_CAPABILITIES */
        }
        break;
    case 0x80000001:
        r[3] |= (1u << 26) | (1u << 27);                      /* 1 GiB pages, RDTSCP */
        break;
    case 0x80000008:                                          /* 57-bit linear (LA57) */
        r[0] = (r[0] & ~0xff00u) | 57u << 8;
        break;
    case 0x80000007:
        r[3] |= 1u << 8;                                      /* invariant TSC */
        break;
    default:
        break;
    }
    if (s->cpuid_model == X86_MODEL_QEMU64)
        cpuid_qemu64(leaf, sub, r);
}
