/* x86 boot: choose the boot path (-kernel format or -bios), the GDT, identity map and command line they share. */
#include <glib.h>
#include <string.h>
#include "hw/i386/x86_boot.h"
#include "hw/core/loader.h"

#define GDT_CODE32 0x00cf9a000000ffffull    /* base 0, limit 4 GiB, execute/read, D=1 */
#define GDT_CODE64 0x00af9a000000ffffull    /* L=1 */
#define GDT_DATA 0x00cf92000000ffffull      /* read/write, B=1 */

void x86_boot_gdt(X86BootState *bs, bool long_mode)
{
    uint64_t gdt[4] = { 0, 0, long_mode ? GDT_CODE64 : GDT_CODE32, GDT_DATA };
    loader_write("boot GDT", "-", X86_BOOT_GDT, gdt, sizeof(gdt));
    bs->gdt_base = X86_BOOT_GDT;
    bs->gdt_limit = sizeof(gdt) - 1;
    bs->cs_sel = X86_BOOT_CS;
    bs->ds_sel = X86_BOOT_DS;
}

/* PML4[0] -> PDPT, PDPT[0..3] -> four page directories of 2 MiB pages: [0, 4 GiB). */
uint64_t x86_boot_identity_map(void)
{
    enum { P = 1, RW = 2, PS = 0x80 };
    uint64_t pml4 = X86_BOOT_PGTABLE, pdpt = pml4 + 0x1000, pd = pdpt + 0x1000;
    uint64_t page[512];
    memset(page, 0, sizeof(page));
    page[0] = pdpt | P | RW;
    loader_write("boot page tables", "-", pml4, page, sizeof(page));
    memset(page, 0, sizeof(page));
    for (int i = 0; i < 4; i++)
        page[i] = (pd + 0x1000ull * i) | P | RW;
    loader_write("boot page tables", "-", pdpt, page, sizeof(page));
    for (int d = 0; d < 4; d++) {
        for (int i = 0; i < 512; i++)
            page[i] = (((uint64_t)d << 30) + ((uint64_t)i << 21)) | P | RW | PS;
        loader_write("boot page tables", "-", pd + 0x1000ull * d, page, sizeof(page));
    }
    return pml4;
}

uint64_t x86_boot_cmdline(const char *cmdline, uint64_t max)
{
    size_t len = strlen(cmdline) + 1;
    if (max > X86_BOOT_CMDLINE_MAX)
        max = X86_BOOT_CMDLINE_MAX;
    if (len > max)
        trix_fatal("-append: the kernel command line is %zu bytes, the kernel takes at most "
                   "%llu", len - 1, (unsigned long long)(max - 1));
    loader_write("kernel command line", "-append", X86_BOOT_CMDLINE, cmdline, len);
    return X86_BOOT_CMDLINE;
}

uint64_t x86_boot_place_high(const X86Machine *xm, const char *what, const char *path,
                             uint64_t size, uint64_t low, uint64_t limit)
{
    uint64_t top = xm->below_4g < limit ? xm->below_4g : limit;
    if (size > top || ((top - size) & ~0xfffull) < low)
        trix_fatal("%s '%s' (%llu bytes) does not fit in RAM between %#llx and %#llx (use a "
                   "larger -m)", what, path, (unsigned long long)size, (unsigned long long)low,
                   (unsigned long long)top);
    return (top - size) & ~0xfffull;
}

/*
 * Without firmware, the BIOS reset vector F000:FFF0 is RAM. Linux's last reboot method jumps
 * there in real mode (machine_real_restart): leave a stub that triple-faults (LIDT with limit
 * 0, INT3), which resets the machine as a BIOS would.
 */
static void x86_boot_reset_stub(void)
{
    static const uint8_t stub[16] = {
        0x2e, 0x0f, 0x01, 0x1e, 0xf8, 0xff,     /* lidt cs:[0xfff8] */
        0xcc,                                   /* int3 */
        0xf4,                                   /* hlt */
        0, 0, 0, 0, 0, 0,                       /* 0xfff8: limit 0, base 0 */
        0xeb, 0xf6,                             /* (unreached) jmp back */
    };
    loader_write("reset vector stub", "-", 0xffff0, stub, sizeof(stub));
}

static void x86_boot_kernel(X86Machine *xm, X86BootState *bs)
{
    MachineState *ms = xm->ms;
    size_t size;
    uint8_t *img = machine_load_file(ms->kernel, "kernel", &size);
    /* QEMU's order: a Linux setup header, else a Multiboot header, else a PVH note */
    if (!x86_linux_load(xm, img, size, bs) && !x86_multiboot_load(xm, img, size, bs) &&
        !x86_pvh_load(xm, img, size, bs))
        trix_fatal("-kernel %s: not a Linux bzImage (no setup header), a Multiboot kernel "
                   "(no header in the first 8 KiB) or an ELF with a PVH entry note "
                   "(XEN_ELFNOTE_PHYS32_ENTRY)", ms->kernel);
    g_free(img);
}

void x86_boot_machine(X86Machine *xm)
{
    MachineState *ms = xm->ms;
    X86BootState bs = { .mode = X86_BOOT_RESET };
    if (ms->kernel && !xm->bios)
        x86_boot_reset_stub();
    if (ms->kernel)
        x86_boot_kernel(xm, &bs);
    else if (!xm->bios)
        trix_fatal("machine '%s': nothing to boot (give -kernel FILE or -bios FILE)",
                   ms->def->name);
    x86_cpu_set_boot(x86_cpu(ms->cpus[0]), &bs);
    X86BootState ap = { .mode = X86_BOOT_RESET, .wait_sipi = true };
    for (int i = 1; i < ms->smp; i++)
        x86_cpu_set_boot(x86_cpu(ms->cpus[i]), &ap);
}
