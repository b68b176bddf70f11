/* Bare-metal -bios test: a #GP whose delivery faults (its gate lies beyond the IDT limit)
 * becomes #DF with error code 0; then with an empty IDT the #DF cannot be delivered either:
 * a triple fault, which resets the machine; -no-reboot makes that an exit with status 0.
 * EXPECT_STATUS: 0 */
#include "sys.h"

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
    mov $h_df, %eax                     /* only vector 8 in a 9-entry IDT */
    mov %ax, IDT32 + 8 * 8
    movw $0x08, IDT32 + 8 * 8 + 2
    movw $0x8e00, IDT32 + 8 * 8 + 4
    shr $16, %eax
    mov %ax, IDT32 + 8 * 8 + 6
    lidt idt_ptr
    mov $0x5b, %ax                      /* #GP(0x58), whose gate is beyond the limit */
    mov %ax, %ds
    mov $msg_fail, %esi                 /* not reached */
    call puts
    mov $2, %al
    out %al, $EXIT_PORT
    hlt

h_df:
    mov $0x10, %ax
    mov %ax, %ds
    cmpl $0, (%esp)                     /* #DF's error code is 0 */
    je 1f
    mov $msg_fail, %esi
    call puts
    mov $3, %al
    out %al, $EXIT_PORT
1:  mov $msg_df, %esi
    call puts
    mov $msg_all, %esi
    call puts
    lidt idt0_ptr                       /* nothing left: INT3 -> #GP -> #DF -> shutdown */
    int3
    mov $4, %al
    out %al, $EXIT_PORT
    hlt

PUTS_COM1

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
    .word 9 * 8 - 1
    .long IDT32
idt0_ptr:
    .word 0
    .long IDT32
msg_df:   .asciz "double fault: ok\n"
msg_all:  .asciz "ALL OK\n"
msg_fail: .asciz "FAIL\n"

    .org 0xfff0
    .code16
    jmp real_entry
    .org 0xffff
    .byte 0
