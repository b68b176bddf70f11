/* RISC-V board boot: load firmware/kernel/initrd, finish and place the DTB, reset-vector ROM. */
#include <elf.h>
#include <glib.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "hw/riscv/boot.h"
#include "hw/core/fdt_util.h"
#include "target/riscv64/cpu.h"

#define MiB (1ull << 20)
#define RV_KERNEL_ALIGN (2 * MiB)
#define RV_FDT_ALIGN (2 * MiB)
#define RV_FDT_LIMIT (3072 * MiB)       /* keep the tree below 3 GiB, like QEMU */
#define FW_DYNAMIC_MAGIC 0x4942534full
#define FW_DYNAMIC_VERSION 2
#define FW_DYNAMIC_NEXT_MODE_S 1

static uint64_t align_up(uint64_t v, uint64_t a) { return (v + a - 1) & ~(a - 1); }
static uint64_t align_down(uint64_t v, uint64_t a) { return v & ~(a - 1); }

/* A whole image (ELF by its segments, else raw at raw_addr) into RAM. */
static void rv_boot_load_image(BootRAM *b, const char *what, const char *path,
                               const uint8_t *data, size_t size, uint64_t raw_addr,
                               uint64_t reserve, LoadedImage *img)
{
    if (loader_is_elf(data, size)) {
        loader_elf_span(what, path, data, size, EM_RISCV, img);
        boot_claim(b, what, path, img->low, img->high);
        loader_load_elf(what, path, data, size);
        return;
    }
    if (size > b->ram_size)
        trix_fatal("%s '%s' (%zu bytes) is larger than RAM (%llu bytes)", what, path, size,
                   (unsigned long long)b->ram_size);
    img->entry = img->low = raw_addr;
    img->high = raw_addr + (reserve > size ? reserve : size);
    boot_claim(b, what, path, img->low, img->high);
    loader_write(what, path, raw_addr, data, size);
}

static char *rv_boot_default_firmware(void)
{
    if (access(RV_DEBIAN_OPENSBI, R_OK) == 0)
        return trix_strdup(RV_DEBIAN_OPENSBI);
    char *p = machine_find_firmware(RV_QEMU_OPENSBI);
    if (!p)
        trix_fatal("-bios default: OpenSBI not found (%s or %s; install the 'opensbi' "
                   "package, or use -bios FILE / -bios none)", RV_DEBIAN_OPENSBI,
                   RV_QEMU_OPENSBI);
    return p;
}

void rv_boot_load_firmware(BootRAM *b, const char *bios, RVBootResult *r)
{
    if (bios && !strcmp(bios, "none")) {
        r->has_firmware = false;
        r->fw.entry = r->fw.low = r->fw.high = b->ram_base;
        return;
    }
    char *path = bios ? trix_strdup(bios) : rv_boot_default_firmware();
    size_t size;
    uint8_t *data = machine_load_file(path, "firmware", &size);
    if (size == 0)
        trix_fatal("firmware '%s' is empty", path);
    rv_boot_load_image(b, "firmware", path, data, size, b->ram_base, 0, &r->fw);
    r->has_firmware = true;
    g_free(data);
    free(path);
}

/* A Linux riscv Image header: true with the memory it needs (image_size). */
static bool rv_boot_linux_image(const uint8_t *data, size_t size, uint64_t *image_size)
{
    if (size < 0x40)
        return false;
    if (memcmp(data + 0x30, "RISCV\0\0\0", 8) && memcmp(data + 0x38, "RSC\x05", 4))
        return false;
    uint64_t v;
    memcpy(&v, data + 0x10, sizeof(v));
    *image_size = le64toh(v);
    return true;
}

void rv_boot_load_kernel(BootRAM *b, const char *path, RVBootResult *r)
{
    size_t size;
    uint8_t *file = machine_load_file(path, "kernel", &size), *data = file;
    if (loader_is_gzip(file, size)) {
        data = loader_gunzip("kernel", path, file, size, b->ram_size, &size);
        g_free(file);
        file = NULL;
    }
    uint64_t start = r->has_firmware ? align_up(r->fw.high, RV_KERNEL_ALIGN) : b->ram_base;
    uint64_t image_size = 0;
    if (!loader_is_elf(data, size) && rv_boot_linux_image(data, size, &image_size) &&
        image_size > b->ram_size)
        trix_fatal("kernel '%s' needs %llu bytes, more than RAM (%llu bytes)", path,
                   (unsigned long long)image_size, (unsigned long long)b->ram_size);
    rv_boot_load_image(b, "kernel", path, data, size, start, image_size, &r->kernel);
    r->has_kernel = true;
    if (file)
        g_free(file);
    else
        free(data);
}

static void rv_boot_place_initrd(BootRAM *b, void *fdt, const char *path, RVBootResult *r)
{
    size_t size;
    uint8_t *data = machine_load_file(path, "initrd", &size);
    if (size > r->fdt_addr - b->ram_base)
        trix_fatal("initrd '%s' (%zu bytes) does not fit in RAM below the device tree at "
                   "%#llx (use a larger -m?)", path, size, (unsigned long long)r->fdt_addr);
    r->initrd_start = align_down(r->fdt_addr - size, 4096);
    r->initrd_end = r->initrd_start + size;
    boot_claim(b, "initrd", path, r->initrd_start, r->initrd_end);
    loader_write("initrd", path, r->initrd_start, data, size);
    r->has_initrd = true;
    g_free(data);
    boot_fdt_set_initrd(fdt, r->initrd_start, r->initrd_end);
}

void *rv_boot_finish_fdt(BootRAM *b, MachineState *ms, void *built, const char *stdout_path,
                         RVBootResult *r)
{
    void *fdt = built;
    if (ms->dtb) {
        fdt = boot_read_dtb(ms->dtb);
        stdout_path = NULL;         /* the user's tree says where its console is */
    }
    boot_fdt_chosen(fdt, ms, stdout_path);
    size_t size = dt_finish(fdt);
    uint64_t ram_end = b->ram_base + b->ram_size;
    uint64_t top = b->ram_base < RV_FDT_LIMIT && ram_end > RV_FDT_LIMIT ? RV_FDT_LIMIT : ram_end;
    if (size > top - b->ram_base)
        trix_fatal("the device tree (%zu bytes) does not fit in RAM", size);
    r->fdt_addr = align_down(top - size, RV_FDT_ALIGN);
    if (r->fdt_addr < b->ram_base)
        r->fdt_addr = align_down(top - size, 8);
    boot_claim(b, "device tree", ms->dtb ? ms->dtb : "(generated)", r->fdt_addr,
                  r->fdt_addr + size);
    if (ms->initrd)
        rv_boot_place_initrd(b, fdt, ms->initrd, r);
    loader_write("device tree", "(generated)", r->fdt_addr, fdt, size);
    return fdt;
}

void rv_boot_write_rom(uint64_t start, uint64_t fdt_addr, uint64_t next_addr, int boot_hart)
{
    static const uint32_t code[] = {
        0x00000297,     /* auipc t0, 0                  t0 = ROM base */
        0x02828613,     /* addi  a2, t0, 0x28           a2 = &fw_dynamic_info */
        0xf1402573,     /* csrr  a0, mhartid */
        0x0202b583,     /* ld    a1, 0x20(t0)           a1 = fdt */
        0x0182b283,     /* ld    t0, 0x18(t0)           start address */
        0x00028067,     /* jr    t0 */
    };
    uint64_t data[8] = {
        start, fdt_addr,
        FW_DYNAMIC_MAGIC, FW_DYNAMIC_VERSION, next_addr, FW_DYNAMIC_NEXT_MODE_S,
        0 /* options */, (uint64_t)boot_hart,
    };
    uint8_t *rom = mem_ram_ptr(RV_BOOT_ROM_BASE, sizeof(code) + sizeof(data));
    ASSERT(rom);
    for (size_t i = 0; i < ARRAY_SIZE(code); i++) {
        uint32_t le = htole32(code[i]);
        memcpy(rom + 4 * i, &le, 4);
    }
    for (size_t i = 0; i < ARRAY_SIZE(data); i++) {
        uint64_t le = htole64(data[i]);
        memcpy(rom + sizeof(code) + 8 * i, &le, 8);
    }
}

void rv_boot_machine(MachineState *ms, uint64_t ram_base, void *(*build_fdt)(MachineState *),
                     const char *stdout_path, bool dump)
{
    BootRAM b = { .ram_base = ram_base, .ram_size = ms->ram_size };
    RVBootResult r = { 0 };
    rv_boot_load_firmware(&b, ms->bios, &r);
    if (ms->kernel)
        rv_boot_load_kernel(&b, ms->kernel, &r);
    void *built = build_fdt(ms);
    void *fdt = rv_boot_finish_fdt(&b, ms, built, stdout_path, &r);
    if (dump && ms->dumpdtb)
        boot_dump_fdt(ms->dumpdtb, fdt);
    uint64_t start = r.has_firmware ? r.fw.entry : r.has_kernel ? r.kernel.entry : ram_base;
    rv_boot_write_rom(start, r.fdt_addr, r.has_kernel ? r.kernel.entry : 0, 0);
    if (fdt != built)
        free(fdt);
    free(built);
    for (int i = 0; i < ms->smp; i++)
        rv_cpu_reset_system(rv_cpu(ms->cpus[i]), (uint64_t)i, RV_BOOT_ROM_BASE);
}
