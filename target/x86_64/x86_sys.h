/* The x86-64 CPU's system-mode interface to boards, loaders and the APIC family (issue 14). */
#ifndef TRIX_X86_64_X86_SYS_H
#define TRIX_X86_64_X86_SYS_H
/*
 * The contract between target/x86_64/ (modes, segmentation, exceptions, paging, MSRs) and
 * hw/ (the local APIC, IOAPIC, PIC, PIT, ... and the microvm / pc boards). target/x86_64/
 * implements every function declared here; hw/ only calls them. Nothing in target/x86_64/
 * names a device: the local APIC plugs in through X86IntcOps.
 *
 * Order for a board's init: x86_cpu_configure per vCPU, then the wiring
 * (x86_cpu_attach_intc, the devices' IRQ lines into the APIC/PIC), then x86_cpu_set_boot.
 * The CPU keeps its boot state: a machine reset (cpu_init) puts every vCPU back into it.
 * Port I/O (IN/OUT/INS/OUTS) goes to include/trix/ioport.h's io_read/io_write, made with
 * hw_lock held. What is implemented: docs/x86_64-system.md.
 */
#include "trix/hw.h"
#include "trix/ioport.h"
#include "target/x86_64/cpu.h"

/*
 * Interrupt inputs. INTR is a level: the interrupt controller (the local APIC) raises it while
 * it has a fixed interrupt the CPU may take; when EFLAGS.IF = 1 and no interrupt shadow, the
 * CPU calls intc->ack for the vector (-1: spurious, nothing is delivered) and delivers it.
 * NMI, INIT, SIPI and SMI are edges (SMI may be ignored). INIT puts an AP into wait-for-SIPI
 * (the BSP: a reset of the CPU state as the SDM's INIT says); SIPI starts a waiting vCPU in
 * real mode at CS = vector << 8, IP = 0.
 */
enum { X86_PEND_INTR = 1, X86_PEND_NMI = 2, X86_PEND_INIT = 4, X86_PEND_SIPI = 8,
       X86_PEND_SMI = 16 };
void x86_cpu_set_intr(X86CPU *env, bool level);
void x86_cpu_nmi(X86CPU *env);
void x86_cpu_init_ipi(X86CPU *env);
void x86_cpu_sipi(X86CPU *env, uint8_t vector);

/* The local APIC as the CPU sees it. Every hook is called with hw_lock held. */
typedef struct X86IntcOps {
    int (*ack)(void *opaque);                   /* INTA: the vector to deliver, or -1 */
    /* MSRs the APIC owns: IA32_APIC_BASE (0x1b), IA32_TSC_DEADLINE (0x6e0), x2APIC
     * 0x800..0x8ff. false: not the APIC's (or refused) -> the CPU raises #GP. */
    bool (*rdmsr)(void *opaque, uint32_t msr, uint64_t *val);
    bool (*wrmsr)(void *opaque, uint32_t msr, uint64_t val);
    uint8_t (*get_tpr)(void *opaque);           /* CR8 = TPR[7:4] */
    void (*set_tpr)(void *opaque, uint8_t cr8);
} X86IntcOps;
void x86_cpu_attach_intc(X86CPU *env, const X86IntcOps *ops, void *opaque);

/* The TSC the guest reads (RDTSC, IA32_TSC), and its frequency: the APIC's TSC-deadline
 * timer converts with it. */
#define X86_TSC_FREQ_HZ 1000000000ull           /* 1 GHz: one tick per virtual ns */
uint64_t x86_cpu_tsc(X86CPU *env);

/* Per-vCPU configuration the board chose. */
typedef struct X86CpuConfig {
    int apic_id;                                /* CPUID.1:EBX[31:24], leaf 0xB x2APIC id */
    int ncpus;                                  /* CPUID topology */
    bool bsp;                                   /* IA32_APIC_BASE.BSP; APs wait for SIPI */
} X86CpuConfig;
void x86_cpu_configure(X86CPU *env, const X86CpuConfig *cfg);

/*
 * Boot state, from the loader (hw/i386/). X86_BOOT_RESET: the architected reset state
 * (real mode, CS.base 0xffff0000, IP 0xfff0). X86_BOOT_FLAT32: 32-bit protected mode, paging
 * off, flat 4 GiB code (selector cs_sel) and data (ds_sel) segments cached as if loaded
 * from the GDT at gdt_base (PVH, Multiboot). X86_BOOT_LONG64: 64-bit mode with CR3 = cr3
 * (the loader's identity map), PAE, EFER.LME|LMA, flat segments as above (Linux's 64-bit boot
 * protocol: cs_sel 0x10, ds_sel 0x18). regs[] are the general registers at entry (eax/ebx
 * for Multiboot, rsi = boot_params, ebx = start_info for PVH); the rest start at zero.
 */
typedef enum { X86_BOOT_RESET, X86_BOOT_FLAT32, X86_BOOT_LONG64 } X86BootMode;
typedef struct X86BootState {
    X86BootMode mode;
    uint64_t rip;
    uint64_t regs[16];
    uint64_t cr3;
    uint64_t gdt_base;
    uint32_t gdt_limit;
    uint16_t cs_sel, ds_sel;
    bool wait_sipi;                             /* an AP: waits for INIT/SIPI instead */
} X86BootState;
void x86_cpu_set_boot(X86CPU *env, const X86BootState *bs);

/* A triple fault or a shutdown the CPU cannot continue from: the CPU calls
 * machine_request_reset() (-no-reboot makes that an exit), logged under -d int. */

#endif
