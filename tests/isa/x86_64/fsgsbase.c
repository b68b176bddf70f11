/* RDFSBASE/RDGSBASE/WRFSBASE/WRGSBASE in user mode: CPUID and AT_HWCAP2 advertise them, both
 * operand sizes, %fs:/%gs: accesses through the new base, arch_prctl agreement, #GP
 * (SIGSEGV) for a non-canonical base. Self-checking (expected values from the SDM); also run
 * natively when the host CPU and kernel have FSGSBASE. Prints each check; exits 1 on a
 * mismatch, 77 when FSGSBASE is not advertised (a host without it). */
#include <asm/prctl.h>
#include <cpuid.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/auxv.h>
#include <sys/syscall.h>
#include <unistd.h>

static int fails;
static sigjmp_buf jb;

static void check(const char *what, uint64_t got, uint64_t want)
{
    printf("%-28s %016llx%s\n", what, (unsigned long long)got, got == want ? "" : "  MISMATCH");
    if (got != want)
        fails++;
}

static void on_segv(int sig)
{
    siglongjmp(jb, sig);
}

static uint64_t rdgs64(void) { uint64_t v; __asm__ volatile("rdgsbase %0" : "=r"(v)); return v; }
static uint32_t rdgs32(void) { uint32_t v; __asm__ volatile("rdgsbase %0" : "=r"(v)); return v; }
static void wrgs64(uint64_t v) { __asm__ volatile("wrgsbase %0" : : "r"(v) : "memory"); }
static void wrgs32(uint32_t v) { __asm__ volatile("wrgsbase %0" : : "r"(v) : "memory"); }
static uint64_t rdfs64(void) { uint64_t v; __asm__ volatile("rdfsbase %0" : "=r"(v)); return v; }
static uint32_t rdfs32(void) { uint32_t v; __asm__ volatile("rdfsbase %0" : "=r"(v)); return v; }
static void wrfs64(uint64_t v) { __asm__ volatile("wrfsbase %0" : : "r"(v) : "memory"); }

/* %gs:8 through the current GS base */
static uint64_t gs_load8(void) { uint64_t v; __asm__ volatile("mov %%gs:8, %0" : "=r"(v)); return v; }

static int faults_wrgs(uint64_t v)
{
    if (sigsetjmp(jb, 1))
        return 1;
    wrgs64(v);
    return 0;
}

int main(void)
{
    unsigned a, b, c, d;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d) || !(b & 1) || !(getauxval(AT_HWCAP2) & 2)) {
        printf("FSGSBASE not advertised\n");
        return 77;
    }
    static uint64_t area[4] = { 0, 0x1122334455667788ull, 0, 0 };
    uint64_t old_gs = rdgs64();
    wrgs64((uint64_t)(uintptr_t)area);
    check("rdgsbase64 after wrgsbase", rdgs64(), (uint64_t)(uintptr_t)area);
    check("%gs:8 through the base", gs_load8(), 0x1122334455667788ull);
    unsigned long k = 0;
    syscall(SYS_arch_prctl, ARCH_GET_GS, &k);
    check("arch_prctl(ARCH_GET_GS)", k, (uint64_t)(uintptr_t)area);
    wrgs64(0xffffffff12345678ull);
    check("rdgsbase32 zero-extends", rdgs32(), 0x12345678u);
    wrgs32(0x87654321u);
    check("wrgsbase32 zero-extends", rdgs64(), 0x87654321u);
    wrgs64(0xffff800000001000ull);
    check("canonical high half", rdgs64(), 0xffff800000001000ull);
    signal(SIGSEGV, on_segv);
    check("wrgsbase non-canonical #GP", faults_wrgs(0x0000800000000000ull), 1);
    check("base kept after the #GP", rdgs64(), 0xffff800000001000ull);
    wrgs64(old_gs);
    uint64_t fs = rdfs64();
    syscall(SYS_arch_prctl, ARCH_GET_FS, &k);
    check("rdfsbase = ARCH_GET_FS", fs, k);
    check("rdfsbase32 = low half", rdfs32(), (uint32_t)fs);
    wrfs64(fs);                                 /* glibc's TLS must survive */
    check("rdfsbase after wrfsbase", rdfs64(), fs);
    printf("%s\n", fails ? "FAIL" : "ok");
    return fails ? 1 : 0;
}
