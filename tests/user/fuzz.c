/* Syscall fuzzer (guest program): random syscall numbers and arguments (bad pointers, huge
 * lengths, invalid flags) in forked children; trix must survive (fuzz.sh checks).
 * fuzz SEED CHILDREN CALLS. Never reaches outside its own process tree: calls that take a pid
 * get the caller's own ids, calls that change the host (time, mounts, modules, users, IPC
 * namespaces, keyrings, device nodes, scheduling) are never made, sockets are AF_UNIX only,
 * paths are lower-case relative names (inside the scratch directory fuzz.sh runs it in),
 * mmap never populates, and files are capped at 256 KiB (RLIMIT_FSIZE, which the children cannot
 * raise: setrlimit is never called and prlimit64 only reads), since copy_file_range and
 * friends could otherwise double a file on every call until the disk is full. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static uint64_t rng;
static uint64_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static char pool[8192];

static const short banned[] = {
    93, 94, 220, 435, 221, 281, 142, 40, 39, 41, 51, 224, 225, 161, 162, 170, 112, 171, 266,
    105, 106, 273, 104, 294, 89, 60, 97, 268, 118, 119, 140, 30, 167, 277, 280, 241, 262,
    263, 265, 272, 143, 144, 145, 146, 147, 149, 151, 152, 159, 91, 92, 440, 448, 443, 444,
    445, 446, 33, 81, 267, 47, 116, 180, 181, 182, 183, 184, 185, 186, 187, 188, 189, 190,
    191, 192, 193, 194, 195, 196, 197, 217, 218, 219, 234, 235, 236, 237, 238, 239, 274,
    282, 164, 425, 426, 427, 428, 429, 430, 431, 432, 433, 442, 450, 58, 274,
};

static int is_banned(long nr)
{
    for (size_t i = 0; i < sizeof(banned) / sizeof(banned[0]); i++)
        if (banned[i] == nr)
            return 1;
    return 0;
}

static long arg(void)
{
    switch (rnd() % 12) {
    case 0: return 0;
    case 1: return -1;
    case 2: return (long)(rnd() % 64);
    case 3: return (long)(rnd() % 4096);
    case 4: return (long)(rnd());                           /* flags soup */
    case 5: return 1L << (rnd() % 63);                      /* huge lengths */
    case 6: return (long)(uintptr_t)(pool + rnd() % sizeof(pool));
    case 7: return (long)(uintptr_t)pool;
    case 8: return 0x3ffffff000L - (long)(rnd() % 16) * 4096;  /* unmapped, high */
    case 9: return (long)0xffffffff80000000UL;              /* kernel-looking */
    case 10: return (long)(rnd() & 0xfffffffff000UL);       /* random page */
    default: return -100;                                   /* AT_FDCWD */
    }
}

static void one_call(void)
{
    long nr;
    do
        nr = (long)(rnd() % 470);
    while (is_banned(nr));
    long a[6];
    for (int i = 0; i < 6; i++)
        a[i] = arg();
    pid_t me = getpid();
    switch (nr) {
    case 129: case 130: case 424: a[0] = me; break;              /* kill, tkill, pidfd_* */
    case 131: case 138: case 240: a[0] = me; a[1] = me; break;   /* tgkill, rt_*sigqueueinfo */
    case 261: case 122: case 123: case 154: case 275: case 434: case 438:
    case 100: case 270: case 271: case 117: case 155: case 156:
        a[nr == 117 ? 1 : 0] = nr == 438 ? a[0] : me;
        if (nr == 154)
            a[1] = 0;
        if (nr == 261)
            a[2] = 0;                                             /* prlimit64: read only */
        break;
    case 198: case 199: a[0] = 1; break;                          /* AF_UNIX only */
    case 222: a[3] &= ~(0x8000L | 0x2000L); break;                /* no MAP_POPULATE/LOCKED */
    case 284: case 228: case 230: break;                          /* no-ops in trix */
    }
    syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
}

static void child(uint64_t seed, int calls)
{
    rng = seed * 0x9e3779b97f4a7c15ull + 1;
    setpgid(0, 0);
    prctl(PR_SET_PDEATHSIG, SIGKILL);          /* gone with the parent (fuzz.sh's watchdog) */
    if (getppid() == 1)
        _exit(0);
    for (int i = 0; i < calls; i++)
        one_call();
    _exit(0);
}

int main(int argc, char **argv)
{
    uint64_t seed = argc > 1 ? strtoull(argv[1], NULL, 0) : 1;
    int children = argc > 2 ? atoi(argv[2]) : 20, calls = argc > 3 ? atoi(argv[3]) : 200;
    int died = 0, killed = 0;
    struct rlimit fsize;
    getrlimit(RLIMIT_FSIZE, &fsize);
    fsize.rlim_cur = 256 << 10;
    if (setrlimit(RLIMIT_FSIZE, &fsize) != 0)
        return 2;
    signal(SIGXFSZ, SIG_IGN);                  /* over the cap: EFBIG, not death */
    rng = seed | 1;
    for (size_t i = 0; i < sizeof(pool); i++)
        pool[i] = (rnd() % 5) ? (char)('a' + rnd() % 3) : 0;   /* short relative names */
    for (int c = 0; c < children; c++) {
        pid_t pid = fork();
        if (pid == 0)
            child(seed * 1000003u + (uint64_t)c, calls);
        int st = 0, waited = 0;
        for (;;) {
            pid_t r = waitpid(pid, &st, WNOHANG);
            if (r == pid || r < 0)
                break;
            struct timespec t = { 0, 10000000 };
            nanosleep(&t, NULL);
            if (++waited == 300) {                   /* blocked in the guest for 3 s */
                kill(pid, SIGKILL);
                killed++;
            }
        }
        died += WIFSIGNALED(st);
    }
    printf("fuzz seed %llu: %d children x %d calls, %d died of a signal, %d stopped by us\n",
           (unsigned long long)seed, children, calls, died, killed);
    return 0;
}
