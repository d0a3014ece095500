package dev.cowvm.riscv.os;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;

/**
 * The console: xv6's device major 1, Linux's terminal. Output goes to a host stream as it
 * is written; input is what the host feeds with {@link #input}, read a line at a time as
 * xv6's {@code consoleread} returns it (the host terminal has already edited the line).
 *
 * <h2>Reading (facts from xv6-riscv {@code kernel/console.c})</h2>
 * <ul>
 *   <li>With no input, a read waits ({@link IoResult.Blocked} on {@link #readable()}),
 *       unless the host input has ended: then it returns 0, every time.</li>
 *   <li>A read returns at the end of a line (the newline included), or when the buffer is
 *       full, or before a control-D.</li>
 *   <li>A control-D (0x04) is end of file once: a read that meets it with bytes already
 *       taken stops before it and leaves it for the next read, which returns 0 and
 *       consumes it.</li>
 * </ul>
 */
public final class Console implements Device {
    /** xv6's major device number of the console ({@code kernel/file.h} CONSOLE). */
    public static final int MAJOR = 1;
    private static final byte CONTROL_D = 4;

    private final OutputStream out;
    private final ArrayDeque<Byte> input = new ArrayDeque<>();
    private final WaitChannel readable = new WaitChannel("console input");
    private boolean ended;
    private boolean interactive = true;
    private int interrupts;
    private HostTerminal host;
    private byte[] termios;

    /**
     * A console writing to {@code out}.
     *
     * @param out where programs' output goes, for example {@code System.out}
     */
    public Console(OutputStream out) {
        this.out = out;
    }

    @Override
    public String name() {
        return "console";
    }

    @Override
    public boolean isTerminal() {
        return true;
    }

    /**
     * Whether a person types at it: Linux programs see a terminal (TCGETS succeeds) only
     * then, so that a shell reading a script from a pipe on the host prints no prompts.
     * True unless set.
     */
    public boolean interactive() {
        return interactive;
    }

    /** Says whether a person types at it (see {@link #interactive()}). */
    public void setInteractive(boolean interactive) {
        this.interactive = interactive;
    }

    /**
     * The host's terminal, which can take the modes a program sets (raw for a line
     * editor, cooked again for the programs it runs).
     */
    public interface HostTerminal {
        /**
         * Puts the host's terminal in this mode.
         *
         * @param canonical line by line, with the terminal's own editing (ICANON)
         * @param echo      the terminal shows what is typed (ECHO)
         * @param signals   Ctrl-C is a signal rather than a byte (ISIG)
         */
        void apply(boolean canonical, boolean echo, boolean signals);
    }

    /**
     * Lets programs set the host terminal's modes through {@code TCSETS}. Without it the
     * console reports cooked mode without echo, since the host's terminal echoes.
     */
    public void setHostTerminal(HostTerminal terminal) {
        this.host = terminal;
    }

    /** Whether a program may set the host terminal's modes. */
    public boolean hasHostTerminal() {
        return host != null;
    }

    /**
     * The terminal settings a program last set ({@code struct termios} bytes), or null
     * before any.
     */
    public byte[] termios() {
        return termios == null ? null : termios.clone();
    }

    /**
     * Takes the settings a program sets ({@code TCSETS}) and passes their local modes to
     * the host's terminal.
     *
     * @param bytes     the program's {@code struct termios}
     * @param canonical ICANON, echo ECHO, signals ISIG, as the bytes say
     */
    public void setTermios(byte[] bytes, boolean canonical, boolean echo, boolean signals) {
        termios = bytes.clone();
        if (host != null) {
            host.apply(canonical, echo, signals);
        }
    }

    /** Counts a Ctrl-C at the host's terminal, for the machine to pass on; wakes readers. */
    void interrupted() {
        interrupts++;
        readable.wake();
    }

    /** The Ctrl-Cs not yet passed on, forgetting them. */
    int takeInterrupts() {
        int n = interrupts;
        interrupts = 0;
        return n;
    }

    /** What a reader waits on; woken by input and by its end. */
    public WaitChannel readable() {
        return readable;
    }

    /** Gives the console bytes typed on the host. */
    public void input(byte[] bytes) {
        for (byte b : bytes) {
            input.add(b);
        }
        readable.wake();
    }

    /** Says the host input has ended: reads with nothing left return 0 from now on. */
    public void endOfInput() {
        ended = true;
        readable.wake();
    }

    /** True once the host input has ended. */
    public boolean ended() {
        return ended;
    }

    /** Bytes fed and not yet read. */
    public int pending() {
        return input.size();
    }

    @Override
    public IoResult read(IoBuffer dst) {
        if (dst.remaining() == 0) {
            return new IoResult.Done(dst.position());
        }
        if (input.isEmpty()) {
            return ended ? new IoResult.Done(dst.position()) : IoResult.blocked(dst.position(), readable);
        }
        long start = dst.position();
        byte[] one = new byte[1];
        while (dst.remaining() > 0 && !input.isEmpty()) {
            byte c = input.peekFirst();
            if (c == CONTROL_D) {
                if (dst.position() == start) {
                    input.removeFirst();
                }
                break;
            }
            one[0] = c;
            SysResult<Void> r = dst.put(one, 0, 1);
            if (!r.isOk()) {
                return dst.position() > start ? new IoResult.Done(dst.position())
                        : new IoResult.Failed(dst.position(), r.errno(), r.message());
            }
            input.removeFirst();
            if (c == '\n') {
                break;
            }
        }
        return new IoResult.Done(dst.position());
    }

    @Override
    public IoResult write(IoBuffer src) {
        long start = src.position();
        byte[] chunk = new byte[(int) Math.min(4096, Math.max(1, src.remaining()))];
        while (src.remaining() > 0) {
            int n = (int) Math.min(chunk.length, src.remaining());
            long before = src.position();
            SysResult<Void> r = src.take(chunk, 0, n);
            int got = (int) (src.position() - before);
            try {
                out.write(chunk, 0, got);
            } catch (IOException e) {
                return new IoResult.Failed(before, Errno.EIO, "the host refused the console's output: " + e.getMessage());
            }
            if (!r.isOk()) {
                flush();
                return src.position() > start ? new IoResult.Done(src.position())
                        : new IoResult.Failed(src.position(), r.errno(), r.message());
            }
        }
        flush();
        return new IoResult.Done(src.position());
    }

    private void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            // the bytes were accepted; a failed flush shows on the next write
        }
    }
}
