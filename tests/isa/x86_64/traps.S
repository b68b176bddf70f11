/* Each mode (argv[1][0]) faults in its own way; the exit status (128 + signal) must match the
 * host CPU's: u = ud2 (SIGILL), d = divide by zero (SIGFPE), s = wild load (SIGSEGV),
 * i = int3 (SIGTRAP), l = lock on a register (SIGILL), h = hlt at CPL 3 (SIGSEGV),
 * o = 8-bit DIV whose quotient does not fit AL (SIGFPE). */
.globl _start
_start:
    mov 16(%rsp), %rax          /* argv[1] */
    movzbl (%rax), %eax
    cmp $'u', %al
    je 1f
    cmp $'d', %al
    je 2f
    cmp $'s', %al
    je 3f
    cmp $'i', %al
    je 4f
    cmp $'l', %al
    je 5f
    cmp $'o', %al
    je 6f
    hlt
1:  ud2
2:  xor %ecx, %ecx
    div %ecx
3:  mov 0x10, %rax
4:  int3
5:  .byte 0xf0, 0x01, 0xc0      /* lock add %eax, %eax */
6:  mov $0x1000, %ax
    mov $2, %cl
    div %cl
