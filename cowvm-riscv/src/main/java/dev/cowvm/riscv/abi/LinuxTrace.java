package dev.cowvm.riscv.abi;

import dev.cowvm.riscv.os.Task;
import java.util.ArrayList;
import java.util.List;

/**
 * One line of {@code --strace} for a Linux call, as strace prints it: the call's name,
 * its arguments decoded (flags spelt out, strings quoted), and the result, with the
 * errno's name and text on failure.
 */
final class LinuxTrace {
    /** Bytes of a buffer shown, as strace shows by default. */
    static final int STRING_BYTES = 32;

    final long number;
    final List<String> args = new ArrayList<>();
    /** A result set by a call that completed itself (clone). */
    Long result;

    LinuxTrace(long number) {
        this.number = number;
    }

    String line(long value, Task t) {
        String name = LinuxNames.callName(number);
        String call = (name == null ? "syscall_" + number : name) + "(" + String.join(", ", args) + ")";
        if (value == LinuxSystemCalls.HANDLED) {
            if (t.state() == Task.State.ENDED) {
                return call + " = ?";
            }
            if (number == LinuxSystemCalls.EXECVE) {
                return call + " = 0";
            }
            if (result != null) {
                return call + " = " + result;
            }
            if (number == LinuxSystemCalls.RT_SIGRETURN) {
                return call + " = " + t.hart().x(10);
            }
            return call + " ...";
        }
        if (value < 0 && value >= -4095) {
            int errno = (int) -value;
            String errName = LinuxNames.errnoName(errno);
            String text = LinuxNames.errnoText(errno);
            return call + " = -1 " + (errName == null ? "E" + errno : errName) + (text == null ? "" : " (" + text + ")");
        }
        boolean address = number == LinuxSystemCalls.MMAP || number == LinuxSystemCalls.BRK
                || number == LinuxSystemCalls.MREMAP;
        return call + " = " + (address ? LinuxSystemCalls.hex(value) : Long.toString(value));
    }
}
