/* XSAVE/XSAVEOPT/XSAVEC/XRSTOR/XGETBV on the x87, SSE and AVX components vs the host CPU:
 * the images (minus the fields the host fills with its own FIP/FDP and MXCSR_MASK) and the
 * state XRSTOR loads. No libc. */
#define X86_RT_SEED 0x2545f4914f6cdd1dull
#include "x86_rt.h"

static u64 hs[32];
static void mix(int i, u64 v) { hs[i] = (hs[i] ^ v) * 1099511628211ull + 1; }
static unsigned char area[1024] __attribute__((aligned(64)));
static unsigned char fx[512] __attribute__((aligned(16)));
typedef struct { u64 q[4]; } Y;

static void set_state(void)
{
    u64 x[32];
    for (int i = 0; i < 32; i++) x[i] = rnd();
    __asm__ volatile("vmovdqu 0(%0), %%ymm0\n\tvmovdqu 32(%0), %%ymm1\n\tvmovdqu 64(%0), %%ymm7\n\t"
                     "vmovdqu 96(%0), %%ymm8\n\tvmovdqu 128(%0), %%ymm15" :: "r"(x) : "xmm0", "xmm1", "xmm7", "xmm8", "xmm15");
    double d = (double)(long)rnd() / 3.0;
    unsigned mx = 0x1f80 ^ ((unsigned)rnd() & 0x6000);
    __asm__ volatile("fninit\n\tfld1\n\tfldl %0\n\tfldpi\n\tldmxcsr %1" :: "m"(d), "m"(mx));
}

/* The state as FXSAVE shows it, hashed (FOP/FIP/FDP and MXCSR_MASK left out). */
static void hash_state(int i)
{
    __asm__ volatile("fxsave %0" : "=m"(fx));
    for (int k = 0; k < 416; k += 8) {
        u64 v; __builtin_memcpy(&v, fx + k, 8);
        if (k == 0) v &= 0xffffffffffull;
        if (k == 8 || k == 16) continue;
        if (k == 24) v &= 0xffffffff;
        mix(i, v);
    }
    Y y[3];
    __asm__ volatile("vmovdqu %%ymm0, %0\n\tvmovdqu %%ymm8, %1\n\tvmovdqu %%ymm15, %2" : "=m"(y[0]), "=m"(y[1]), "=m"(y[2]));
    for (int k = 0; k < 3; k++)
        for (int j = 0; j < 4; j++)
            mix(i, y[k].q[j]);
}

static void hash_area(int i, int n, int hdr)
{
    for (int k = 0; k < n; k += 8) {
        u64 v; __builtin_memcpy(&v, area + k, 8);
        if (k == 0) v &= 0xffffffffffull;
        if (k == 8 || k == 16 || (k >= 416 && k < 512)) continue;
        if (k == 24) v &= 0xffffffff;
        if (k >= 512 && k < 576 && !hdr) continue;
        mix(i, v);
    }
}

__attribute__((force_align_arg_pointer)) void _start(void)
{
    unsigned a, b, c, d;
    __asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(1), "c"(0));
    if (!(c & (1u << 27))) { sys3(1, 1, (long)"no osxsave\n", 11); sys3(60, 1, 0, 0); }
    __asm__ volatile("xgetbv" : "=a"(a), "=d"(d) : "c"(0));
    mix(0, a & 7);
    for (int r = 0; r < 300; r++) {
        for (int k = 0; k < 1024; k += 8) *(u64 *)(area + k) = rnd();
        __asm__ volatile("vzeroupper");     /* sometimes the AVX state is in its initial state */
        for (int k = 512; k < 576; k++) area[k] = 0;
        set_state();
        unsigned lo = 7, hi = 0;
        __asm__ volatile("xsave %0" : "+m"(area) : "a"(lo), "d"(hi));
        hash_area(1, 832, 1);
        set_state();
        __asm__ volatile("xsaveopt %0" : "+m"(area) : "a"(lo), "d"(hi));
        hash_area(2, 832, 1);
        set_state();
        __asm__ volatile("xsavec %0" : "+m"(area) : "a"(lo), "d"(hi));
        hash_area(3, 832, 1);
        /* XRSTOR of the compacted image, of a standard one, partial masks */
        set_state();
        __asm__ volatile("xrstor %0" :: "m"(area), "a"(lo), "d"(hi));
        hash_state(4);
        __asm__ volatile("xsave %0" : "+m"(area) : "a"(lo), "d"(hi));
        set_state();
        unsigned m = 1 + (unsigned)(rnd() % 7);
        __asm__ volatile("xrstor %0" :: "m"(area), "a"(m), "d"(hi));
        hash_state(5);
        /* XSTATE_BV clear: the component initialized (standard form still loads MXCSR) */
        set_state();
        __asm__ volatile("xsave %0" : "+m"(area) : "a"(lo), "d"(hi));
        area[512] &= (unsigned char)~(1u << (rnd() % 3));
        set_state();
        __asm__ volatile("xrstor %0" :: "m"(area), "a"(lo), "d"(hi));
        hash_state(6);
        /* XSAVE with a partial mask leaves the other components' bytes alone */
        for (int k = 0; k < 576; k += 8) *(u64 *)(area + k) = rnd();
        for (int k = 512; k < 576; k++) area[k] = 0;
        set_state();
        __asm__ volatile("xsave %0" : "+m"(area) : "a"(m), "d"(hi));
        hash_area(7, 832, 1);
        /* FXSAVE/FXRSTOR round trip */
        set_state();
        __asm__ volatile("fxsave %0" : "=m"(fx));
        set_state();
        __asm__ volatile("fxrstor %0" :: "m"(fx));
        hash_state(8);
    }
    __asm__ volatile("fninit");
    for (int i = 0; i < 32; i++)
        if (hs[i]) { put_hex((u64)i); put_hex(hs[i]); }
    sys3(60, 0, 0, 0);
}
