package dev.cowvm.cli;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar on standard error for runs longer than a second, drawn by the progressbar
 * library. It appears only on a terminal (unless forced), and only once a second has
 * passed, so short runs and pipes see nothing.
 */
final class Progress implements AutoCloseable {
    /** When to show the bar. */
    enum Mode { AUTO, ALWAYS, NEVER }

    private static final long DELAY_NANOS = 1_000_000_000L;

    private final Mode mode;
    private final String task;
    private final long total;
    private final long started = System.nanoTime();
    private final PrintStream err;
    private ProgressBar bar;
    private long done;

    Progress(Mode mode, String task, long total) {
        this(mode, task, total, System.err);
    }

    Progress(Mode mode, String task, long total, PrintStream err) {
        this.mode = mode;
        this.task = task;
        this.total = total;
        this.err = err;
    }

    void step() {
        done++;
        if (bar == null && shouldShow()) {
            bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                    .setConsumer(new ConsoleProgressBarConsumer(err)).setUpdateIntervalMillis(200)
                    .continuousUpdate().build();
            bar.stepTo(done);
        } else if (bar != null) {
            bar.step();
        }
    }

    private boolean shouldShow() {
        return switch (mode) {
            case NEVER -> false;
            case ALWAYS -> true;
            case AUTO -> System.console() != null && System.console().isTerminal()
                    && System.nanoTime() - started > DELAY_NANOS;
        };
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
