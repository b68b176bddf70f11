# gdb script for tests/gdb/watch.S: gdb's own software watchpoint (it single-steps the guest
# and compares the value after each step).
set architecture riscv:rv64
set can-use-hw-watchpoints 0
watch *(int *)&swvar
break *done
while $pc != done
  continue
end
info breakpoints
detach
