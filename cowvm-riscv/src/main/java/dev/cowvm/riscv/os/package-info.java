/**
 * The operating system's data structures that need no CPU: the file system, pipes, the
 * console, open files and descriptor tables. A scheduler and the system-call tables sit
 * on top.
 *
 * <h2>How a system call uses them</h2>
 * <pre>{@code
 * Descriptors files = process's table;                     // Descriptors.create(table, Dialect.XV6), then fork()
 * SysResult<Integer> fd = files.open(path, OpenMode.xv6(flags));
 * a0 = fd.isOk() ? fd.orElseThrow() : -1;                  // Linux: -fd.errno().number()
 *
 * IoBuffer buf = IoBuffer.of(process, va, n);              // kept across a wait
 * IoResult r = files.file(fd).orElseThrow().read(buf);
 * switch (r) {
 *     case IoResult.Blocked b -> sleep(process, b.channel(), b.generation());  // run again when woken, same buf
 *     default -> a0 = r.xv6Value();                                           // or r.linuxValue()
 * }
 * }</pre>
 *
 * <h2>Rules the package keeps</h2>
 * <ul>
 *   <li>No host thread ever blocks: waiting is {@link dev.cowvm.riscv.os.IoResult.Blocked}
 *       on a {@link dev.cowvm.riscv.os.WaitChannel}, and the change that ends the wait
 *       wakes the channel.</li>
 *   <li>Nothing a guest passes makes these classes throw: failures are
 *       {@link dev.cowvm.riscv.os.Errno} values; exceptions mean the host program misused
 *       the API (a closed file, a released inode).</li>
 *   <li>User memory is reached only through {@link dev.cowvm.riscv.os.IoBuffer}, as a
 *       system call reaches it: copy-on-write is broken for writes, a bad address is
 *       EFAULT.</li>
 *   <li>xv6's behaviour and limits ({@link dev.cowvm.riscv.os.Limits#xv6()}) unless a
 *       {@link dev.cowvm.riscv.os.Dialect} says Linux.</li>
 * </ul>
 */
package dev.cowvm.riscv.os;
