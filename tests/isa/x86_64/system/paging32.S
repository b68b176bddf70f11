/* Bare-metal -bios test: 32-bit protected mode paging. Two-level paging with 4 MiB (PSE) and
 * 4 KiB pages: #PF error codes and CR2 (not present, write to read-only with and without
 * CR0.WP, user access to a supervisor page), A/D bits; then PAE with NX (#PF I/D on a fetch
 * from a no-execute page, XD without EFER.NXE as a reserved bit); then ring 3 through IRET
 * with the 32-bit TSS stack switch for INT from CPL 3 and #GP(0) for CLI there. */
#include "sys.h"

#define FAIL16(n) mov $n, %al; jmp fail16
#define FAIL(n) mov $n, %al; jmp fail
#define FAILU(n) mov $n, %al; int $0x82         /* from CPL 3 */

#define PD32   0x10000
#define PT32   0x11000
#define PDPTE  0x12000
#define PAEPD  0x13000
#define PAEPT  0x15000
#define TSS32  0x23000
#define VA     0x00800000               /* 4 KiB pages of PT32 / PAEPT */

    .text
    .code16
PM32_ENTRY

fail16:
    out %al, $EXIT_PORT
    hlt

    .code32
pm32:
    mov $0x10, %ax
    mov %ax, %ds
    mov %ax, %es
    mov %ax, %ss
    mov $0x80000, %esp
    mov $msg_start, %esi
    call puts
    mov $gdt, %esi                      /* the GDT into RAM (LTR writes the busy bit) */
    mov $GDT_RAM, %edi
    mov $(gdt_end - gdt) / 4, %ecx
    rep movsl
    lgdt gdt_ram_ptr
    call setup_idt
    lidt idt_ptr
    movl $RSP0, TSS32 + 4               /* ESP0 */
    movl $0x10, TSS32 + 8               /* SS0 */
    movw $0x68, TSS32 + 0x66
    mov $0x30, %ax
    ltr %ax

    /* ---- two-level paging ---- */
    mov $PD32, %edi
    xor %eax, %eax
    mov $0x6000 / 4, %ecx
    rep stosl
    movl $0x00000087, PD32              /* 0-4 MiB: 4 MiB user page */
    movl $0x00000083 | 0x400000, PD32 + 4   /* 4-8 MiB: supervisor 4 MiB page */
    movl $PT32 + 7, PD32 + 8            /* 8-12 MiB: 4 KiB pages */
    movl $0xffc00087, PD32 + 0xffc      /* the ROM at the top: user (CPL 3 runs there) */
    movl $0x00030005, PT32 + 4          /* VA + 0x1000: user read-only */
    movl $0x00031003, PT32 + 8          /* VA + 0x2000: supervisor writable */
    mov %cr4, %eax
    or $0x10, %eax                      /* PSE */
    mov %eax, %cr4
    mov $PD32, %eax
    mov %eax, %cr3
    mov %cr0, %eax
    or $0x80000000, %eax                /* PG, WP still clear */
    mov %eax, %cr0
    mov $msg_pg, %esi
    call puts

    movl $0, SEEN                       /* not present */
    movl $2, SKIP
    mov $VA, %ebx
    mov (%ebx), %eax
    cmpl $14, SEEN
    je 1f
    FAIL(2)
1:  cmpl $0, ERRCODE
    je 1f
    FAIL(3)
1:  cmp %ebx, CR2SAVE
    je 1f
    FAIL(4)
1:  add $0x1000, %ebx                   /* WP = 0: the supervisor may write read-only */
    movl $7, (%ebx)
    cmpl $7, 0x30000
    je 1f
    FAIL(5)
1:  testl $0x40, PT32 + 4               /* D set */
    jnz 1f
    FAIL(6)
1:  mov %cr0, %eax                      /* WP = 1: #PF P|W */
    or $0x10000, %eax
    mov %eax, %cr0
    movl $0, SEEN
    movl $6, SKIP
    movl $8, (%ebx)
    cmpl $3, ERRCODE
    je 1f
    FAIL(7)
1:  cmpl $7, 0x30000
    je 1f
    FAIL(8)
1:  mov $0x400010, %eax                 /* the 4 MiB supervisor page: A and D */
    movl $9, (%eax)
    mov PD32 + 4, %eax
    and $0x60, %eax
    cmp $0x60, %eax
    je 1f
    FAIL(9)
1:  mov $msg_ok, %esi
    call puts

    /* ---- PAE with NX ---- */
    mov %cr0, %eax
    and $0x7fffffff, %eax
    mov %eax, %cr0
    movl $PAEPD + 1, PDPTE              /* 0-1 GiB */
    movl $0, PDPTE + 4
    movl $PAEPD + 0x1000 + 1, PDPTE + 24    /* 3-4 GiB (the ROM) */
    movl $0, PDPTE + 28
    movl $0x00000087, PAEPD             /* 0-2 MiB: 2 MiB user page */
    movl $0x00200087, PAEPD + 8         /* 2-4 MiB */
    movl $PAEPT + 7, PAEPD + 32         /* 8-10 MiB: 4 KiB pages */
    movl $0xffe00087, PAEPD + 0x1000 + 0xff8   /* the top 2 MiB */
    movl $0x00032003, PAEPT             /* VA: present, no-execute */
    movl $0x80000000, PAEPT + 4
    movb $0xc3, 0x32000                 /* a RET there */
    mov %cr4, %eax
    or $0x20, %eax                      /* PAE */
    mov %eax, %cr4
    mov $PDPTE, %eax
    mov %eax, %cr3
    mov $0xc0000080, %ecx               /* EFER.NXE */
    rdmsr
    or $0x800, %eax
    wrmsr
    mov %cr0, %eax
    or $0x80000000, %eax
    mov %eax, %cr0
    movl $0, SEEN
    movl $0, SKIP
    movl $pae_ret, SAVED_SP             /* the #PF handler resumes at pae_ret */
    mov $VA, %eax
    call *%eax                          /* fetch from an NX page: #PF P|I */
pae_ret:
    cmpl $14, SEEN
    je 1f
    FAIL(10)
1:  cmpl $0x11, ERRCODE
    je 1f
    FAIL(11)
1:  cmpl $VA, CR2SAVE
    je 1f
    FAIL(12)
1:  mov $0xc0000080, %ecx               /* NXE off: XD is reserved */
    rdmsr
    and $~0x800, %eax
    wrmsr
    movl $0, SEEN
    movl $6, SKIP
    movl $0, SAVED_SP
    mov $VA, %ebx
    movl $1, (%ebx)
    mov ERRCODE, %eax                   /* W | RSVD (and P, the SDM says; QEMU 7.2 */
    and $0xe, %eax                      /* leaves P clear) */
    cmp $0xa, %eax
    je 1f
    FAIL(13)
1:  mov $msg_ok, %esi
    call puts

    /* ---- ring 3 ---- */
    movl $0, SAVED_SP
    pushl $0x23                         /* SS: user data */
    pushl $USTACK
    pushl $0x2                          /* EFLAGS: IOPL 0 */
    pushl $0x1b                         /* CS: user code */
    pushl $user
    iret

user:
    mov %cs, %ax
    cmp $0x1b, %ax
    je 1f
    FAILU(14)
1:  movl $0, SEEN
    int $0x80
    cmpl $0x80, SEEN
    je 1f
    FAILU(15)
1:  cmpl $0x1b, SAVED_CS
    je 1f
    FAILU(16)
1:  cmpl $0x23, SAVED_SS
    je 1f
    FAILU(17)
1:  movl $0, SEEN
    movl $1, SKIP
    cli                                 /* #GP(0) */
    cmpl $13, SEEN
    je 1f
    FAILU(18)
1:  cmpl $0, ERRCODE
    je 1f
    FAILU(19)
1:  movl $0, SEEN                       /* a supervisor page from CPL 3 */
    movl $2, SKIP
    mov $0x40000000, %ebx               /* not mapped: #PF U */
    mov (%ebx), %eax
    cmpl $4, ERRCODE
    je 1f
    FAILU(20)
1:  int $0x81                           /* back to CPL 0 to finish */
    FAILU(21)

/* ---- handlers (32-bit interrupt gates) ---- */
h_gp:
    popl ERRCODE
    movl $13, SEEN
    jmp skip_ret
h_pf:
    popl ERRCODE
    push %eax
    mov %cr2, %eax
    mov %eax, CR2SAVE
    pop %eax
    movl $14, SEEN
    cmpl $0, SAVED_SP                   /* resume elsewhere (after a call to an NX page) */
    je skip_ret
    push %eax
    mov SAVED_SP, %eax
    mov %eax, 4(%esp)
    pop %eax
    iret
skip_ret:
    push %eax
    mov SKIP, %eax
    add %eax, 4(%esp)
    pop %eax
    iret
h_int80:
    movl $0x80, SEEN
    push %eax
    mov 8(%esp), %eax
    mov %eax, SAVED_CS
    mov 20(%esp), %eax
    mov %eax, SAVED_SS
    pop %eax
    iret
h_other:
    FAIL(40)
h_fail:
    jmp fail
h_done:
    mov $msg_user, %esi
    call puts
    mov $msg_all, %esi
    call puts
    xor %eax, %eax
    out %al, $EXIT_PORT
    hlt

/* set_gate: vector %edi, handler %esi, attributes %edx */
set_gate:
    lea IDT32(,%edi,8), %edi
    mov %si, (%edi)
    movw $0x08, 2(%edi)
    mov %dx, 4(%edi)
    shr $16, %esi
    mov %si, 6(%edi)
    ret

setup_idt:
    xor %ebx, %ebx
1:  mov %ebx, %edi
    mov $h_other, %esi
    mov $0x8e00, %edx
    call set_gate
    inc %ebx
    cmp $256, %ebx
    jne 1b
    mov $13, %edi
    mov $h_gp, %esi
    mov $0x8e00, %edx
    call set_gate
    mov $14, %edi
    mov $h_pf, %esi
    call set_gate
    mov $0x80, %edi
    mov $h_int80, %esi
    mov $0xee00, %edx                   /* DPL 3 */
    call set_gate
    mov $0x81, %edi
    mov $h_done, %esi
    call set_gate
    mov $0x82, %edi
    mov $h_fail, %esi
    call set_gate
    ret

PUTS_COM1

FAIL_EXIT32

    .balign 8
gdt:
    .quad 0
    .quad 0x00cf9b000000ffff            /* 0x08: code32 */
    .quad 0x00cf93000000ffff            /* 0x10: data */
    .quad 0x00cffb000000ffff            /* 0x18: user code32 */
    .quad 0x00cff3000000ffff            /* 0x20: user data */
    .quad 0
    .quad 0x0000890230000067            /* 0x30: TSS32 at 0x23000 */
gdt_end:
gdt_ptr:
    .word gdt_end - gdt - 1
    .long gdt
gdt_ram_ptr:
    .word gdt_end - gdt - 1
    .long GDT_RAM
idt_ptr:
    .word 256 * 8 - 1
    .long IDT32
msg_start: .asciz "protected mode\n"
msg_pg:    .asciz "paging: "
msg_ok:    .asciz "ok\n"
msg_user:  .asciz "cpl 3: ok\n"
msg_all:   .asciz "ALL OK\n"
msg_fail:  .asciz "FAIL\n"

    .org 0xfff0
    .code16
reset_vector:
    jmp real_entry
    .org 0xffff
    .byte 0
