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

/* Code the -bios tests share, as assembler macros (each expands where it is used). */
/* real_entry: from the reset vector's real mode to 32-bit protected mode at pm32, with the
 * image's gdt_ptr (code 0x08, data 0x10). */
.macro PM32_ENTRY
real_entry:
    cli
    lgdtl %cs:R(gdt_ptr)
    mov %cr0, %eax
    or $1, %eax
    mov %eax, %cr0
    ljmpl $0x08, $pm32
.endm
/* puts: the NUL-terminated string at (e/r)si to COM1 (in 32- or 64-bit code). */
.macro PUTS_COM1
puts:
    lodsb
    test %al, %al
    jz 1f
    mov $COM1, %dx
    out %al, %dx
    jmp puts
1:  ret
.endm
/* fail (32-bit code): print msg_fail, exit through isa-debug-exit with status al. */
.macro FAIL_EXIT32
fail:
    mov %al, %bl
    mov $msg_fail, %esi
    call puts
    mov %bl, %al
    out %al, $EXIT_PORT
    hlt
.endm
