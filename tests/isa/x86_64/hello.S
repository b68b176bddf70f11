.globl _start
_start:
    mov $1, %edi
    lea msg(%rip), %rsi
    mov $len, %edx
    mov $1, %eax
    syscall
    xor %ebx, %ebx
    mov $10, %ecx
1:  add %ecx, %ebx
    dec %ecx
    jnz 1b
    cmp $55, %ebx
    jne bad
    call f
    cmp $42, %rax
    jne bad
    mov $0, %edi
    mov $60, %eax
    syscall
bad:
    mov $1, %edi
    mov $60, %eax
    syscall
f:  push %rbp
    mov %rsp, %rbp
    mov $6, %eax
    imul $7, %rax, %rax
    pop %rbp
    ret
.data
msg: .ascii "hello from x86-64\n"
len = . - msg
