package dev.cowvm.riscv.os;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Where the console's input comes from: fixed bytes (tests, scripts), or a host stream
 * such as the terminal, read by a thread of its own so that the machine never blocks on
 * the host while a process can run. The machine takes what has arrived at each scheduling
 * round ({@link #drainInto}), and waits for more only when every process is waiting for the
 * console ({@link #waitInto}).
 */
public final class ConsoleInput implements AutoCloseable {
    private static final byte[] END = new byte[0];
    /** Ctrl-C at the host's terminal: an interrupt for the machine, not bytes. */
    private static final byte[] INTERRUPT = new byte[0];

    private final BlockingQueue<byte[]> arrived = new LinkedBlockingQueue<>();
    private final Thread reader;
    private boolean ended;

    private ConsoleInput(Thread reader) {
        this.reader = reader;
    }

    /** Input that is all there from the start, then ends. */
    public static ConsoleInput of(byte[] bytes) {
        ConsoleInput in = new ConsoleInput(null);
        if (bytes.length > 0) {
            in.arrived.add(bytes.clone());
        }
        in.arrived.add(END);
        return in;
    }

    /** Input read from a host stream as it comes, until it ends. */
    public static ConsoleInput of(InputStream host) {
        ConsoleInput[] self = new ConsoleInput[1];
        Thread t = new Thread(() -> {
            byte[] buf = new byte[4096];
            try {
                for (int n; (n = host.read(buf)) >= 0; ) {
                    if (n > 0) {
                        self[0].arrived.add(Arrays.copyOf(buf, n));
                    }
                }
            } catch (IOException e) {
                // The host's input is gone: that is its end.
            }
            self[0].arrived.add(END);
        }, "cowvm-console-input");
        t.setDaemon(true);
        self[0] = new ConsoleInput(t);
        t.start();
        return self[0];
    }

    /**
     * Says that the person at the host's terminal pressed Ctrl-C (the host sent cowvm
     * SIGINT); the machine passes it on to its programs when it next looks. Any thread may
     * call it.
     */
    public void interrupt() {
        arrived.add(INTERRUPT);
    }

    /** Gives the console whatever has arrived, without waiting. */
    void drainInto(Console console) {
        for (byte[] b; (b = arrived.poll()) != null; ) {
            deliver(console, b);
        }
    }

    /**
     * Waits until something arrives (or the input ends) and gives it to the console.
     *
     * @return true if anything was delivered; false if the input had already ended
     */
    boolean waitInto(Console console) {
        if (ended && arrived.isEmpty()) {
            return false;
        }
        try {
            deliver(console, arrived.take());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ended = true;
            console.endOfInput();
        }
        drainInto(console);
        return true;
    }

    private void deliver(Console console, byte[] b) {
        if (b == INTERRUPT) {
            console.interrupted();
        } else if (ended) {
            return; // nothing comes after the end but interrupts
        } else if (b == END) {
            ended = true;
            console.endOfInput();
        } else {
            console.input(b);
        }
    }

    @Override
    public void close() {
        if (reader != null) {
            reader.interrupt();
        }
    }
}
