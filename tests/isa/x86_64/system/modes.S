/* Bare-metal -bios test: reset vector -> real mode (IVT interrupt, 16-bit addressing) ->
 * 32-bit protected mode (#UD through a 32-bit IDT) -> long mode with 4-level paging (1 GiB
 * and 4 KiB pages), then #UD, #GP with its error code, #PF error codes and CR2, A/D bits,
 * INVLPG, INT n, an IST stack, SYSRET to CPL 3, INT from CPL 3 through the TSS stack, #GP
 * and #PF from CPL 3, SYSCALL back. Prints on COM1; exits through isa-debug-exit with 0
 * (status 1) when everything passed, else the failing check's number. */
#include "sys.h"

#define FAIL16(n) mov $n, %al; jmp fail16
#define FAIL32(n) mov $n, %al; jmp fail32
#define FAIL(n) mov $n, %al; jmp fail

    .text
    .code16
real_entry:
    cli
    ljmp $0xf000, $R(real_norm)         /* CS base 0xf0000: the image's alias below 1 MiB */
real_norm:
    xor %ax, %ax
    mov %ax, %ds
    mov %ax, %es
    mov %ax, %ss
    mov $0x7000, %sp
    mov $R(msg_rm), %si
    call puts16
    movw $R(rm_int30), 0xc0             /* IVT[0x30] = f000:rm_int30 */
    movw $0xf000, 0xc2
    xor %bx, %bx
    int $0x30
    cmp $0x1234, %bx
    je 1f
    FAIL16(2)
1:  mov $0x100, %bx                     /* 16-bit ModRM: [bx + si + disp8] */
    mov $0x20, %si
    movw $0xbeef, 0x10(%bx, %si)
    cmpw $0xbeef, 0x130
    je 1f
    FAIL16(3)
1:  pushw $0x5678                       /* SS:SP is 16 bits */
    popw %cx
    cmp $0x5678, %cx
    je 1f
    FAIL16(4)
1:  mov $R(msg_ok), %si
    call puts16
    lgdtl %cs:R(gdt_ptr)
    mov %cr0, %eax
    or $1, %eax
    mov %eax, %cr0
    ljmpl $0x08, $pm32

rm_int30:
    mov $0x1234, %bx
    iret

puts16:
    lodsb %cs:(%si), %al
    test %al, %al
    jz 1f
    mov $COM1, %dx
    out %al, %dx
    jmp puts16
1:  ret

fail16:
    mov %al, %bl
    mov $R(msg_fail), %si
    call puts16
    mov %bl, %al
    out %al, $EXIT_PORT
    hlt

    .code32
pm32:
    mov $0x10, %ax
    mov %ax, %ds
    mov %ax, %es
    mov %ax, %ss
    mov %ax, %fs
    mov %ax, %gs
    mov $0x80000, %esp
    mov $msg_pm32, %esi
    call puts32
    /* the GDT into RAM (LTR writes the busy bit) */
    mov $gdt, %esi
    mov $GDT_RAM, %edi
    mov $(gdt_end - gdt) / 4, %ecx
    rep movsl
    lgdt gdt_ram_ptr
    /* #UD through a 32-bit interrupt gate */
    mov $pm_ud, %eax
    mov %ax, IDT32 + 6 * 8
    movw $0x08, IDT32 + 6 * 8 + 2
    movw $0x8e00, IDT32 + 6 * 8 + 4
    shr $16, %eax
    mov %ax, IDT32 + 6 * 8 + 6
    lidt idt32_ptr
    movl $0, SEEN
    ud2
    cmpl $6, SEEN
    je 1f
    FAIL32(5)
1:  mov $msg_ok, %esi
    call puts32
    /* page tables: 4 GiB identity in 1 GiB user pages; TESTVA in 4 KiB pages */
    mov $PML4, %edi
    xor %eax, %eax
    mov $0x5000 / 4, %ecx
    rep stosl
    movl $PDPT + 7, PML4
    movl $PDPT2 + 7, PML4 + 8
    movl $0x00000087, PDPT
    movl $0x40000087, PDPT + 8
    movl $0x80000087, PDPT + 16
    movl $0xc0000087, PDPT + 24
    movl $PD2 + 7, PDPT2
    movl $PT2 + 7, PD2
    movl $0x00030005, PT2 + 8           /* TESTVA + 0x1000: read-only user page */
    movl $0x00031007, PT2 + 16          /* + 0x2000: writable */
    movl $0x00033003, PT2 + 24          /* + 0x3000: supervisor, INVLPG test */
    movl $0x00035003, PT2 + 32          /* + 0x4000: supervisor only */
    movl $0x11111111, 0x33000
    movl $0x22222222, 0x34000
    mov %cr4, %eax
    or $0x20, %eax                      /* PAE */
    mov %eax, %cr4
    mov $PML4, %eax
    mov %eax, %cr3
    mov $0xc0000080, %ecx
    rdmsr
    or $0x101, %eax                     /* LME, SCE */
    wrmsr
    mov %cr0, %eax
    or $0x80010000, %eax                /* PG, WP */
    mov %eax, %cr0
    ljmp $0x18, $lm64

fail32:
    mov %al, %bl
    mov $msg_fail, %esi
    call puts32
    mov %bl, %al
    out %al, $EXIT_PORT
    hlt

pm_ud:
    addl $2, (%esp)
    movl $6, SEEN
    iret

puts32:
    lodsb
    test %al, %al
    jz 1f
    mov $COM1, %dx
    out %al, %dx
    jmp puts32
1:  ret

    .code64
lm64:
    mov $0x20, %ax
    mov %ax, %ds
    mov %ax, %es
    mov %ax, %ss
    mov $0x80000, %esp
    lea msg_lm(%rip), %rsi
    call puts
    mov $0xc0000080, %ecx
    rdmsr
    test $0x400, %eax                   /* LMA */
    jnz 1f
    FAIL(6)
1:  call setup_idt
    lidt idt64_ptr(%rip)
    movq $RSP0, TSS64 + 4
    movq $IST1, TSS64 + 0x24
    movw $0x68, TSS64 + 0x66            /* no I/O bitmap */
    mov $0x40, %ax
    ltr %ax

    /* #UD */
    movl $0, SEEN
    movl $2, SKIP
    ud2
    cmpl $6, SEEN
    je 1f
    FAIL(7)
    /* #GP(selector) for a selector beyond the GDT limit */
1:  movl $0, SEEN
    movl $2, SKIP
    mov $0x5b, %ax
    mov %ax, %ds
    cmpl $13, SEEN
    je 1f
    FAIL(8)
1:  cmpl $0x58, ERRCODE
    je 1f
    FAIL(9)
    /* #PF: not present, read */
1:  movl $0, SEEN
    movl $2, SKIP
    movabs $TESTVA, %rbx
    mov (%rbx), %eax
    cmpl $14, SEEN
    je 1f
    FAIL(10)
1:  cmpl $0, ERRCODE
    je 1f
    FAIL(11)
1:  cmp %rbx, CR2SAVE
    je 1f
    FAIL(12)
    /* #PF: write to a read-only page with CR0.WP */
1:  movl $0, SEEN
    movl $6, SKIP
    add $0x1000, %rbx
    movl $1, (%rbx)
    cmpl $3, ERRCODE                    /* P | W */
    je 1f
    FAIL(13)
1:  cmp %rbx, CR2SAVE
    je 1f
    FAIL(14)
    /* accessed and dirty bits */
1:  add $0x1000, %rbx
    movl $5, (%rbx)
    mov PT2 + 16, %eax
    and $0x60, %eax
    cmp $0x60, %eax
    je 1f
    FAIL(15)
1:  cmpl $5, 0x31000
    je 1f
    FAIL(16)
    /* INVLPG: a remapped page is seen after it */
1:  add $0x1000, %rbx
    cmpl $0x11111111, (%rbx)
    je 1f
    FAIL(17)
1:  movl $0x00034003, PT2 + 24
    invlpg (%rbx)
    cmpl $0x22222222, (%rbx)
    je 1f
    FAIL(18)
    /* INT n at CPL 0 */
1:  movl $0, SEEN
    int $0x80
    cmpl $0x80, SEEN
    je 1f
    FAIL(19)
    /* an IST stack */
1:  int $0x81
    mov SAVED_SP, %rax
    cmp $IST1, %rax
    ja 2f
    cmp $IST1 - 0x100, %rax
    jae 1f
2:  FAIL(20)
1:  lea msg_ok(%rip), %rsi
    call puts

    /* SYSRET to CPL 3; SYSCALL back */
    mov $0xc0000081, %ecx               /* STAR: SYSRET base 0x28, SYSCALL CS 0x18 */
    xor %eax, %eax
    mov $0x00280018, %edx
    wrmsr
    mov $0xc0000082, %ecx               /* LSTAR */
    lea k_syscall(%rip), %rax
    mov %rax, %rdx
    shr $32, %rdx
    wrmsr
    mov $0xc0000084, %ecx               /* FMASK: IF */
    mov $0x200, %eax
    xor %edx, %edx
    wrmsr
    mov %rsp, KRSP
    lea user(%rip), %rcx
    mov $0x2, %r11d
    mov $USTACK, %esp
    sysretq

user:                                   /* CPL 3 */
    mov %cs, %ax
    cmp $0x3b, %ax
    je 1f
    FAIL(21)
1:  movl $0, SEEN
    int $0x80                           /* DPL 3 gate: to RSP0 */
    cmpl $0x80, SEEN
    je 1f
    FAIL(22)
1:  cmpq $0x3b, SAVED_CS
    je 1f
    FAIL(23)
1:  cmpq $0x33, SAVED_SS
    je 1f
    FAIL(24)
1:  mov SAVED_SP, %rax
    cmp $RSP0, %rax
    jb 1f
    FAIL(25)
1:  movl $0, SEEN                       /* CLI at CPL 3, IOPL 0: #GP(0) */
    movl $1, SKIP
    cli
    cmpl $13, SEEN
    je 1f
    FAIL(26)
1:  cmpl $0, ERRCODE
    je 1f
    FAIL(27)
1:  movl $0, SEEN                       /* a supervisor page from CPL 3: #PF P|U */
    movl $2, SKIP
    movabs $TESTVA + 0x4000, %rbx
    mov (%rbx), %eax
    cmpl $14, SEEN
    je 1f
    FAIL(28)
1:  cmpl $5, ERRCODE
    je 1f
    FAIL(29)
1:  syscall
user_after_syscall:
    FAIL(30)

k_syscall:                              /* CPL 0 again */
    mov KRSP, %rsp
    lea user_after_syscall(%rip), %rax
    cmp %rax, %rcx
    je 1f
    FAIL(31)
1:  mov %cs, %ax
    cmp $0x18, %ax
    je 1f
    FAIL(32)
1:  lea msg_user(%rip), %rsi
    call puts
    lea msg_all(%rip), %rsi
    call puts
    xor %eax, %eax
    out %al, $EXIT_PORT
    hlt

/* ---- 64-bit handlers ---- */
h_ud:
    movl $6, SEEN
    jmp skip_ret
h_gp:
    popq ERRCODE
    movl $13, SEEN
    jmp skip_ret
h_pf:
    popq ERRCODE
    push %rax
    mov %cr2, %rax
    mov %rax, CR2SAVE
    pop %rax
    movl $14, SEEN
skip_ret:
    push %rax
    mov SKIP, %eax
    add %rax, 8(%rsp)
    pop %rax
    iretq
h_int80:
    movl $0x80, SEEN
    push %rax
    mov 16(%rsp), %rax
    mov %rax, SAVED_CS
    mov 40(%rsp), %rax
    mov %rax, SAVED_SS
    mov %rsp, SAVED_SP
    pop %rax
    iretq
h_ist:
    mov %rsp, SAVED_SP
    iretq
h_other:
    FAIL(40)

/* set_gate: vector in %edi, handler in %rsi, type/attr word in %edx (IST in bits 2:0 of %ecx) */
set_gate:
    shl $4, %edi
    add $IDT64, %edi
    mov %si, (%rdi)
    movw $0x18, 2(%rdi)
    mov %cx, 4(%rdi)
    mov %dh, 5(%rdi)
    mov %rsi, %rax
    shr $16, %rax
    mov %ax, 6(%rdi)
    shr $16, %rax
    mov %eax, 8(%rdi)
    movl $0, 12(%rdi)
    ret

setup_idt:
    xor %ebx, %ebx
1:  mov %ebx, %edi
    lea h_other(%rip), %rsi
    mov $0x8e00, %edx
    xor %ecx, %ecx
    call set_gate
    inc %ebx
    cmp $256, %ebx
    jne 1b
    mov $6, %edi
    lea h_ud(%rip), %rsi
    call set_gate
    mov $13, %edi
    lea h_gp(%rip), %rsi
    call set_gate
    mov $14, %edi
    lea h_pf(%rip), %rsi
    call set_gate
    mov $0x80, %edi
    lea h_int80(%rip), %rsi
    mov $0xee00, %edx                   /* DPL 3 */
    call set_gate
    mov $0x81, %edi
    lea h_ist(%rip), %rsi
    mov $0x8e00, %edx
    mov $1, %ecx                        /* IST1 */
    call set_gate
    ret

PUTS_COM1

fail:
    mov %al, %bl
    lea msg_fail(%rip), %rsi
    call puts
    mov %bl, %al
    out %al, $EXIT_PORT
    hlt

/* ---- data (read-only: the image is ROM) ---- */
    .balign 8
gdt:
    .quad 0
    .quad 0x00cf9b000000ffff            /* 0x08: code32 */
    .quad 0x00cf93000000ffff            /* 0x10: data */
    .quad 0x00af9b000000ffff            /* 0x18: code64 */
    .quad 0x00cf93000000ffff            /* 0x20: data (SYSCALL SS) */
    .quad 0x00cffb000000ffff            /* 0x28: user code32 */
    .quad 0x00cff3000000ffff            /* 0x30: user data (SYSRET SS) */
    .quad 0x00affb000000ffff            /* 0x38: user code64 (SYSRET CS) */
    .quad 0x0000890230000067            /* 0x40: TSS64 at 0x23000, limit 0x67 */
    .quad 0
gdt_end:
gdt_ptr:
    .word gdt_end - gdt - 1
    .long gdt
gdt_ram_ptr:
    .word gdt_end - gdt - 1
    .long GDT_RAM
idt32_ptr:
    .word 7 * 8 - 1
    .long IDT32
idt64_ptr:
    .word 256 * 16 - 1
    .quad IDT64
msg_rm:   .asciz "real mode: "
msg_ok:   .asciz "ok\n"
msg_pm32: .asciz "protected mode: "
msg_lm:   .asciz "long mode: "
msg_user: .asciz "cpl 3: ok\n"
msg_all:  .asciz "ALL OK\n"
msg_fail: .asciz "FAIL\n"

    .org 0xfff0
    .code16
reset_vector:
    jmp real_entry
    .org 0xffff
    .byte 0
