/* File I/O in a temporary directory: open/read/write/seek/stat/dirs/links/rename/dup/pipes. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

int main(void)
{
    char dir[] = "/tmp/trix-files-XXXXXX";
    if (!mkdtemp(dir))
        return 1;
    chdir(dir);
    int fd = open("a.txt", O_CREAT | O_RDWR | O_TRUNC, 0640);
    struct iovec iov[2] = { { "hello ", 6 }, { "world\n", 6 } };
    printf("writev=%zd\n", writev(fd, iov, 2));
    printf("lseek=%ld\n", (long)lseek(fd, 0, SEEK_SET));
    char buf[64] = { 0 };
    printf("read=%zd '%s'\n", read(fd, buf, sizeof(buf) - 1), strtok(buf, "\n"));
    printf("pread=%zd\n", pread(fd, buf, 5, 6));
    struct stat st;
    fstat(fd, &st);
    printf("fstat size=%ld mode=%o reg=%d\n", (long)st.st_size, st.st_mode & 0777, S_ISREG(st.st_mode));
    printf("ftruncate=%d\n", ftruncate(fd, 3));
    stat("a.txt", &st);
    printf("stat size=%ld\n", (long)st.st_size);
    int fd2 = dup(fd);
    int fd3 = fcntl(fd, F_DUPFD_CLOEXEC, 10);
    printf("dup ok=%d cloexec=%d\n", fd2 > fd, fcntl(fd3, F_GETFD) & FD_CLOEXEC);
    close(fd);
    close(fd2);
    close(fd3);
    mkdir("sub", 0755);
    symlink("a.txt", "link");
    link("a.txt", "hard");
    rename("hard", "sub/moved");
    char target[64] = { 0 };
    printf("readlink=%zd %s\n", readlink("link", target, sizeof(target)), target);
    lstat("link", &st);
    printf("lstat link=%d\n", S_ISLNK(st.st_mode));
    printf("access=%d enoent=%d\n", access("a.txt", R_OK),
           access("nope", F_OK) < 0 && errno == ENOENT);
    chmod("a.txt", 0600);
    stat("sub/moved", &st);
    printf("chmod via hardlink mode=%o nlink=%ld\n", st.st_mode & 0777, (long)st.st_nlink);
    DIR *d = opendir(".");
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        n++;
    closedir(d);
    printf("entries=%d\n", n);
    char cwd[256];
    printf("getcwd match=%d\n", getcwd(cwd, sizeof(cwd)) && !strcmp(cwd, dir));
    unlink("link");
    unlink("sub/moved");
    rmdir("sub");
    unlink("a.txt");
    chdir("/");
    printf("rmdir=%d\n", rmdir(dir));
    FILE *f = fopen("/etc/hostname", "r");
    printf("fopen etc=%d\n", f != NULL);
    int p[2];
    pipe2(p, O_CLOEXEC);
    write(p[1], "pipe!", 5);
    memset(buf, 0, sizeof(buf));
    read(p[0], buf, 5);
    printf("pipe: %s\n", buf);
    return 0;
}
