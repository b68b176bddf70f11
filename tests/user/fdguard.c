/* Hostile to the emulator's descriptors: dup2 /dev/null onto every descriptor, write to all of
 * them, close_range(0, ~0); trix's -D log must survive (fdguard.sh checks it). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
    struct rlimit rl;
    getrlimit(RLIMIT_NOFILE, &rl);
    int lim = rl.rlim_cur > 65536 ? 65536 : (int)rl.rlim_cur;
    syscall(SYS_close_range, 3, ~0u, 0);
    int null = open("/dev/null", O_WRONLY);
    int refused = 0;
    for (int fd = 3; fd < lim; fd++) {
        if (fd != null && dup2(null, fd) < 0)
            refused++;
        write(fd, "junk\n", 5);
    }
    printf("dup2 refused for %s\n", refused ? "some (the emulator's)" : "none");
    fflush(stdout);
    for (int fd = 3; fd < lim; fd++)
        close(fd);
    syscall(SYS_close_range, 0, ~0u, 0);
    return 0;
}
