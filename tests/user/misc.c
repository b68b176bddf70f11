/* Misc syscalls: getrandom, uname, time, ids, rlimits, sysinfo, affinity, auxv. */
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

int main(void)
{
    unsigned char r[32];
    printf("getrandom=%zd\n", getrandom(r, sizeof(r), 0));
    struct utsname u;
    uname(&u);
    printf("machine=%s sysname=%s\n", u.machine, u.sysname);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    struct timespec d = { 0, 10 * 1000 * 1000 };
    nanosleep(&d, NULL);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
    printf("slept>=10ms: %d\n", ms >= 10);
    printf("pid ok=%d tid==pid=%d\n", getpid() > 1, gettid() == getpid());
    struct rlimit rl;
    printf("getrlimit=%d\n", getrlimit(RLIMIT_NOFILE, &rl));
    struct sysinfo si;
    printf("sysinfo=%d\n", sysinfo(&si));
    cpu_set_t set;
    printf("affinity=%d\n", sched_getaffinity(0, sizeof(set), &set));
    printf("pagesz=%lu hwcap_ima=%d\n", getauxval(AT_PAGESZ),
           (getauxval(AT_HWCAP) & 0x1101) == 0x1101);
    printf("random aux=%d\n", getauxval(AT_RANDOM) != 0);
    char exe[256] = { 0 };
    readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    printf("exe basename=%s\n", strrchr(exe, '/') + 1);
    return 0;
}
