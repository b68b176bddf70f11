/* Multiboot 1 for -kernel: the header, ELF32/ELF64 or a.out-kludge loading, the info structure, modules. */
#include <elf.h>
#include <glib.h>
#include <string.h>
#include "hw/i386/x86_boot.h"
#include "hw/core/loader.h"

#define MB_LOADER_NAME "trix"

static uint32_t rd32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }

/* Offset of a valid header (magic, flags, checksum) in the first 8 KiB, or -1. */
static long mb_find_header(const uint8_t *img, size_t size)
{
    size_t end = size < MB_SEARCH ? size : MB_SEARCH;
    for (size_t off = 0; off + 12 <= end; off += 4)
        if (rd32(img + off) == MB_HEADER_MAGIC &&
            rd32(img + off) + rd32(img + off + 4) + rd32(img + off + 8) == 0)
            return (long)off;
    return -1;
}

static void mb_check_ram(const X86Machine *xm, const char *path, uint64_t lo, uint64_t hi)
{
    if (hi < lo || hi > xm->below_4g)
        trix_fatal("-kernel %s: Multiboot image at [%#llx, %#llx) is outside RAM (below "
                   "%#llx; use a larger -m?)", path, (unsigned long long)lo,
                   (unsigned long long)hi, (unsigned long long)xm->below_4g);
}

static void mb_zero(uint64_t addr, uint64_t len)
{
    static const uint8_t zeros[4096];
    for (uint64_t off = 0; off < len; off += sizeof(zeros)) {
        uint64_t n = len - off < sizeof(zeros) ? len - off : sizeof(zeros);
        loader_write("kernel", "bss", addr + off, zeros, n);
    }
}

/* The a.out kludge: the header says where the file's bytes go. */
static void mb_load_kludge(const X86Machine *xm, const char *path, const uint8_t *img,
                           size_t size, long hdr, LoadedImage *li)
{
    uint32_t header_addr = rd32(img + hdr + 12), load_addr = rd32(img + hdr + 16);
    uint32_t load_end = rd32(img + hdr + 20), bss_end = rd32(img + hdr + 24);
    if (size < (size_t)hdr + 32 || header_addr < load_addr ||
        header_addr - load_addr > (uint64_t)hdr)
        trix_fatal("-kernel %s: Multiboot address fields are inconsistent (header_addr %#x, "
                   "load_addr %#x)", path, header_addr, load_addr);
    uint64_t file_off = (uint64_t)hdr - (header_addr - load_addr);
    uint64_t len = load_end ? (uint64_t)load_end - load_addr : size - file_off;
    if (load_end && load_end < load_addr)
        trix_fatal("-kernel %s: Multiboot load_end_addr %#x is below load_addr %#x", path,
                   load_end, load_addr);
    if (len > size - file_off)
        trix_fatal("-kernel %s: Multiboot load_end_addr %#x is past the end of the file",
                   path, load_end);
    uint64_t end = load_addr + len, bss = bss_end > end ? bss_end : end;
    mb_check_ram(xm, path, load_addr, bss);
    loader_write("kernel", path, load_addr, img + file_off, len);
    mb_zero(end, bss - end);
    *li = (LoadedImage){ .entry = rd32(img + hdr + 28), .low = load_addr, .high = bss };
}

/* An ELF32 i386 executable by physical address; the entry translated to physical. */
static void mb_load_elf32(const X86Machine *xm, const char *path, const uint8_t *img,
                          size_t size, LoadedImage *li)
{
    const Elf32_Ehdr *eh = (const Elf32_Ehdr *)img;
    if (size < sizeof(*eh) || eh->e_ident[EI_DATA] != ELFDATA2LSB || eh->e_machine != EM_386 ||
        eh->e_type != ET_EXEC)
        trix_fatal("-kernel %s: not a little-endian i386 ELF executable", path);
    if (eh->e_phentsize != sizeof(Elf32_Phdr) || eh->e_phoff > size ||
        (size - eh->e_phoff) / sizeof(Elf32_Phdr) < eh->e_phnum)
        trix_fatal("-kernel %s: truncated or corrupt ELF program headers", path);
    const Elf32_Phdr *ph = (const Elf32_Phdr *)(img + eh->e_phoff);
    *li = (LoadedImage){ .entry = eh->e_entry, .low = UINT64_MAX, .high = 0 };
    for (int i = 0; i < eh->e_phnum; i++, ph++) {
        if (ph->p_type != PT_LOAD || ph->p_memsz == 0)
            continue;
        if (ph->p_filesz > ph->p_memsz || ph->p_offset > size ||
            ph->p_filesz > size - ph->p_offset)
            trix_fatal("-kernel %s: corrupt ELF segment %d", path, i);
        uint64_t lo = ph->p_paddr, hi = lo + ph->p_memsz;
        mb_check_ram(xm, path, lo, hi);
        loader_write("kernel", path, lo, img + ph->p_offset, ph->p_filesz);
        mb_zero(lo + ph->p_filesz, ph->p_memsz - ph->p_filesz);
        if (eh->e_entry >= ph->p_vaddr && eh->e_entry - ph->p_vaddr < ph->p_memsz)
            li->entry = eh->e_entry - ph->p_vaddr + ph->p_paddr;
        li->low = lo < li->low ? lo : li->low;
        li->high = hi > li->high ? hi : li->high;
    }
    if (li->high == 0)
        trix_fatal("-kernel %s: the ELF file has nothing to load", path);
}

static void mb_load_image(const X86Machine *xm, const char *path, const uint8_t *img,
                          size_t size, long hdr, LoadedImage *li)
{
    uint32_t flags = rd32(img + hdr + 4);
    if (flags & MB_HDR_AOUT_KLUDGE) {
        mb_load_kludge(xm, path, img, size, hdr, li);
    } else if (loader_is_elf(img, size) && size > EI_CLASS && img[EI_CLASS] == ELFCLASS32) {
        mb_load_elf32(xm, path, img, size, li);
    } else if (loader_is_elf(img, size)) {
        loader_elf_span("kernel", path, img, size, EM_X86_64, li);
        mb_check_ram(xm, path, li->low, li->high);
        loader_load_elf("kernel", path, img, size);
    } else {
        trix_fatal("-kernel %s: a Multiboot kernel that is neither ELF nor uses the address "
                   "fields (header flag 16)", path);
    }
}

/* The info area being built: the structure, then the strings and tables it points to. */
typedef struct MBInfo {
    uint64_t base;                  /* guest address of buf[0] */
    GByteArray *buf;
} MBInfo;

static uint32_t mb_put(MBInfo *m, const void *data, size_t len)
{
    while (m->buf->len % 4)
        g_byte_array_append(m->buf, (const uint8_t *)"", 1);
    uint32_t at = (uint32_t)(m->base + m->buf->len);
    g_byte_array_append(m->buf, data, (guint)len);
    return at;
}

static uint32_t mb_put_str(MBInfo *m, const char *s)
{
    return mb_put(m, s, strlen(s) + 1);
}

static void mb_set32(MBInfo *m, uint32_t off, uint32_t val)
{
    memcpy(m->buf->data + off, &val, 4);
}

static uint32_t mb_put_mmap(MBInfo *m, const X86Machine *xm)
{
    uint32_t first = 0;
    for (int i = 0; i < xm->ne820; i++) {
        uint8_t e[24];
        uint32_t sz = 20;
        memcpy(e, &sz, 4);
        memcpy(e + 4, &xm->e820[i].addr, 8);
        memcpy(e + 12, &xm->e820[i].size, 8);
        memcpy(e + 20, &xm->e820[i].type, 4);
        uint32_t at = mb_put(m, e, sizeof(e));
        first = i ? first : at;
    }
    return first;
}

/* -initrd "file args,file args": each module page-aligned from *next, its list entry
 * {start, end, string, 0} written to entries. */
static int mb_load_modules(const X86Machine *xm, MBInfo *m, const char *spec, uint64_t *next,
                           uint32_t *entries, int max)
{
    gchar **mods = g_strsplit(spec, ",", -1);
    int n = 0;
    for (int i = 0; mods[i]; i++) {
        if (!mods[i][0])
            continue;
        if (n == max)
            trix_fatal("-initrd: more than %d Multiboot modules", max);
        gchar *file = g_strndup(mods[i], strcspn(mods[i], " "));
        size_t size;
        uint8_t *data = machine_load_file(file, "Multiboot module", &size);
        uint64_t at = (*next + 0xfff) & ~0xfffull;
        mb_check_ram(xm, file, at, at + size);
        loader_write("Multiboot module", file, at, data, size);
        entries[4 * n] = (uint32_t)at;
        entries[4 * n + 1] = (uint32_t)(at + size);
        entries[4 * n + 2] = mb_put_str(m, mods[i]);
        entries[4 * n + 3] = 0;
        *next = at + size;
        n++;
        g_free(data);
        g_free(file);
    }
    g_strfreev(mods);
    return n;
}

bool x86_multiboot_load(X86Machine *xm, const uint8_t *img, size_t size, X86BootState *bs)
{
    MachineState *ms = xm->ms;
    long hdr = mb_find_header(img, size);
    if (hdr < 0)
        return false;
    uint32_t flags = rd32(img + hdr + 4);
    if (flags & 0xfff8)
        trix_fatal("-kernel %s: Multiboot header flags %#x ask for features trix does not "
                   "provide", ms->kernel, flags);
    LoadedImage li;
    mb_load_image(xm, ms->kernel, img, size, hdr, &li);
    MBInfo m = { .base = (li.high + 0xfff) & ~0xfffull, .buf = g_byte_array_new() };
    uint8_t zero[MBI_SIZE] = { 0 };
    mb_put(&m, zero, sizeof(zero));
    uint32_t mmap = mb_put_mmap(&m, xm);
    /* the command line starts with the kernel's path, as GRUB and QEMU pass it */
    gchar *cmd = g_strdup_printf("%s%s%s", ms->kernel, xm->cmdline[0] ? " " : "", xm->cmdline);
    uint32_t cmdline = mb_put_str(&m, cmd);
    g_free(cmd);
    uint32_t name = mb_put_str(&m, MB_LOADER_NAME);
    uint32_t mods[4 * 64];
    int nmods = 0;
    if (ms->initrd) {
        uint64_t next = m.base + 0x10000;   /* after the info area (checked below) */
        nmods = mb_load_modules(xm, &m, ms->initrd, &next, mods, 64);
    }
    uint32_t mods_addr = nmods ? mb_put(&m, mods, 16u * nmods) : 0;
    if (m.buf->len > 0x10000)
        trix_fatal("-kernel %s: the Multiboot information is larger than 64 KiB", ms->kernel);
    mb_set32(&m, MBI_FLAGS, MBI_MEMORY | MBI_BOOTDEV | MBI_CMDLINE | MBI_MODS | MBI_MMAP |
                            MBI_LOADER_NAME);
    mb_set32(&m, MBI_MEM_LOWER, (uint32_t)(X86_LOW_RAM_END >> 10));
    mb_set32(&m, MBI_MEM_UPPER, (uint32_t)((xm->below_4g - X86_1M) >> 10));
    mb_set32(&m, MBI_BOOT_DEVICE, 0x8000ffff);     /* first BIOS disk, no partition */
    mb_set32(&m, MBI_CMDLINE_OFF, cmdline);
    mb_set32(&m, MBI_MODS_COUNT, (uint32_t)nmods);
    mb_set32(&m, MBI_MODS_ADDR, mods_addr);
    mb_set32(&m, MBI_MMAP_LENGTH, 24u * xm->ne820);
    mb_set32(&m, MBI_MMAP_ADDR, mmap);
    mb_set32(&m, MBI_LOADER_NAME_OFF, name);
    mb_check_ram(xm, ms->kernel, m.base, m.base + m.buf->len);
    loader_write("Multiboot information", ms->kernel, m.base, m.buf->data, m.buf->len);
    x86_boot_gdt(bs, false);
    bs->mode = X86_BOOT_FLAT32;
    bs->rip = li.entry;
    bs->regs[0] = MB_BOOT_MAGIC;                    /* eax */
    bs->regs[3] = m.base;                           /* ebx: the information structure */
    g_byte_array_free(m.buf, TRUE);
    return true;
}
