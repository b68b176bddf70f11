/* x86 board loaders: -bios at 4 GiB, Multiboot (ELF32, a.out kludge), bzImage boot_params, PVH, microvm, bad images. */
#include <elf.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include "trix/machine.h"
#include "trix/ioport.h"
#include "hw/i386/x86_board.h"
#include "hw/i386/x86_boot.h"

extern const MachineDef machine_x86_microvm;
extern const MachineDef machine_x86_pc;

static int failures;

#define CHECK_EQ(what, got, want) do { \
    unsigned long long g_ = (unsigned long long)(got), w_ = (unsigned long long)(want); \
    if (g_ != w_) { \
        fprintf(stderr, "%s:%d: %s: got %#llx, want %#llx\n", __FILE__, __LINE__, what, g_, w_); \
        failures++; \
    } \
} while (0)

static char tmpdir[] = "/tmp/trix-x86boot.XXXXXX";
static X86CPU cpus[2];

static const char *write_file(const char *name, const void *data, size_t len)
{
    static char path[8][256];
    static int n;
    char *p = path[n++ % 8];
    snprintf(p, 256, "%s/%s", tmpdir, name);
    FILE *f = fopen(p, "wb");
    if (!f || fwrite(data, 1, len, f) != len) {
        perror(p);
        exit(1);
    }
    fclose(f);
    return p;
}

static uint32_t rd32(uint64_t addr)
{
    uint32_t v = 0;
    if (!phys_read(addr, &v, 4))
        failures++;
    return v;
}

static uint64_t rd64(uint64_t addr)
{
    uint64_t v = 0;
    if (!phys_read(addr, &v, 8))
        failures++;
    return v;
}

static void put32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }

/* A fresh machine: empty address spaces, two vCPUs, the given options. */
static MachineState *new_machine(uint64_t ram, const char *kernel, const char *bios)
{
    static MachineState ms;
    static MachineDef def = { .name = "test-x86" };
    mem_reset();
    io_reset();
    memset(&ms, 0, sizeof(ms));
    memset(cpus, 0, sizeof(cpus));
    ms.def = &def;
    ms.ram_size = ram;
    ms.smp = 2;
    ms.kernel = kernel;
    ms.bios = bios;
    ms.cpus[0] = &cpus[0].cs;
    ms.cpus[1] = &cpus[1].cs;
    current_machine = &ms;
    return &ms;
}

static void boot(MachineState *ms, X86Machine *xm)
{
    x86_machine_init(xm, ms, 0xc0000000ull, NULL);
    x86_cpus_configure(ms);
    x86_boot_machine(xm);
}

static void test_bios(void)
{
    static uint8_t rom[0x30000];
    rom[sizeof(rom) - 16] = 0xea;                   /* at the reset vector */
    rom[0] = 0x5a;
    MachineState *ms = new_machine(64 << 20, NULL, write_file("bios.bin", rom, sizeof(rom)));
    X86Machine xm;
    boot(ms, &xm);
    CHECK_EQ("BSP reset", cpus[0].sys.boot->mode, X86_BOOT_RESET);
    CHECK_EQ("BSP runs", cpus[0].sys.boot->wait_sipi, 0);
    CHECK_EQ("AP waits", cpus[1].sys.boot->wait_sipi, 1);
    CHECK_EQ("AP apic id", cpus[1].sys.apic_id, 1);
    CHECK_EQ("AP not BSP", cpus[1].sys.bsp, 0);
    uint8_t b = 0;
    phys_read(0xfffffff0, &b, 1);
    CHECK_EQ("reset vector byte", b, 0xea);
    phys_read(0x100000000ull - sizeof(rom), &b, 1);
    CHECK_EQ("ROM start", b, 0x5a);
    phys_read(0xffff0, &b, 1);
    CHECK_EQ("ISA BIOS alias", b, 0xea);
    CHECK_EQ("RAM below the alias", mem_find(0xdffff) != NULL, 1);
    CHECK_EQ("RAM at 1 MiB", mem_find(0x100000) != NULL, 1);
}

/* An ELF32 multiboot kernel: one segment at 1 MiB (vaddr 0xc0100000), header after the code. */
static void test_multiboot_elf32(void)
{
    static uint8_t img[0x2000];
    Elf32_Ehdr *eh = (Elf32_Ehdr *)img;
    Elf32_Phdr *ph = (Elf32_Phdr *)(img + sizeof(*eh));
    memcpy(eh->e_ident, ELFMAG, SELFMAG);
    eh->e_ident[EI_CLASS] = ELFCLASS32;
    eh->e_ident[EI_DATA] = ELFDATA2LSB;
    eh->e_type = ET_EXEC;
    eh->e_machine = EM_386;
    eh->e_entry = 0xc0100010;
    eh->e_phoff = sizeof(*eh);
    eh->e_phentsize = sizeof(*ph);
    eh->e_phnum = 1;
    ph->p_type = PT_LOAD;
    ph->p_offset = 0x1000;
    ph->p_vaddr = 0xc0100000;
    ph->p_paddr = 0x100000;
    ph->p_filesz = 0x100;
    ph->p_memsz = 0x3000;                           /* bss */
    uint8_t *hdr = img + 0x1000;
    put32(hdr, MB_HEADER_MAGIC);
    put32(hdr + 4, MB_HDR_PAGE_ALIGN | MB_HDR_MEMINFO);
    put32(hdr + 8, -(MB_HEADER_MAGIC + 3));
    img[0x1010] = 0xf4;
    static const char mod[] = "module bytes";
    MachineState *ms = new_machine(32 << 20, write_file("mb.elf", img, sizeof(img)), NULL);
    char initrd[600];
    snprintf(initrd, sizeof(initrd), "%s arg1", write_file("mod.bin", mod, sizeof(mod)));
    ms->initrd = initrd;
    ms->append = "console=ttyS0";
    X86Machine xm;
    boot(ms, &xm);
    X86BootState *bs = cpus[0].sys.boot;
    CHECK_EQ("mode", bs->mode, X86_BOOT_FLAT32);
    CHECK_EQ("entry (physical)", bs->rip, 0x100010);
    CHECK_EQ("eax", bs->regs[0], MB_BOOT_MAGIC);
    CHECK_EQ("cs", bs->cs_sel, X86_BOOT_CS);
    CHECK_EQ("GDT code", rd64(bs->gdt_base + 0x10), 0x00cf9a000000ffffull);
    uint64_t mbi = bs->regs[3];
    CHECK_EQ("mbi after the bss, page aligned", mbi, 0x103000);
    CHECK_EQ("bss zeroed", rd32(0x100200), 0);
    CHECK_EQ("flags", rd32(mbi + MBI_FLAGS) & 0x24f, 0x24f);
    CHECK_EQ("mem_lower", rd32(mbi + MBI_MEM_LOWER), 639);
    CHECK_EQ("mem_upper", rd32(mbi + MBI_MEM_UPPER), (32 << 10) - 1024);
    char s[600] = { 0 };
    phys_read(rd32(mbi + MBI_CMDLINE_OFF), s, sizeof(s) - 1);
    char want[600];
    snprintf(want, sizeof(want), "%s console=ttyS0", ms->kernel);
    CHECK_EQ("cmdline = path + append", strcmp(s, want), 0);
    CHECK_EQ("mmap length", rd32(mbi + MBI_MMAP_LENGTH), 24u * xm.ne820);
    uint64_t mm = rd32(mbi + MBI_MMAP_ADDR);
    CHECK_EQ("mmap[0].size", rd32(mm), 20);
    CHECK_EQ("mmap[0].len", rd64(mm + 12), 0x9fc00);
    CHECK_EQ("mmap[3].base", rd64(mm + 3 * 24 + 4), 0x100000);
    CHECK_EQ("mmap[3].type", rd32(mm + 3 * 24 + 20), 1);
    CHECK_EQ("mods_count", rd32(mbi + MBI_MODS_COUNT), 1);
    uint64_t m = rd32(mbi + MBI_MODS_ADDR);
    uint32_t start = rd32(m), end = rd32(m + 4);
    CHECK_EQ("module page aligned", start & 0xfff, 0);
    CHECK_EQ("module size", end - start, sizeof(mod));
    phys_read(start, s, sizeof(mod));
    CHECK_EQ("module bytes", memcmp(s, mod, sizeof(mod)), 0);
    phys_read(rd32(m + 8), s, sizeof(s) - 1);
    CHECK_EQ("module string", strcmp(s, initrd), 0);
    phys_read(rd32(mbi + MBI_LOADER_NAME_OFF), s, 5);
    CHECK_EQ("loader name", strcmp(s, "trix"), 0);
}

/* The a.out kludge: a flat binary says where it goes. */
static void test_multiboot_kludge(void)
{
    static uint8_t img[0x400];
    uint8_t *hdr = img + 0x40;
    put32(hdr, MB_HEADER_MAGIC);
    put32(hdr + 4, MB_HDR_AOUT_KLUDGE);
    put32(hdr + 8, -(MB_HEADER_MAGIC + MB_HDR_AOUT_KLUDGE));
    put32(hdr + 12, 0x200040);                      /* header_addr */
    put32(hdr + 16, 0x200000);                      /* load_addr */
    put32(hdr + 20, 0);                             /* load_end: the whole file */
    put32(hdr + 24, 0x201000);                      /* bss_end */
    put32(hdr + 28, 0x200080);                      /* entry */
    img[0x80] = 0x90;
    MachineState *ms = new_machine(16 << 20, write_file("mb.bin", img, sizeof(img)), NULL);
    X86Machine xm;
    boot(ms, &xm);
    X86BootState *bs = cpus[0].sys.boot;
    CHECK_EQ("entry", bs->rip, 0x200080);
    uint8_t b = 0;
    phys_read(0x200080, &b, 1);
    CHECK_EQ("loaded", b, 0x90);
    CHECK_EQ("mbi after bss", bs->regs[3], 0x201000);
    CHECK_EQ("no modules", rd32(bs->regs[3] + MBI_MODS_COUNT), 0);
}

/* A bzImage header (protocol 2.15, 64-bit entry) with a small payload and an initrd. */
static uint8_t *make_bzimage(size_t *size)
{
    static uint8_t img[0x1000 + 0x800];
    img[0x1f1] = 7;                                 /* setup_sects: 8 * 512 bytes */
    put32(img + 0x202, 0x53726448);
    img[0x201] = 0x66;                              /* header ends at 0x268 */
    img[0x206] = 0x0f;
    img[0x207] = 0x02;
    img[0x211] = 1;                                 /* LOADED_HIGH */
    put32(img + 0x22c, 0x7fffffff);                 /* initrd_addr_max */
    img[0x236] = 3;                                 /* XLF_KERNEL_64 | CAN_BE_LOADED_ABOVE_4G */
    put32(img + 0x238, 255);                        /* cmdline_size */
    put32(img + 0x260, 0x400000);                   /* init_size */
    img[0x1000] = 0xfa;
    img[0x1200] = 0xcc;                             /* startup_64 */
    *size = sizeof(img);
    return img;
}

static void test_bzimage(void)
{
    size_t size;
    uint8_t *img = make_bzimage(&size);
    static const char rd[] = "initrd contents";
    MachineState *ms = new_machine(64 << 20, write_file("bzImage", img, size), NULL);
    ms->initrd = write_file("initrd", rd, sizeof(rd));
    ms->append = "console=ttyS0 root=/dev/ram";
    X86Machine xm;
    x86_machine_init(&xm, ms, 0xc0000000ull, NULL);
    xm.rsdp = 0xf0000;
    x86_cpus_configure(ms);
    x86_boot_machine(&xm);
    X86BootState *bs = cpus[0].sys.boot;
    CHECK_EQ("mode", bs->mode, X86_BOOT_LONG64);
    CHECK_EQ("entry = load + 0x200", bs->rip, 0x100200);
    CHECK_EQ("rsi", bs->regs[6], X86_BOOT_PARAMS);
    CHECK_EQ("GDT code 64", rd64(bs->gdt_base + 0x10), 0x00af9a000000ffffull);
    CHECK_EQ("PML4[0]", rd64(bs->cr3) & ~0xfffull, bs->cr3 + 0x1000);
    CHECK_EQ("PD maps 0x40200000", rd64(bs->cr3 + 0x3000 + 8) & ~0xfffull, 0x40200000);
    CHECK_EQ("PD 2M page", rd64(bs->cr3 + 0x2000 + 8 * 5) & 0x83, 0x83);
    uint8_t b = 0;
    phys_read(0x100200, &b, 1);
    CHECK_EQ("payload at 1 MiB", b, 0xcc);
    uint64_t bp = X86_BOOT_PARAMS;
    CHECK_EQ("header copied", rd32(bp + 0x202), 0x53726448);
    CHECK_EQ("type_of_loader", rd32(bp + 0x210) & 0xff, 0xff);
    char s[64] = { 0 };
    phys_read(rd32(bp + 0x228), s, sizeof(s) - 1);
    CHECK_EQ("cmd_line_ptr", strcmp(s, "console=ttyS0 root=/dev/ram"), 0);
    uint32_t ri = rd32(bp + 0x218);
    CHECK_EQ("ramdisk_size", rd32(bp + 0x21c), sizeof(rd));
    CHECK_EQ("ramdisk aligned", ri & 0xfff, 0);
    CHECK_EQ("ramdisk at the top", ri + 0x1000 > (64u << 20) - 0x1000, 1);
    phys_read(ri, s, sizeof(rd));
    CHECK_EQ("ramdisk bytes", memcmp(s, rd, sizeof(rd)), 0);
    CHECK_EQ("e820_entries", rd32(bp + 0x1e8) & 0xff, xm.ne820);
    CHECK_EQ("e820[3].addr", rd64(bp + 0x2d0 + 3 * 20), 0x100000);
    CHECK_EQ("e820[3].size", rd64(bp + 0x2d0 + 3 * 20 + 8), (64 << 20) - 0x100000);
    CHECK_EQ("e820[3].type", rd32(bp + 0x2d0 + 3 * 20 + 16), 1);
    CHECK_EQ("acpi_rsdp_addr", rd64(bp + 0x70), 0xf0000);
}

/* An ELF64 vmlinux with the Xen PVH note. */
static void test_pvh(void)
{
    static uint8_t img[0x3000];
    Elf64_Ehdr *eh = (Elf64_Ehdr *)img;
    Elf64_Phdr *ph = (Elf64_Phdr *)(img + sizeof(*eh));
    memcpy(eh->e_ident, ELFMAG, SELFMAG);
    eh->e_ident[EI_CLASS] = ELFCLASS64;
    eh->e_ident[EI_DATA] = ELFDATA2LSB;
    eh->e_type = ET_EXEC;
    eh->e_machine = EM_X86_64;
    eh->e_entry = 0xffffffff81000000ull;
    eh->e_phoff = sizeof(*eh);
    eh->e_phentsize = sizeof(*ph);
    eh->e_phnum = 2;
    ph[0] = (Elf64_Phdr){ .p_type = PT_LOAD, .p_offset = 0x1000, .p_vaddr = eh->e_entry,
                          .p_paddr = 0x1000000, .p_filesz = 0x1000, .p_memsz = 0x1000 };
    ph[1] = (Elf64_Phdr){ .p_type = PT_NOTE, .p_offset = 0x2000, .p_filesz = 40 };
    uint8_t *n = img + 0x2000;                      /* a note to skip, then the entry */
    put32(n, 4); put32(n + 4, 4); put32(n + 8, 6); memcpy(n + 12, "Xen", 4);
    put32(n + 20, 4); put32(n + 24, 4); put32(n + 28, 18); memcpy(n + 32, "Xen", 4);
    put32(n + 36, 0x1000040);
    img[0x1040] = 0xfa;
    MachineState *ms = new_machine(64 << 20, write_file("vmlinux", img, sizeof(img)), NULL);
    ms->append = "console=hvc0";
    X86Machine xm;
    boot(ms, &xm);
    X86BootState *bs = cpus[0].sys.boot;
    CHECK_EQ("mode", bs->mode, X86_BOOT_FLAT32);
    CHECK_EQ("entry from the note", bs->rip, 0x1000040);
    uint64_t si = bs->regs[3];
    CHECK_EQ("magic", rd32(si), 0x336ec578);
    CHECK_EQ("version", rd32(si + 4), 1);
    char s[32] = { 0 };
    phys_read(rd64(si + 24), s, sizeof(s) - 1);
    CHECK_EQ("cmdline", strcmp(s, "console=hvc0"), 0);
    CHECK_EQ("memmap entries", rd32(si + 48), xm.ne820);
    CHECK_EQ("memmap[3].addr", rd64(rd64(si + 40) + 3 * 24), 0x100000);
    uint8_t b = 0;
    phys_read(0x1000040, &b, 1);
    CHECK_EQ("loaded at p_paddr", b, 0xfa);
}

/* The microvm board: COM1 and virtio-mmio; without ACPI the slots are on the command line. */
static uint8_t sum_bytes(uint64_t addr, uint32_t len);

static void test_microvm(void)
{
    size_t size;
    uint8_t *img = make_bzimage(&size);
    MachineState *ms = new_machine(64 << 20, write_file("bzImage", img, size), NULL);
    ms->machine_opts = "acpi=off";
    ms->append = "console=ttyS0";
    ms->device[ms->ndevice++] = "virtio-rng-device";
    ms->def = &machine_x86_microvm;
    ms->smp = 1;
    machine_x86_microvm.init(ms);
    CHECK_EQ("COM1 mapped", io_find(0x3f8) != NULL, 1);
    CHECK_EQ("COM1 LSR THRE", io_read(0x3fd, 1) & 0x60, 0x60);
    char s[128] = { 0 };
    phys_read(X86_BOOT_CMDLINE, s, sizeof(s) - 1);
    CHECK_EQ("virtio slot on the command line (last slot first, GSI 12)",
             strcmp(s, "console=ttyS0 virtio_mmio.device=512@0xfeb00e00:12"), 0);
    CHECK_EQ("virtio magic", rd32(0xfeb00e00), 0x74726976);
    CHECK_EQ("virtio device id", rd32(0xfeb00e08), 4);
    char mp[5] = { 0 };
    phys_read(0x9fc00, mp, 4);
    CHECK_EQ("MP floating pointer", strcmp(mp, "_MP_"), 0);
    CHECK_EQ("MP pointer checksum", sum_bytes(0x9fc00, 16), 0);
    uint64_t cfg = rd32(0x9fc04);
    phys_read(cfg, mp, 4);
    CHECK_EQ("MP config table", strcmp(mp, "PCMP"), 0);
    CHECK_EQ("MP config checksum", sum_bytes(cfg, rd32(cfg + 4) & 0xffff), 0);
}

static uint8_t sum_bytes(uint64_t addr, uint32_t len)
{
    uint8_t s = 0, b;
    for (uint32_t i = 0; i < len; i++) {
        phys_read(addr + i, &b, 1);
        s += b;
    }
    return s;
}

/* Check one table's checksum; with $TRIX_ACPI_DUMP, write it there as SIG.dat (for iasl -d). */
static void check_table(uint64_t at, char *sig)
{
    uint32_t len = rd32(at + 4);
    phys_read(at, sig, 4);
    sig[4] = 0;
    CHECK_EQ(sig, sum_bytes(at, len), 0);
    const char *dir = getenv("TRIX_ACPI_DUMP");
    if (dir) {
        char path[512];
        snprintf(path, sizeof(path), "%s/%s.dat", dir, sig);
        uint8_t *buf = malloc(len);
        phys_read(at, buf, len);
        FILE *f = fopen(path, "wb");
        if (f) {
            fwrite(buf, 1, len, f);
            fclose(f);
        }
        free(buf);
    }
}

/* microvm with ACPI: RSDP in the BIOS area, every table's checksum, the MADT's entries. */
static void test_microvm_acpi(void)
{
    size_t size;
    uint8_t *img = make_bzimage(&size);
    MachineState *ms = new_machine(64 << 20, write_file("bzImage", img, size), NULL);
    ms->def = &machine_x86_microvm;
    machine_x86_microvm.init(ms);
    uint64_t rsdp = rd64(X86_BOOT_PARAMS + 0x70);
    CHECK_EQ("RSDP in the BIOS area", rsdp, 0xe0000);
    char sig[9] = { 0 };
    phys_read(rsdp, sig, 8);
    CHECK_EQ("RSDP signature", strcmp(sig, "RSD PTR "), 0);
    CHECK_EQ("RSDP checksum", sum_bytes(rsdp, 20), 0);
    CHECK_EQ("RSDP extended checksum", sum_bytes(rsdp, 36), 0);
    uint64_t xsdt = rd64(rsdp + 24);
    check_table(xsdt, sig);
    CHECK_EQ("XSDT", strcmp(sig, "XSDT"), 0);
    int n = (int)(rd32(xsdt + 4) - 36) / 8, seen = 0;
    for (int i = 0; i < n; i++) {
        uint64_t t = rd64(xsdt + 36 + 8 * i);
        check_table(t, sig);
        if (!strcmp(sig, "FACP")) {
            seen |= 1;
            CHECK_EQ("FADT HW_REDUCED", (rd32(t + 112) >> 20) & 1, 1);
            CHECK_EQ("sleep control register", rd64(t + 244 + 4), 0xfea00200);
            check_table(rd64(t + 140), sig);
            CHECK_EQ("X_DSDT", strcmp(sig, "DSDT"), 0);
        } else if (!strcmp(sig, "APIC")) {
            seen |= 2;
            CHECK_EQ("MADT: LAPIC entry first", rd32(t + 44) & 0xffff, 0x0800);
            CHECK_EQ("MADT: IOAPIC 0 address (after 2 LAPICs)", rd32(t + 60 + 4), 0xfec00000);
            CHECK_EQ("MADT: IOAPIC 1 GSI base", rd32(t + 72 + 8), 24);
        }
    }
    CHECK_EQ("FADT and MADT listed", seen, 3);
    CHECK_EQ("GED mapped", mem_find(0xfea00000) != NULL, 1);
}

/* pc: PCI config space through 0xcf8/0xcfc (host bridge, a virtio-pci function), ACPI PM,
 * the FADT's PM1 blocks, the HPET table. */
static void test_pc(void)
{
    size_t size;
    uint8_t *img = make_bzimage(&size);
    MachineState *ms = new_machine(64 << 20, write_file("bzImage", img, size), NULL);
    ms->def = &machine_x86_pc;
    ms->smp = 1;
    ms->device[ms->ndevice++] = "virtio-rng-pci";
    machine_x86_pc.init(ms);
    io_write(0xcf8, 0x80000000u, 4);
    uint32_t id = io_read(0xcfc, 4);
    CHECK_EQ("00.0 host bridge class", (io_write(0xcf8, 0x80000008u, 4), io_read(0xcfe, 2)),
             0x0600);
    CHECK_EQ("00.0 vendor", id & 0xffff, 0x1b36);
    io_write(0xcf8, 0x80000800u, 4);                /* 01.0 */
    CHECK_EQ("01.0 virtio vendor", io_read(0xcfc, 2), 0x1af4);
    io_write(0xcf8, 0x80001000u, 4);                /* 02.0: nothing */
    CHECK_EQ("empty slot", io_read(0xcfc, 4), 0xffffffffu);
    io_write(0xcf8, 0, 4);
    CHECK_EQ("disabled address", io_read(0xcfc, 4), 0xffffffffu);
    CHECK_EQ("PM1 control: SCI_EN", io_read(0x604, 2) & 1, 1);
    uint32_t t0 = io_read(0x608, 4);
    CHECK_EQ("PM timer 24 bits", t0 >> 24, 0);
    uint64_t rsdp = rd64(X86_BOOT_PARAMS + 0x70);
    uint64_t xsdt = rd64(rsdp + 24);
    char sig[9] = { 0 };
    int n = (int)(rd32(xsdt + 4) - 36) / 8, seen = 0;
    for (int i = 0; i < n; i++) {
        uint64_t t = rd64(xsdt + 36 + 8 * i);
        check_table(t, sig);
        if (!strcmp(sig, "FACP")) {
            seen |= 1;
            CHECK_EQ("not hardware-reduced", (rd32(t + 112) >> 20) & 1, 0);
            CHECK_EQ("PM1a_CNT", rd32(t + 64), 0x604);
            CHECK_EQ("SCI", rd32(t + 46) & 0xffff, 9);
            check_table(rd64(t + 140), sig);
            CHECK_EQ("DSDT", strcmp(sig, "DSDT"), 0);
            phys_read(rd32(t + 36), sig, 4);
            sig[4] = 0;
            CHECK_EQ("FACS", strcmp(sig, "FACS"), 0);
        }
        seen |= !strcmp(sig, "HPET") ? 2 : 0;
        seen |= !strcmp(sig, "APIC") ? 4 : 0;
    }
    CHECK_EQ("FADT, HPET, MADT", seen, 7);
}

/* A child that must fail with a message containing `want`. */
static void expect_fatal(const char *what, void (*fn)(void), const char *want)
{
    int fds[2];
    if (pipe(fds))
        exit(1);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fds[1], 2);
        fn();
        _exit(0);
    }
    close(fds[1]);
    char buf[1024] = { 0 };
    ssize_t n = 0, r;
    while ((r = read(fds[0], buf + n, sizeof(buf) - 1 - (size_t)n)) > 0)
        n += r;
    close(fds[0]);
    int st = 0;
    waitpid(pid, &st, 0);
    if (!WIFEXITED(st) || WEXITSTATUS(st) == 0 || n <= 0 || !strstr(buf, want)) {
        fprintf(stderr, "%s: expected a fatal error with '%s', got status %d: %s\n", what,
                want, st, buf);
        failures++;
    }
}

static void bad_truncated_bzimage(void)
{
    size_t size;
    uint8_t *img = make_bzimage(&size);
    MachineState *ms = new_machine(64 << 20, write_file("short", img, 0x800), NULL);
    X86Machine xm;
    boot(ms, &xm);
}

static void bad_plain_elf(void)
{
    static uint8_t img[0x100];
    Elf64_Ehdr *eh = (Elf64_Ehdr *)img;
    memcpy(eh->e_ident, ELFMAG, SELFMAG);
    eh->e_ident[EI_CLASS] = ELFCLASS64;
    eh->e_machine = EM_X86_64;
    MachineState *ms = new_machine(64 << 20, write_file("plain.elf", img, sizeof(img)), NULL);
    X86Machine xm;
    boot(ms, &xm);
}

static void bad_bios_size(void)
{
    static uint8_t rom[1000];
    MachineState *ms = new_machine(64 << 20, NULL, write_file("odd.bin", rom, sizeof(rom)));
    X86Machine xm;
    boot(ms, &xm);
}

static void bad_kernel_too_big(void)
{
    size_t size;
    uint8_t *img = make_bzimage(&size);
    put32(img + 0x260, 0x4000000);                  /* init_size 64 MiB */
    MachineState *ms = new_machine(16 << 20, write_file("big", img, size), NULL);
    X86Machine xm;
    boot(ms, &xm);
}

int main(void)
{
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }
    test_bios();
    test_multiboot_elf32();
    test_multiboot_kludge();
    test_bzimage();
    test_pvh();
    test_microvm();
    test_microvm_acpi();
    test_pc();
    expect_fatal("truncated bzImage", bad_truncated_bzimage, "truncated bzImage");
    expect_fatal("ELF without PVH note or multiboot header", bad_plain_elf,
                 "XEN_ELFNOTE_PHYS32_ENTRY");
    expect_fatal("bios of 1000 bytes", bad_bios_size, "multiple of 64 KiB");
    expect_fatal("kernel larger than RAM", bad_kernel_too_big, "use a larger -m");
    char cmd[300];
    snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
    if (system(cmd) != 0)
        fprintf(stderr, "cannot remove %s\n", tmpdir);
    if (failures) {
        fprintf(stderr, "test_x86_boot: %d failures\n", failures);
        return 1;
    }
    printf("test_x86_boot: all passed\n");
    return 0;
}
