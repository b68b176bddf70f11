/* Multiboot 1 bare-metal check (tests/x86sys): entry state, the information structure, COM1, isa-debug-exit. */
#define COM1 0x3f8
#define EXIT_PORT 0xf4
#define PASS 0x2a                       /* exit status (0x2a << 1) | 1 = 85 */
#define FAIL 0x01                       /* exit status 3 */

    .section .multiboot, "a"
    .align 4
    .long 0x1badb002
    .long 0x00000003                    /* page-align modules, memory info */
    .long -(0x1badb002 + 3)

    .text
    .code32
    .globl _start
_start:
    mov $stack_top, %esp
    mov %eax, %esi                      /* magic */
    mov %ebx, %edi                      /* info */
    mov $msg_hello, %eax
    call puts
    cmp $0x2badb002, %esi
    jne fail
    mov $msg_magic, %eax
    call puts
    mov (%edi), %eax                    /* flags: memory, cmdline, mmap */
    and $0x45, %eax
    cmp $0x45, %eax
    jne fail
    mov 8(%edi), %eax                   /* mem_upper (KiB) must be > 1 MiB */
    cmp $1024, %eax
    jb fail
    mov $msg_cmdline, %eax
    call puts
    mov 16(%edi), %eax
    call puts
    mov $msg_nl, %eax
    call puts
    /* the mmap must have a usable entry at 1 MiB */
    mov 48(%edi), %ebx                  /* mmap_addr */
    mov 44(%edi), %ecx                  /* mmap_length */
    add %ebx, %ecx
1:  cmp %ecx, %ebx
    jae fail
    cmpl $0x100000, 4(%ebx)
    jne 2f
    cmpl $1, 20(%ebx)
    je 3f
2:  add (%ebx), %ebx
    add $4, %ebx
    jmp 1b
3:  mov $msg_mmap, %eax
    call puts
    /* protected mode with flat segments: a data load through %ds of the code */
    mov %cs, %ax
    test $3, %ax
    jnz fail
    mov $msg_pass, %eax
    call puts
    mov $PASS, %al
    out %al, $EXIT_PORT
    hlt
fail:
    mov $msg_fail, %eax
    call puts
    mov $FAIL, %al
    out %al, $EXIT_PORT
    hlt

/* puts(eax = NUL-terminated string) on COM1, polling LSR.THRE */
puts:
    push %esi
    mov %eax, %esi
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
3:  pop %esi
    ret

    .section .rodata
msg_hello:   .asciz "x86sys multiboot: hello\n"
msg_magic:   .asciz "eax = 0x2BADB002\n"
msg_cmdline: .asciz "cmdline: "
msg_nl:      .asciz "\n"
msg_mmap:    .asciz "mmap: usable RAM at 1 MiB\n"
msg_pass:    .asciz "x86sys multiboot: PASS\n"
msg_fail:    .asciz "x86sys multiboot: FAIL\n"

    .bss
    .align 16
    .space 4096
stack_top:
