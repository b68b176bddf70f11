/* Bare-metal -bios test: wild accesses are architected, never fatal. A read of physical
 * memory nobody maps (the master abort) and a write there complete without an exception;
 * IN from an unmapped port reads all ones; OUT to one is dropped. */
#include "sys.h"

#define FAIL(n) mov $n, %al; jmp fail

    .text
    .code16
PM32_ENTRY

    .code32
pm32:
    mov $0x10, %ax
    mov %ax, %ds
    mov %ax, %es
    mov %ax, %ss
    mov $0x80000, %esp
    mov $h_any, %eax                    /* every vector: fail */
    xor %ecx, %ecx
1:  mov %ax, IDT32(,%ecx,8)
    movw $0x08, IDT32 + 2(,%ecx,8)
    movw $0x8e00, IDT32 + 4(,%ecx,8)
    movl %eax, %edx
    shr $16, %edx
    mov %dx, IDT32 + 6(,%ecx,8)
    inc %ecx
    cmp $256, %ecx
    jne 1b
    lidt idt_ptr
    mov $0xc0000000, %ebx               /* no RAM, no device there */
    mov (%ebx), %eax
    movl $0x12345678, (%ebx)
    movb (%ebx), %al
    mov $msg_mem, %esi
    call puts
    mov $0x1234, %dx                    /* an unmapped port reads all ones */
    in %dx, %eax
    cmp $0xffffffff, %eax
    je 1f
    FAIL(2)
1:  in $0xe9, %al
    cmp $0xff, %al
    je 1f
    FAIL(3)
1:  out %al, $0x80                      /* POST code port: writes go nowhere */
    mov $msg_io, %esi
    call puts
    mov $msg_all, %esi
    call puts
    xor %eax, %eax
    out %al, $EXIT_PORT
    hlt

h_any:
    FAIL(9)

PUTS_COM1

FAIL_EXIT32

    .balign 8
gdt:
    .quad 0
    .quad 0x00cf9b000000ffff
    .quad 0x00cf93000000ffff
gdt_end:
gdt_ptr:
    .word gdt_end - gdt - 1
    .long gdt
idt_ptr:
    .word 256 * 8 - 1
    .long IDT32
msg_mem:  .asciz "unmapped memory: ok\n"
msg_io:   .asciz "unmapped ports: ok\n"
msg_all:  .asciz "ALL OK\n"
msg_fail: .asciz "FAIL\n"

    .org 0xfff0
    .code16
    jmp real_entry
    .org 0xffff
    .byte 0
