/* Multiboot 1 entry for the bare-metal device tests: flat 32-bit segments, an IDT of 256 stubs. */
        .text                           /* first in .text: inside the first 8 KiB */
        .align 4
        .long 0x1badb002                /* magic */
        .long 0x00000000                /* flags: an ELF kernel needs none */
        .long -0x1badb002               /* checksum */

        .code32
        .globl _start
_start:
        cli
        mov $stack_top, %esp
        lgdt gdt_desc
        ljmp $0x08, $1f
1:      mov $0x10, %ax
        mov %ax, %ds
        mov %ax, %es
        mov %ax, %ss
        mov %ax, %fs
        mov %ax, %gs
        call dev_main
2:      cli
        hlt
        jmp 2b

/* Stub n pushes n and joins the common path, which calls irq_entry(n) and returns with IRET.
 * (Exceptions with an error code are reported and end the test, so the extra word is moot.) */
        .globl irq_stubs
        .align 16
irq_stubs:
        .set n, 0
        .rept 256
        .align 16
        push $n
        jmp irq_common
        .set n, n + 1
        .endr

irq_common:
        pusha
        mov 32(%esp), %eax
        push %eax
        call irq_entry
        add $4, %esp
        popa
        add $4, %esp
        iret

        .data
        .align 8
gdt:    .quad 0
        .quad 0x00cf9a000000ffff        /* 0x08: code, flat 4 GiB */
        .quad 0x00cf92000000ffff        /* 0x10: data */
gdt_desc:
        .word gdt_desc - gdt - 1
        .long gdt
        .bss
        .align 16
        .space 16384
stack_top:
        .section .note.GNU-stack, "", @progbits
