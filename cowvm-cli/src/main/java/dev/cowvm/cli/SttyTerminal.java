package dev.cowvm.cli;

import dev.cowvm.riscv.os.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The host's terminal as a Linux program sets it: the local modes it asks for with
 * {@code TCSETS} (raw for busybox's line editor, cooked again for the programs the shell
 * runs) are given to the host's terminal with {@code stty}, and the host's own settings are
 * put back when the program ends, and when the JVM exits.
 */
final class SttyTerminal implements Console.HostTerminal, AutoCloseable {
    private final String saved;
    private final Thread restoreAtExit;
    private boolean closed;

    private SttyTerminal(String saved) {
        this.saved = saved;
        this.restoreAtExit = new Thread(this::restore, "cowvm-restore-terminal");
        Runtime.getRuntime().addShutdownHook(restoreAtExit);
    }

    /** The host's terminal, if stty can read its settings; empty otherwise. */
    static Optional<SttyTerminal> open() {
        return stty(List.of("-g")).map(String::strip).filter(s -> !s.isEmpty()).map(SttyTerminal::new);
    }

    @Override
    public synchronized void apply(boolean canonical, boolean echo, boolean signals) {
        if (closed) {
            return;
        }
        List<String> modes = new ArrayList<>();
        modes.add(canonical ? "icanon" : "-icanon");
        modes.add(echo ? "echo" : "-echo");
        modes.add(signals ? "isig" : "-isig");
        if (!canonical) {
            modes.addAll(List.of("min", "1", "time", "0"));
        }
        stty(modes);
    }

    private synchronized void restore() {
        if (!closed) {
            closed = true;
            stty(List.of(saved));
        }
    }

    @Override
    public void close() {
        restore();
        try {
            Runtime.getRuntime().removeShutdownHook(restoreAtExit);
        } catch (IllegalStateException e) {
            // The JVM is already exiting: the hook restores.
        }
    }

    /** Runs stty on the terminal that is cowvm's standard input; its output, or empty on failure. */
    private static Optional<String> stty(List<String> args) {
        List<String> command = new ArrayList<>(List.of("stty"));
        command.addAll(args);
        try {
            Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.INHERIT)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroy();
                return Optional.empty();
            }
            return Optional.of(out);
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
