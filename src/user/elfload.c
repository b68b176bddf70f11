/* ELF loader for user mode: validates and maps the program and its interpreter, builds the stack. */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "trix/guest_mem.h"
#include "user.h"

#define PG_SIZE 4096ull
#define PG_MASK (PG_SIZE - 1)
#define ELF_MAX_PHNUM 512
#define STACK_SIZE (8ull << 20)
#define PIE_BASE 0x2aaaaab000ull        /* 2/3 of the Sv39 user space, like Linux */

typedef struct ElfImage {
    const char *path;
    int fd;
    uint64_t file_size;
    Elf64_Ehdr eh;
    Elf64_Phdr *ph;
    uint64_t lo, hi;                    /* page-aligned span of the PT_LOADs (unbiased) */
    uint64_t bias;
    char *interp;                       /* PT_INTERP string, malloc'ed */
} ElfImage;

static NORETURN void elf_fail(const ElfImage *im, const char *why)
{
    trix_fatal("%s: %s", im->path, why);
}

static void elf_read(const ElfImage *im, void *dst, uint64_t len, uint64_t off, const char *what)
{
    if (off > im->file_size || len > im->file_size - off) {
        char msg[160];
        snprintf(msg, sizeof(msg), "truncated ELF file (%s extends past the end of the file)", what);
        elf_fail(im, msg);
    }
    uint64_t done = 0;
    while (done < len) {
        ssize_t n = pread(im->fd, (char *)dst + done, len - done, (off_t)(off + done));
        if (n <= 0)
            trix_fatal("%s: read error: %s", im->path, n < 0 ? strerror(errno) : "short read");
        done += (uint64_t)n;
    }
}

static void elf_check_ident(const ElfImage *im)
{
    const unsigned char *id = im->eh.e_ident;
    if (memcmp(id, ELFMAG, SELFMAG) != 0)
        elf_fail(im, "not an ELF file (bad magic number)");
    if (id[EI_CLASS] != ELFCLASS64)
        elf_fail(im, "not a 64-bit ELF file (this guest needs ELFCLASS64)");
    if (id[EI_DATA] != ELFDATA2LSB)
        elf_fail(im, "not a little-endian ELF file");
    if (id[EI_VERSION] != EV_CURRENT)
        elf_fail(im, "unsupported ELF version");
}

static void elf_check_header(const ElfImage *im)
{
    const Elf64_Ehdr *eh = &im->eh;
    char msg[160];
    elf_check_ident(im);
    if (eh->e_machine != user_target->elf_machine) {
        snprintf(msg, sizeof(msg), "ELF machine type %u is not %s (Invalid ELF image for "
                 "this architecture)", eh->e_machine, user_target->elf_machine_name);
        elf_fail(im, msg);
    }
    if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN)
        elf_fail(im, "ELF file is not an executable (type must be ET_EXEC or ET_DYN)");
    if (eh->e_phentsize != sizeof(Elf64_Phdr))
        elf_fail(im, "bad ELF program header entry size");
    if (eh->e_phnum == 0 || eh->e_phnum > ELF_MAX_PHNUM)
        elf_fail(im, "bad number of ELF program headers");
}

static void elf_check_load(const ElfImage *im, const Elf64_Phdr *p, int i)
{
    char msg[160];
    const char *why = NULL;
    if (p->p_filesz > p->p_memsz)
        why = "file size larger than memory size";
    else if (p->p_filesz &&     /* a bss-only segment's offset may point past the end */
             (p->p_offset > im->file_size || p->p_filesz > im->file_size - p->p_offset))
        why = "file data lies past the end of the file (truncated?)";
    else if ((p->p_offset & PG_MASK) != (p->p_vaddr & PG_MASK))
        why = "offset and address are not congruent modulo the page size";
    else if (p->p_memsz > guest_addr_max || p->p_vaddr > guest_addr_max - p->p_memsz)
        why = "does not fit in the guest address space";
    if (why) {
        snprintf(msg, sizeof(msg), "bad loadable segment %d: %s", i, why);
        elf_fail(im, msg);
    }
}

static void elf_read_interp(ElfImage *im, const Elf64_Phdr *p)
{
    if (im->interp)
        elf_fail(im, "more than one PT_INTERP");
    if (p->p_filesz < 2 || p->p_filesz > 4096)
        elf_fail(im, "bad PT_INTERP size");
    im->interp = trix_malloc0(p->p_filesz + 1);
    elf_read(im, im->interp, p->p_filesz, p->p_offset, "the interpreter path");
    if (im->interp[p->p_filesz - 1] != 0 || strlen(im->interp) != p->p_filesz - 1)
        elf_fail(im, "PT_INTERP is not a NUL-terminated path");
}

static void elf_scan_phdrs(ElfImage *im)
{
    bool any = false;
    im->lo = UINT64_MAX;
    im->hi = 0;
    for (int i = 0; i < im->eh.e_phnum; i++) {
        const Elf64_Phdr *p = &im->ph[i];
        if (p->p_type == PT_INTERP)
            elf_read_interp(im, p);
        if (p->p_type != PT_LOAD || p->p_memsz == 0)
            continue;
        elf_check_load(im, p, i);
        any = true;
        if ((p->p_vaddr & ~PG_MASK) < im->lo)
            im->lo = p->p_vaddr & ~PG_MASK;
        if (((p->p_vaddr + p->p_memsz + PG_MASK) & ~PG_MASK) > im->hi)
            im->hi = (p->p_vaddr + p->p_memsz + PG_MASK) & ~PG_MASK;
    }
    if (!any)
        elf_fail(im, "no loadable segment");
    if (im->hi > guest_addr_max)
        elf_fail(im, "does not fit in the guest address space");
}

static void elf_open(ElfImage *im, const char *path, const char *shown)
{
    struct stat st;
    memset(im, 0, sizeof(*im));
    im->path = shown;
    im->fd = open(path, O_RDONLY | O_CLOEXEC);
    if (im->fd < 0)
        trix_fatal("%s: cannot open: %s", shown, strerror(errno));
    if (fstat(im->fd, &st) != 0)
        trix_fatal("%s: cannot stat: %s", shown, strerror(errno));
    if (!S_ISREG(st.st_mode))
        elf_fail(im, S_ISDIR(st.st_mode) ? "is a directory" : "not a regular file");
    im->file_size = (uint64_t)st.st_size;
    if (im->file_size < sizeof(Elf64_Ehdr)) {
        if (im->file_size >= SELFMAG) {
            elf_read(im, &im->eh, SELFMAG, 0, "the ELF header");
            elf_check_ident(im);
        }
        elf_fail(im, im->file_size >= SELFMAG ? "truncated ELF header" :
                                                "not an ELF file (too short)");
    }
    elf_read(im, &im->eh, sizeof(im->eh), 0, "the ELF header");
    elf_check_header(im);
    uint64_t phsize = (uint64_t)im->eh.e_phnum * sizeof(Elf64_Phdr);
    im->ph = trix_malloc0(phsize);
    elf_read(im, im->ph, phsize, im->eh.e_phoff, "the program headers");
    elf_scan_phdrs(im);
}

static int elf_prot(uint32_t pf)
{
    return ((pf & PF_R) ? PROT_READ : 0) | ((pf & PF_W) ? PROT_WRITE : 0) |
           ((pf & PF_X) ? PROT_EXEC : 0);
}

typedef struct ElfSpan { uint64_t s, e; } ElfSpan;

static int elf_span_cmp(const void *a, const void *b)
{
    const ElfSpan *x = a, *y = b;
    return x->s < y->s ? -1 : x->s > y->s;
}

/* Unmap the holes between segments: one call per hole, in order of address. */
static void elf_unmap_holes(const ElfImage *im)
{
    ElfSpan *sp = trix_malloc0((size_t)im->eh.e_phnum * sizeof(*sp));
    int n = 0;
    for (int i = 0; i < im->eh.e_phnum; i++) {
        const Elf64_Phdr *p = &im->ph[i];
        if (p->p_type == PT_LOAD && p->p_memsz)
            sp[n++] = (ElfSpan){ p->p_vaddr & ~PG_MASK,
                                 (p->p_vaddr + p->p_memsz + PG_MASK) & ~PG_MASK };
    }
    qsort(sp, (size_t)n, sizeof(*sp), elf_span_cmp);
    uint64_t covered = im->lo;
    for (int i = 0; i < n; i++) {
        if (sp[i].s > covered)
            user_munmap(covered + im->bias, sp[i].s - covered);
        if (sp[i].e > covered)
            covered = sp[i].e;
    }
    free(sp);
}

/* Map the whole span read-write, copy the file data in, then apply each segment's protection. */
static void elf_map(ElfImage *im)
{
    uint64_t span = im->hi - im->lo;
    long r = user_mmap(im->lo + im->bias, span, PROT_READ | PROT_WRITE,
                       MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (r < 0)
        trix_fatal("%s: cannot map the program at %#llx", im->path,
                   (unsigned long long)(im->lo + im->bias));
    for (int i = 0; i < im->eh.e_phnum; i++) {
        const Elf64_Phdr *p = &im->ph[i];
        if (p->p_type == PT_LOAD && p->p_filesz) {
            elf_read(im, g2h(p->p_vaddr + im->bias), p->p_filesz, p->p_offset, "a segment");
            user_proc_note_image((p->p_vaddr & ~PG_MASK) + im->bias,
                                 ((p->p_vaddr + p->p_filesz + PG_MASK) & ~PG_MASK) + im->bias,
                                 im->path, p->p_offset & ~PG_MASK);
        }
    }
    for (int i = 0; i < im->eh.e_phnum; i++) {
        const Elf64_Phdr *p = &im->ph[i];
        if (p->p_type != PT_LOAD || !p->p_memsz)
            continue;
        uint64_t s = (p->p_vaddr & ~PG_MASK) + im->bias;
        uint64_t e = ((p->p_vaddr + p->p_memsz + PG_MASK) & ~PG_MASK) + im->bias;
        user_mprotect(s, e - s, elf_prot(p->p_flags));
    }
    elf_unmap_holes(im);
}

static uint64_t elf_phdr_addr(const ElfImage *im)
{
    for (int i = 0; i < im->eh.e_phnum; i++)
        if (im->ph[i].p_type == PT_PHDR)
            return im->ph[i].p_vaddr + im->bias;
    for (int i = 0; i < im->eh.e_phnum; i++) {
        const Elf64_Phdr *p = &im->ph[i];
        if (p->p_type == PT_LOAD && im->eh.e_phoff >= p->p_offset &&
            im->eh.e_phoff < p->p_offset + p->p_filesz)
            return p->p_vaddr + (im->eh.e_phoff - p->p_offset) + im->bias;
    }
    return 0;
}

static void elf_load_interp(const char *name, ImageInfo *info)
{
    char buf[4096];
    ElfImage im;
    const char *path = user_prefix_path(name, buf, sizeof(buf));
    elf_open(&im, path, path);
    if (im.interp)
        elf_fail(&im, "the interpreter itself asks for an interpreter");
    if (im.eh.e_type == ET_DYN) {
        uint64_t at = mmap_find_free(im.hi - im.lo);
        if (!at)
            elf_fail(&im, "no room for the interpreter");
        im.bias = at - im.lo;
    }
    elf_map(&im);
    info->interp_base = im.lo + im.bias;
    info->entry = im.eh.e_entry + im.bias;
    close(im.fd);
    free(im.ph);
}

bool elf_is_target(const char *path)
{
    Elf64_Ehdr eh;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    ssize_t n = pread(fd, &eh, sizeof(eh), 0);
    close(fd);
    return n == (ssize_t)sizeof(eh) && !memcmp(eh.e_ident, ELFMAG, SELFMAG) &&
           eh.e_ident[EI_CLASS] == ELFCLASS64 && eh.e_machine == user_target->elf_machine;
}

/* ---- the initial stack ---- */

typedef struct StackBuilder {
    uint64_t sp;                        /* grows down; strings first */
    uint64_t limit;
    const char *path;
} StackBuilder;

static uint64_t stack_push_bytes(StackBuilder *sb, const void *data, size_t len)
{
    if (sb->sp - sb->limit < len + 4096)
        trix_fatal("%s: argument list too long for the guest stack", sb->path);
    sb->sp -= len;
    memcpy(g2h(sb->sp), data, len);
    return sb->sp;
}

static uint64_t *stack_push_strings(StackBuilder *sb, char **v, int *count)
{
    int n = 0;
    while (v[n])
        n++;
    uint64_t *addrs = trix_malloc0((size_t)(n + 1) * sizeof(*addrs));
    for (int i = n - 1; i >= 0; i--)
        addrs[i] = stack_push_bytes(sb, v[i], strlen(v[i]) + 1);
    *count = n;
    return addrs;
}

void user_random_bytes(void *buf, size_t len);

static void stack_fill_auxv(uint64_t *aux, const ImageInfo *info, uint64_t random,
                            uint64_t execfn, int *n)
{
    int k = 0;
#define AUX(t, v) do { aux[k++] = (t); aux[k++] = (uint64_t)(v); } while (0)
    AUX(AT_PHDR, info->phdr);
    AUX(AT_PHENT, sizeof(Elf64_Phdr));
    AUX(AT_PHNUM, info->phnum);
    AUX(AT_PAGESZ, PG_SIZE);
    AUX(AT_BASE, info->interp_base);
    AUX(AT_FLAGS, 0);
    AUX(AT_ENTRY, info->prog_entry);
    AUX(AT_UID, getuid());
    AUX(AT_EUID, geteuid());
    AUX(AT_GID, getgid());
    AUX(AT_EGID, getegid());
    AUX(AT_HWCAP, user_target->get_hwcap ? user_target->get_hwcap() : user_target->hwcap);
    AUX(AT_CLKTCK, sysconf(_SC_CLK_TCK));
    AUX(AT_SECURE, 0);
    AUX(AT_RANDOM, random);
    AUX(AT_HWCAP2, user_target->hwcap2);
    AUX(AT_EXECFN, execfn);
    AUX(AT_NULL, 0);
#undef AUX
    *n = k;
}

static void stack_build(ImageInfo *info, const char *execfn, char **argv, char **envp)
{
    StackBuilder sb = { mmap_stack_top, mmap_stack_top - STACK_SIZE, execfn };
    if (user_mmap(sb.limit, STACK_SIZE, PROT_READ | PROT_WRITE,
                  MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) < 0)
        trix_fatal("cannot map the guest stack");
    uint64_t fn = stack_push_bytes(&sb, execfn, strlen(execfn) + 1);
    int argc, envc, auxn;
    uint64_t *envs = stack_push_strings(&sb, envp, &envc);
    uint64_t *args = stack_push_strings(&sb, argv, &argc);
    uint8_t rnd[16];
    user_random_bytes(rnd, sizeof(rnd));
    uint64_t random = stack_push_bytes(&sb, rnd, sizeof(rnd));
    uint64_t aux[64];
    stack_fill_auxv(aux, info, random, fn, &auxn);
    uint64_t words = 1 + (uint64_t)argc + 1 + (uint64_t)envc + 1 + (uint64_t)auxn;
    sb.sp = (sb.sp - words * 8) & ~15ull;
    uint64_t *w = g2h(sb.sp);
    *w++ = (uint64_t)argc;
    for (int i = 0; i <= argc; i++)
        *w++ = args[i];
    for (int i = 0; i <= envc; i++)
        *w++ = envs[i];
    memcpy(w, aux, (size_t)auxn * 8);
    info->sp = sb.sp;
    free(args);
    free(envs);
}

void elf_load_program(const char *path, char **argv, char **envp, ImageInfo *info)
{
    ElfImage im;
    memset(info, 0, sizeof(*info));
    elf_open(&im, path, path);
    if (im.eh.e_type == ET_DYN)
        im.bias = PIE_BASE - im.lo;
    elf_map(&im);
    info->prog_entry = info->entry = im.eh.e_entry + im.bias;
    info->phdr = elf_phdr_addr(&im);
    info->phnum = im.eh.e_phnum;
    info->brk = im.hi + im.bias;
    mmap_set_brk(info->brk);
    if (im.interp)
        elf_load_interp(im.interp, info);
    close(im.fd);
    stack_build(info, path, argv, envp);
    free(im.ph);
    free(im.interp);
}
