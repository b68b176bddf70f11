/* File I/O in a private temporary directory: stdio and raw syscalls, lseek, rename, unlink,
 * readdir (sorted), stat, dup2, pipes. Only names relative to the directory are printed. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void list(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char *names[64];
    int n = 0;
    while ((e = readdir(d)) && n < 64)
        names[n++] = strdup(e->d_name);
    closedir(d);
    qsort(names, n, sizeof names[0], cmp);
    printf("dir:");
    for (int i = 0; i < n; i++) {
        printf(" %s", names[i]);
        free(names[i]);
    }
    printf("\n");
}

int main(void)
{
    char dir[] = "/tmp/trix-diff-XXXXXX", path[256], path2[256], buf[4096];
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    if (chdir(dir) != 0)
        return 1;

    FILE *f = fopen("a.txt", "w");
    for (int i = 0; i < 100; i++)
        fprintf(f, "line %d: %d\n", i, i * i);
    fclose(f);
    f = fopen("a.txt", "r");
    int lines = 0;
    long total = 0;
    while (fgets(buf, sizeof buf, f)) {
        int a, b;
        if (sscanf(buf, "line %d: %d", &a, &b) == 2)
            total += b;
        lines++;
    }
    printf("read %d lines, sum %ld, ftell %ld\n", lines, total, ftell(f));
    fclose(f);

    int fd = open("b.bin", O_CREAT | O_RDWR | O_TRUNC, 0644);
    for (int i = 0; i < 256; i++)
        buf[i] = (char)i;
    printf("write %zd\n", write(fd, buf, 256));
    printf("lseek end %ld\n", (long)lseek(fd, 0, SEEK_END));
    printf("lseek set %ld\n", (long)lseek(fd, 100, SEEK_SET));
    memset(buf, 0, 16);
    printf("read %zd: %d %d %d\n", read(fd, buf, 3), buf[0], buf[1], buf[2]);
    printf("pwrite %zd\n", pwrite(fd, "XYZ", 3, 1000)); /* leaves a hole */
    struct stat st;
    fstat(fd, &st);
    printf("size after hole %ld, regular %d\n", (long)st.st_size, S_ISREG(st.st_mode));
    printf("pread %zd: %d\n", pread(fd, buf, 4, 500), buf[0] + buf[1] + buf[2] + buf[3]);
    ftruncate(fd, 10);
    fstat(fd, &st);
    printf("after ftruncate %ld\n", (long)st.st_size);
    close(fd);

    mkdir("sub", 0755);
    for (int i = 5; i > 0; i--) {
        snprintf(path, sizeof path, "sub/f%d", i);
        fd = open(path, O_CREAT | O_WRONLY, 0600);
        dprintf(fd, "%d\n", i);
        close(fd);
    }
    list(".");
    list("sub");
    rename("sub/f3", "sub/renamed");
    unlink("sub/f1");
    list("sub");
    printf("open missing: %d errno ENOENT=%d\n", open("sub/f1", O_RDONLY), errno == ENOENT);
    printf("mkdir existing: %d errno EEXIST=%d\n", mkdir("sub", 0755), errno == EEXIST);
    printf("rmdir nonempty: %d errno ENOTEMPTY=%d\n", rmdir("sub"), errno == ENOTEMPTY);
    symlink("a.txt", "link");
    ssize_t n = readlink("link", path2, sizeof path2 - 1);
    path2[n < 0 ? 0 : n] = 0;
    printf("readlink: %s\n", path2);
    lstat("link", &st);
    printf("lstat is link %d\n", S_ISLNK(st.st_mode));
    stat("link", &st);
    printf("stat through link size %ld\n", (long)st.st_size);
    access("a.txt", R_OK) == 0 ? printf("access ok\n") : printf("access failed\n");

    /* dup2 stdout into a file and back. */
    fflush(stdout);
    int saved = dup(1);
    fd = open("out.txt", O_CREAT | O_WRONLY | O_TRUNC, 0644);
    dup2(fd, 1);
    close(fd);
    printf("this goes to out.txt\n");
    fflush(stdout);
    dup2(saved, 1);
    close(saved);
    f = fopen("out.txt", "r");
    fgets(buf, sizeof buf, f);
    fclose(f);
    printf("out.txt holds: %s", buf);

    /* A pipe through a child process. */
    int p[2];
    pipe(p);
    pid_t pid = fork();
    if (pid == 0) {
        close(p[0]);
        for (int i = 0; i < 1000; i++)
            dprintf(p[1], "%d,", i);
        _exit(7);
    }
    close(p[1]);
    long got = 0, sum = 0, cur = 0;
    while ((n = read(p[0], buf, sizeof buf)) > 0)
        for (ssize_t i = 0; i < n; i++, got++) {
            if (buf[i] == ',')
                sum += cur, cur = 0;
            else
                cur = cur * 10 + buf[i] - '0';
        }
    close(p[0]);
    int status;
    waitpid(pid, &status, 0);
    printf("pipe: %ld bytes, sum %ld, child exit %d\n", got, sum, WEXITSTATUS(status));

    /* Clean up. */
    unlink("a.txt"), unlink("b.bin"), unlink("out.txt"), unlink("link");
    unlink("sub/f2"), unlink("sub/f4"), unlink("sub/f5"), unlink("sub/renamed");
    rmdir("sub");
    chdir("/");
    printf("rmdir tempdir: %d\n", rmdir(dir));
    return 0;
}
