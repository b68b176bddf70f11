/* PVH direct boot of an ELF vmlinux: the XEN_ELFNOTE_PHYS32_ENTRY note, hvm_start_info with memory map and modules. */
/*
 * The Xen x86 PVH boot ABI (xen/include/public/arch-x86/hvm/start_info.h): enter at the
 * note's 32-bit physical address in flat 32-bit protected mode, paging off, ebx = the
 * hvm_start_info (version 1: with the memory map). The initrd is module 0.
 */
#include <elf.h>
#include <glib.h>
#include <string.h>
#include "hw/i386/x86_boot.h"
#include "hw/core/loader.h"

#define XEN_ELFNOTE_PHYS32_ENTRY 18
#define HVM_START_MAGIC 0x336ec578u
enum { SI_MAGIC = 0, SI_VERSION = 4, SI_FLAGS = 8, SI_NR_MODULES = 12, SI_MODLIST = 16,
       SI_CMDLINE = 24, SI_RSDP = 32, SI_MEMMAP = 40, SI_MEMMAP_ENTRIES = 48, SI_SIZE = 56 };
#define PVH_MODLIST (X86_BOOT_PARAMS + 0x40)
#define PVH_MEMMAP (X86_BOOT_PARAMS + 0x80)

/* The note's entry address within [buf + off, + len) of 4-byte aligned notes, or 0. */
static uint64_t pvh_scan_notes(const uint8_t *p, uint64_t len)
{
    uint64_t off = 0;
    while (len - off >= 12) {
        uint32_t namesz, descsz, type;
        memcpy(&namesz, p + off, 4);
        memcpy(&descsz, p + off + 4, 4);
        memcpy(&type, p + off + 8, 4);
        uint64_t name = off + 12, desc = name + ((namesz + 3ull) & ~3ull);
        uint64_t next = desc + ((descsz + 3ull) & ~3ull);
        if (next > len)
            return 0;
        if (type == XEN_ELFNOTE_PHYS32_ENTRY && namesz == 4 && !memcmp(p + name, "Xen", 4) &&
            (descsz == 4 || descsz == 8)) {
            uint64_t v = 0;
            memcpy(&v, p + desc, descsz);
            return v;
        }
        off = next;
    }
    return 0;
}

/* The PVH entry of an ELF64 x86-64 image, 0 when it has none. */
static uint64_t pvh_find_entry(const uint8_t *img, size_t size)
{
    const Elf64_Ehdr *eh = (const Elf64_Ehdr *)img;
    if (size < sizeof(*eh) || img[EI_CLASS] != ELFCLASS64 || eh->e_machine != EM_X86_64 ||
        eh->e_phentsize != sizeof(Elf64_Phdr) || eh->e_phoff > size ||
        (size - eh->e_phoff) / sizeof(Elf64_Phdr) < eh->e_phnum)
        return 0;
    const Elf64_Phdr *ph = (const Elf64_Phdr *)(img + eh->e_phoff);
    for (int i = 0; i < eh->e_phnum; i++, ph++) {
        if (ph->p_type != PT_NOTE || ph->p_offset > size || ph->p_filesz > size - ph->p_offset)
            continue;
        uint64_t e = pvh_scan_notes(img + ph->p_offset, ph->p_filesz);
        if (e)
            return e;
    }
    return 0;
}

static void pvh_write_memmap(const X86Machine *xm)
{
    for (int i = 0; i < xm->ne820; i++) {
        uint8_t e[24] = { 0 };
        memcpy(e, &xm->e820[i].addr, 8);
        memcpy(e + 8, &xm->e820[i].size, 8);
        memcpy(e + 16, &xm->e820[i].type, 4);
        loader_write("PVH memory map", "-", PVH_MEMMAP + 24ull * i, e, sizeof(e));
    }
}

static void pvh_load_initrd(X86Machine *xm, uint8_t *si, uint64_t kernel_end)
{
    const char *path = xm->ms->initrd;
    size_t size;
    uint8_t *data = machine_load_file(path, "initrd", &size);
    uint64_t at = x86_boot_place_high(xm, "initrd", path, size, kernel_end, X86_4G);
    loader_write("initrd", path, at, data, size);
    uint64_t mod[4] = { at, size, 0, 0 };
    loader_write("PVH module list", path, PVH_MODLIST, mod, sizeof(mod));
    uint32_t one = 1;
    uint64_t list = PVH_MODLIST;
    memcpy(si + SI_NR_MODULES, &one, 4);
    memcpy(si + SI_MODLIST, &list, 8);
    g_free(data);
}

bool x86_pvh_load(X86Machine *xm, const uint8_t *img, size_t size, X86BootState *bs)
{
    const char *path = xm->ms->kernel;
    if (!loader_is_elf(img, size))
        return false;
    uint64_t entry = pvh_find_entry(img, size);
    if (!entry)
        return false;
    LoadedImage li;
    loader_elf_span("kernel", path, img, size, EM_X86_64, &li);
    if (li.high > xm->below_4g || li.low < X86_1M)
        trix_fatal("-kernel %s: the ELF image at [%#llx, %#llx) is outside RAM from 1 MiB to "
                   "%#llx (use a larger -m)", path, (unsigned long long)li.low,
                   (unsigned long long)li.high, (unsigned long long)xm->below_4g);
    loader_load_elf("kernel", path, img, size);
    uint8_t si[SI_SIZE] = { 0 };
    uint32_t magic = HVM_START_MAGIC, version = 1, nmap = (uint32_t)xm->ne820;
    uint64_t cmdline = x86_boot_cmdline(xm->cmdline, X86_BOOT_CMDLINE_MAX);
    uint64_t memmap = PVH_MEMMAP;
    memcpy(si + SI_MAGIC, &magic, 4);
    memcpy(si + SI_VERSION, &version, 4);
    memcpy(si + SI_CMDLINE, &cmdline, 8);
    memcpy(si + SI_RSDP, &xm->rsdp, 8);
    memcpy(si + SI_MEMMAP, &memmap, 8);
    memcpy(si + SI_MEMMAP_ENTRIES, &nmap, 4);
    pvh_write_memmap(xm);
    if (xm->ms->initrd)
        pvh_load_initrd(xm, si, li.high);
    loader_write("hvm_start_info", path, X86_BOOT_PARAMS, si, sizeof(si));
    x86_boot_gdt(bs, false);
    bs->mode = X86_BOOT_FLAT32;
    bs->rip = entry;
    bs->regs[3] = X86_BOOT_PARAMS;                  /* ebx */
    return true;
}
