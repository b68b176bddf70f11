/* -bios bare-metal check (tests/x86sys): real mode from the reset vector, COM1, isa-debug-exit. */
#define COM1 0x3f8
#define EXIT_PORT 0xf4

    .code16
    .text
    .globl _start
/* The image is 64 KiB mapped at 0xffff0000 (and its copy at 0xf0000): offsets are IP values
 * for CS = 0xf000. */
_start:
    cli
    mov $0xf000, %ax
    mov %ax, %ds
    mov $msg, %si
1:  lodsb
    test %al, %al
    jz 3f
    mov %al, %ah
    mov $COM1 + 5, %dx
2:  in %dx, %al
    test $0x20, %al
    jz 2b
    mov $COM1, %dx
    mov %ah, %al
    out %al, %dx
    jmp 1b
3:  mov $0x2a, %al                      /* exit status 85 */
    out %al, $EXIT_PORT
    hlt
    jmp 3b
msg: .asciz "x86sys bios: hello from the reset vector\n"

    .org 0xfff0
reset:
    ljmp $0xf000, $_start
    .org 0x10000
