/* Bare-metal x86 test runtime for -bios images (modes.S etc.): addresses, ports, macros. */
#define BASE 0xffff0000
#define R(x) ((x) - BASE)               /* an offset in the image (real-mode addresses) */
#define COM1 0x3f8
#define EXIT_PORT 0xf4                  /* -device isa-debug-exit,iobase=0xf4,iosize=4 */

/* RAM layout (identity mapped) */
#define SEEN     0x500                  /* the last exception's vector */
#define ERRCODE  0x508                  /* its error code */
#define CR2SAVE  0x510
#define SKIP     0x518                  /* bytes the handler skips (the faulting insn) */
#define KRSP     0x520
#define SAVED_CS 0x528
#define SAVED_SS 0x530
#define SAVED_SP 0x538
#define GDT_RAM  0x1000
#define PML4     0x10000
#define PDPT     0x11000
#define PDPT2    0x12000
#define PD2      0x13000
#define PT2      0x14000
#define IDT32    0x21000
#define IDT64    0x22000
#define TSS64    0x23000
#define RSP0     0x70000
#define IST1     0x60000
#define USTACK   0x40000
#define TESTVA   0x8000000000           /* PML4 slot 1: 4 KiB pages in PT2 */
