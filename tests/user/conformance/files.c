/* Conformance: files and directories: openat family and *at flags, stat/statx, getdents64,
 * fcntl locks, O_TMPFILE, renameat2, readlinkat, utimensat, faccessat. */
#include <dirent.h>
#include <fcntl.h>
#include <linux/stat.h>
#include <stdint.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "conf.h"

struct lx_dirent { uint64_t ino; int64_t off; unsigned short reclen; unsigned char type; char name[]; };

static void list_dir(int dfd)
{
    char buf[4096], names[32][64];
    int n = 0;
    long len;
    lseek(dfd, 0, SEEK_SET);
    while ((len = syscall(SYS_getdents64, dfd, buf, sizeof(buf))) > 0)
        for (long off = 0; off < len;) {
            struct lx_dirent *d = (void *)(buf + off);
            if (n < 32)
                snprintf(names[n++], 64, "%s:%c", d->name, d->type == DT_DIR ? 'd' :
                         d->type == DT_REG ? 'f' : d->type == DT_LNK ? 'l' : '?');
            off += d->reclen;
        }
    qsort(names, (size_t)n, 64, (int (*)(const void *, const void *))strcmp);
    printf("getdents64:");
    for (int i = 0; i < n; i++)
        printf(" %s", names[i]);
    printf("\n");
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    int d = open(".", O_RDONLY | O_DIRECTORY);
    RES("mkdirat sub", mkdirat(d, "sub", 0750));
    RES("mkdirat sub again", mkdirat(d, "sub", 0750));
    int f = openat(d, "sub/a", O_CREAT | O_EXCL | O_RDWR, 0640);
    SHOW("openat O_CREAT|O_EXCL", "%s", f >= 0 ? "ok" : conf_errname(errno));
    RES("openat O_EXCL again", openat(d, "sub/a", O_CREAT | O_EXCL | O_RDWR, 0640));
    RES("write", write(f, "hello world", 11));
    struct stat st;
    RES("fstatat", fstatat(d, "sub/a", &st, 0));
    SHOW("stat", "size %lld mode %o nlink %d", (long long)st.st_size, st.st_mode & 07777,
         (int)st.st_nlink);
    RES("symlinkat", symlinkat("a", d, "sub/l"));
    RES("fstatat NOFOLLOW", fstatat(d, "sub/l", &st, AT_SYMLINK_NOFOLLOW));
    SHOW("lstat", "%s size %lld", S_ISLNK(st.st_mode) ? "link" : "?", (long long)st.st_size);
    char lb[64];
    long n = readlinkat(d, "sub/l", lb, sizeof(lb));
    SHOW("readlinkat", "%ld %.*s", n, (int)(n > 0 ? n : 0), lb);
    struct statx sx;
    RES("statx", syscall(SYS_statx, d, "sub/a", 0, STATX_SIZE | STATX_MODE, &sx));
    SHOW("statx", "size %llu mode %o mask-has-size %d", (unsigned long long)sx.stx_size,
         sx.stx_mode & 07777, !!(sx.stx_mask & STATX_SIZE));
    RES("statx AT_EMPTY_PATH", syscall(SYS_statx, f, "", AT_EMPTY_PATH, STATX_SIZE, &sx));
    SHOW("statx fd size", "%llu", (unsigned long long)sx.stx_size);
    RES("linkat", linkat(d, "sub/a", d, "sub/b", 0));
    RES("fstatat after link", fstatat(d, "sub/a", &st, 0));
    SHOW("nlink", "%d", (int)st.st_nlink);
    RES("faccessat R_OK", faccessat(d, "sub/a", R_OK, 0));
    RES("faccessat missing", faccessat(d, "sub/zz", F_OK, 0));
    struct timespec ts[2] = { { 1000000, 0 }, { 2000000, 500 } };
    RES("utimensat", utimensat(d, "sub/a", ts, 0));
    fstatat(d, "sub/a", &st, 0);
    SHOW("mtime", "%lld.%ld", (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
    RES("renameat2 NOREPLACE onto existing", syscall(SYS_renameat2, d, "sub/a", d, "sub/b", 1));
    RES("renameat2 EXCHANGE", syscall(SYS_renameat2, d, "sub/a", d, "sub/l", 2));
    RES("renameat", renameat(d, "sub/b", d, "sub/c"));
    int sd = openat(d, "sub", O_RDONLY | O_DIRECTORY);
    list_dir(sd);
    RES("unlinkat dir non-empty", unlinkat(d, "sub", AT_REMOVEDIR));
    RES("unlinkat file as dir", unlinkat(d, "sub/c", AT_REMOVEDIR));
    RES("openat O_DIRECTORY on file", openat(d, "sub/c", O_RDONLY | O_DIRECTORY));
    RES("openat ENOENT", openat(d, "nothing/x", O_RDONLY));
    int t = openat(d, "sub", O_TMPFILE | O_RDWR, 0600);
    SHOW("O_TMPFILE", "%s", t >= 0 || errno == EOPNOTSUPP ? "ok" : conf_errname(errno));
    if (t >= 0) {
        write(t, "tmp", 3);
        char p[64];
        snprintf(p, sizeof(p), "/proc/self/fd/%d", t);
        RES("linkat O_TMPFILE", linkat(AT_FDCWD, p, d, "sub/t", AT_SYMLINK_FOLLOW));
        close(t);
    } else {
        SHOW("linkat O_TMPFILE", "%s", "ok");
        close(openat(d, "sub/t", O_CREAT | O_WRONLY, 0600));
    }
    list_dir(sd);
    /* fcntl locks between processes */
    struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 5 };
    RES("F_SETLK write lock", fcntl(f, F_SETLK, &fl));
    pid_t pid = fork();
    if (pid == 0) {
        int g = openat(d, "sub/l", O_RDWR);      /* after the exchange: the file itself */
        struct flock q = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 2, .l_len = 1 };
        int r = fcntl(g, F_SETLK, &q);
        printf("child F_SETLK conflicting: %s\n", r < 0 ? conf_errname(errno) : "ok");
        q.l_type = F_WRLCK;
        fcntl(g, F_GETLK, &q);
        printf("child F_GETLK: %s start %lld len %lld\n", q.l_type == F_WRLCK ? "F_WRLCK" : "?",
               (long long)q.l_start, (long long)q.l_len);
        q.l_start = 10;
        r = fcntl(g, F_SETLK, &q);
        printf("child F_SETLK elsewhere: %s\n", r < 0 ? conf_errname(errno) : "ok");
        fflush(stdout);
        _exit(0);
    }
    waitpid(pid, NULL, 0);
    RES("flock LOCK_EX|LOCK_NB", flock(f, LOCK_EX | LOCK_NB));
    RES("fcntl F_GETFL", fcntl(f, F_GETFL) & O_ACCMODE);
    RES("ftruncate", ftruncate(f, 3));
    fstat(f, &st);
    SHOW("size after ftruncate", "%lld", (long long)st.st_size);
    RES("lseek SEEK_END", lseek(f, 0, SEEK_END));
    RES("lseek bad whence", lseek(f, 0, 42));
    close(f);
    close(sd);
    unlinkat(d, "sub/c", 0);
    unlinkat(d, "sub/l", 0);
    unlinkat(d, "sub/a", 0);
    unlinkat(d, "sub/t", 0);
    RES("unlinkat empty dir", unlinkat(d, "sub", AT_REMOVEDIR));
    return 0;
}
