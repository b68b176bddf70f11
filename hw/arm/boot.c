/* arm64 boot: firmware into flash, Linux Image/ELF/raw kernels, initrd, the DTB, vCPU reset state. */
#include <elf.h>
#include <glib.h>
#include <stdlib.h>
#include <string.h>
#include "hw/arm/boot.h"
#include "hw/core/fdt_util.h"
#include "target/arm64/a64_sys.h"

#define MiB (1ull << 20)
#define ARM64_IMAGE_MAGIC "ARM\x64"
#define ARM64_RAW_OFFSET 0x80000ull         /* raw images and old Image headers */
#define ARM_INITRD_OFFSET_MAX (128 * MiB)
#define ARM_FDT_ALIGN (2 * MiB)

static uint64_t align_up(uint64_t v, uint64_t a) { return (v + a - 1) & ~(a - 1); }

bool arm_boot_is_linux_image(const uint8_t *data, size_t size, uint64_t *text_offset,
                             uint64_t *image_size)
{
    if (size < 0x40 || memcmp(data + 0x38, ARM64_IMAGE_MAGIC, 4))
        return false;
    uint64_t off, sz, flags;
    memcpy(&off, data + 0x08, 8);
    memcpy(&sz, data + 0x10, 8);
    memcpy(&flags, data + 0x18, 8);
    *image_size = le64toh(sz);
    *text_offset = *image_size ? le64toh(off) : ARM64_RAW_OFFSET;
    if (le64toh(flags) & 1)
        trix_fatal("could not load kernel: big-endian arm64 Image (flags bit 0) is not supported");
    return true;
}

static void arm_boot_bios(MachineState *ms, const ArmBootInfo *info, ArmBootResult *r)
{
    size_t size;
    uint8_t *data = machine_load_file(ms->bios, "firmware", &size);
    if (size == 0)
        trix_fatal("firmware '%s' is empty", ms->bios);
    if (size > info->flash_size)
        trix_fatal("firmware '%s' (%zu bytes) is larger than the flash (%llu bytes)", ms->bios,
                   size, (unsigned long long)info->flash_size);
    uint8_t *flash = mem_ram_ptr(info->flash_base, size);
    ASSERT(flash);
    memcpy(flash, data, size);
    g_free(data);
    r->has_bios = true;
    r->entry = info->flash_base;
}

/* Load the kernel image (already inflated) into RAM; returns the entry. */
static void arm_boot_kernel_data(BootRAM *b, const char *path, const uint8_t *data,
                                 size_t size, ArmBootResult *r)
{
    uint64_t text_offset, image_size;
    if (loader_is_elf(data, size)) {
        LoadedImage img;
        loader_elf_span("kernel", path, data, size, EM_AARCH64, &img);
        boot_claim(b, "kernel", path, img.low, img.high);
        loader_load_elf("kernel", path, data, size);
        r->entry = img.entry;
        r->kernel_low = img.low;
        r->kernel_high = img.high;
        return;
    }
    if (!arm_boot_is_linux_image(data, size, &text_offset, &image_size)) {
        text_offset = ARM64_RAW_OFFSET;
        image_size = 0;
    }
    uint64_t need = image_size > size ? image_size : size;
    if (text_offset > b->ram_size || need > b->ram_size - text_offset)
        trix_fatal("could not load kernel '%s': it needs %llu bytes at offset %#llx, more "
                   "than RAM (%llu bytes; use a larger -m)", path, (unsigned long long)need,
                   (unsigned long long)text_offset, (unsigned long long)b->ram_size);
    r->kernel_low = r->entry = b->ram_base + text_offset;
    r->kernel_high = r->kernel_low + need;
    boot_claim(b, "kernel", path, r->kernel_low, r->kernel_high);
    loader_write("kernel", path, r->kernel_low, data, size);
}

static void arm_boot_kernel(BootRAM *b, const char *path, ArmBootResult *r)
{
    size_t size;
    uint8_t *file = machine_load_file(path, "kernel", &size);
    if (size == 0)
        trix_fatal("could not load kernel '%s': the file is empty", path);
    if (loader_is_gzip(file, size)) {
        size_t out;
        uint8_t *data = loader_gunzip("kernel", path, file, size, b->ram_size, &out);
        if (out == 0)
            trix_fatal("could not load kernel '%s': empty after gunzip", path);
        arm_boot_kernel_data(b, path, data, out, r);
        free(data);
    } else {
        arm_boot_kernel_data(b, path, file, size, r);
    }
    g_free(file);
    r->has_kernel = true;
}

/* The initrd at RAM base + min(RAM/2, 128 MiB) as QEMU puts it, after the kernel. */
static void arm_boot_initrd(BootRAM *b, const char *path, ArmBootResult *r)
{
    size_t size;
    uint8_t *data = machine_load_file(path, "initrd", &size);
    uint64_t off = b->ram_size / 2 < ARM_INITRD_OFFSET_MAX ? b->ram_size / 2
                                                           : ARM_INITRD_OFFSET_MAX;
    uint64_t start = b->ram_base + off;
    if (r->has_kernel && start < r->kernel_high)
        start = align_up(r->kernel_high, 4096);
    if (start + size > b->ram_base + b->ram_size)
        trix_fatal("initrd '%s' (%zu bytes) does not fit in RAM after the kernel (use a "
                   "larger -m)", path, size);
    boot_claim(b, "initrd", path, start, start + size);
    loader_write("initrd", path, start, data, size);
    g_free(data);
    r->has_initrd = true;
    r->initrd_start = start;
    r->initrd_end = start + size;
}

/* The tree: after the initrd (or kernel), 2 MiB aligned; at RAM base for firmware boots. */
static void *arm_boot_place_fdt(BootRAM *b, MachineState *ms, void *built,
                                const ArmBootInfo *info, ArmBootResult *r)
{
    void *fdt = ms->dtb ? boot_read_dtb(ms->dtb) : built;
    boot_fdt_chosen(fdt, ms, ms->dtb ? NULL : info->stdout_path);
    size_t size = dt_finish(fdt);
    uint64_t end = r->has_initrd ? r->initrd_end : r->has_kernel ? r->kernel_high : 0;
    uint64_t addr = r->has_kernel ? align_up(end, ARM_FDT_ALIGN) : b->ram_base;
    if (addr + size > b->ram_base + b->ram_size)
        addr = align_up(end, 8);
    if (addr + size > b->ram_base + b->ram_size)
        trix_fatal("the device tree (%zu bytes) does not fit in RAM after the kernel and "
                   "initrd (use a larger -m)", size);
    boot_claim(b, "device tree", ms->dtb ? ms->dtb : "(generated)", addr, addr + size);
    if (r->has_initrd)
        boot_fdt_set_initrd(fdt, r->initrd_start, r->initrd_end);
    loader_write("device tree", "(generated)", addr, fdt, size);
    r->fdt_addr = addr;
    return fdt;
}

static void arm_boot_cpus(MachineState *ms, const ArmBootInfo *info, const ArmBootResult *r)
{
    for (int i = 0; i < ms->smp; i++) {
        A64BootState bs = { .pc = r->entry, .el = info->boot_el, .powered_off = i != 0 };
        if (r->has_kernel)
            bs.x[0] = r->fdt_addr;      /* Linux: x0 = DTB, x1..x3 = 0 */
        a64_cpu_set_boot(a64_cpu(ms->cpus[i]), &bs);
    }
}

void arm_boot_machine(MachineState *ms, const ArmBootInfo *info,
                      void *(*build_fdt)(MachineState *), bool dump, ArmBootResult *r)
{
    BootRAM b = { .ram_base = info->ram_base, .ram_size = info->ram_size };
    *r = (ArmBootResult){ .entry = info->flash_base };     /* nothing loaded: the empty flash */
    if (ms->bios && !strcmp(ms->bios, "none"))
        ms->bios = NULL;
    if (ms->bios && ms->kernel)
        trix_fatal("-bios with -kernel: passing the kernel to firmware needs fw_cfg, which "
                   "this board does not have (use one or the other)");
    if (ms->bios)
        arm_boot_bios(ms, info, r);
    if (ms->kernel)
        arm_boot_kernel(&b, ms->kernel, r);
    if (ms->initrd)
        arm_boot_initrd(&b, ms->initrd, r);
    void *built = build_fdt(ms);
    void *fdt = arm_boot_place_fdt(&b, ms, built, info, r);
    if (dump && ms->dumpdtb)
        boot_dump_fdt(ms->dumpdtb, fdt);
    if (fdt != built)
        free(fdt);
    free(built);
    arm_boot_cpus(ms, info, r);
}
