package dev.cowvm.cli;

import dev.cowvm.trace.AccessKind;
import dev.cowvm.trace.BinaryTraceWriter;
import dev.cowvm.trace.TraceReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cowvm record -- COMMAND ARGS...}: runs a command under valgrind's lackey tool and
 * converts the access trace it prints, as it comes, into a gzip-compressed cowvm binary
 * trace.
 *
 * <p>Lackey writes its trace into valgrind's log. The log goes to a named pipe in a private
 * temporary directory, so the program's own standard input, output and error stay the
 * user's, and the text trace is never stored: the pipe is read while valgrind writes it.
 * If valgrind ends without opening the pipe (it could not start the command), opening the
 * pipe for writing ourselves releases the reader, which then sees the end.
 */
@Command(name = "record", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Record a command's memory accesses with valgrind, for 'cowvm replay'.",
            "%nRuns COMMAND under valgrind --tool=lackey --trace-mem=yes and converts every instruction fetch,"
                + " load, store and modify it makes into a compressed cowvm binary trace. Needs valgrind"
                + " (apt-get install valgrind). Put -- before the command. See docs/traces.md.%n"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the trace was recorded (whatever the command's own exit code)",
            "2:bad usage, valgrind missing, or nothing could be recorded"})
final class RecordCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "where to write the trace (default: the command's name with .cvt, here)")
    Path output;

    @Option(names = "--valgrind", paramLabel = "PATH", defaultValue = "valgrind",
            description = "the valgrind to run (default: ${DEFAULT-VALUE}, from the PATH)")
    String valgrind;

    @Parameters(paramLabel = "COMMAND", arity = "1..*", description = "the command to record, and its arguments")
    List<String> command;

    private final Object pipeLock = new Object();
    private boolean pipeOpened;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (output == null) {
            output = Path.of(Path.of(command.getFirst()).getFileName() + ".cvt");
        }
        if (Files.isDirectory(output)) {
            return fail(output + " is a directory; give -o a file name");
        }
        Path parent = output.toAbsolutePath().getParent();
        if (!Files.isDirectory(parent) || !Files.isWritable(parent)) {
            return fail("cannot write " + output + ": " + parent + " is not a directory this user may write in");
        }
        String version = valgrindVersion();
        if (version == null) {
            return fail("valgrind is not installed (no '" + valgrind + "' found to run).\n"
                    + "cowvm record: install it, for example with 'apt-get install valgrind' (Debian, Ubuntu)"
                    + " or 'dnf install valgrind' (Fedora), and try again.");
        }
        Path dir = null;
        Process vg = null;
        Thread cleanup = null;
        Path partial = output.resolveSibling(output.getFileName() + ".partial");
        try {
            dir = Files.createTempDirectory("cowvm-record");
            Path pipe = dir.resolve("lackey");
            if (!makePipe(pipe)) {
                return fail("could not make a named pipe with mkfifo in " + dir);
            }
            List<String> cmd = new ArrayList<>(List.of(valgrind, "--tool=lackey", "--trace-mem=yes", "--basic-counts=no",
                    "--child-silent-after-fork=yes", "--log-file=" + pipe));
            cmd.addAll(command);
            vg = new ProcessBuilder(cmd).inheritIO().start();
            Process started = vg;
            Path tmp = dir;
            cleanup = Thread.ofPlatform().unstarted(() -> {
                started.destroy();
                deleteQuietly(partial, tmp.resolve("lackey"), tmp);
            });
            Runtime.getRuntime().addShutdownHook(cleanup); // an interrupted recording leaves nothing behind
            Thread releaser = Thread.ofPlatform().daemon().name("cowvm-record-pipe").start(() -> releaseIfUnopened(started, pipe));
            long[] byKind = new long[4];
            long records;
            TraceReader lackey;
            try (InputStream in = Files.newInputStream(pipe)) {
                synchronized (pipeLock) {
                    pipeOpened = true;
                }
                lackey = TraceReader.open("valgrind's output", in, true);
                try (BinaryTraceWriter w = new BinaryTraceWriter(
                        new GZIPOutputStream(Files.newOutputStream(partial), 1 << 16))) {
                    while (lackey.next()) {
                        AccessKind k = lackey.kind();
                        w.write(k, lackey.address(), lackey.size());
                        byKind[k.ordinal()]++;
                    }
                    records = w.records();
                }
            }
            int code = vg.waitFor();
            releaser.join(TimeUnit.SECONDS.toMillis(5));
            String shown = String.join(" ", command);
            if (records == 0) {
                Files.deleteIfExists(partial);
                return fail("valgrind recorded no accesses of '" + shown + "': it exited with code " + code
                        + " (its message, if any, is above)");
            }
            Files.move(partial, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            long bytes = Files.size(output);
            out.printf("cowvm record: %d accesses of '%s' (exit code %d) recorded by %s into %s%n", records, shown, code,
                    version, output);
            out.printf("  %d instruction fetches, %d loads, %d stores, %d modifies%n", byKind[0], byKind[1], byKind[2], byKind[3]);
            out.printf("  %d bytes: %.2f bytes per access (cowvm binary trace, gzip)%n", bytes, (double) bytes / records);
            if (lackey.skipped() > 0) {
                out.printf("  %d line%s of valgrind's output were not trace records and were skipped; the first:%n",
                        lackey.skipped(), lackey.skipped() == 1 ? "" : "s");
                lackey.problems().forEach(p -> out.printf("    %s%n", p));
            }
            out.printf("Replay it with: cowvm replay %s%n", output);
            out.flush();
            return Cowvm.OK;
        } catch (java.nio.file.NoSuchFileException e) {
            return fail("recording failed: no such file or directory: " + e.getFile());
        } catch (IOException e) {
            return fail("recording failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted");
        } finally {
            if (cleanup != null) {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            }
            if (vg != null && vg.isAlive()) {
                vg.destroy();
            }
            if (dir != null) {
                deleteQuietly(partial, dir.resolve("lackey"), dir);
            }
        }
    }

    private static void deleteQuietly(Path... paths) {
        for (Path p : paths) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // best effort: a temporary file the system will clear
            }
        }
    }

    /** valgrind's version line, or null if it cannot be run. */
    private String valgrindVersion() {
        try {
            Process p = new ProcessBuilder(valgrind, "--version").redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
            return p.waitFor() == 0 && !text.isEmpty() ? text : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static boolean makePipe(Path pipe) throws IOException, InterruptedException {
        try {
            Process p = new ProcessBuilder("mkfifo", "-m", "600", pipe.toString()).inheritIO().start();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** When valgrind has ended, opens the pipe for writing if no reader got it open, to end the read. */
    private void releaseIfUnopened(Process vg, Path pipe) {
        try {
            vg.waitFor();
            synchronized (pipeLock) {
                if (!pipeOpened) {
                    try (OutputStream o = Files.newOutputStream(pipe, StandardOpenOption.WRITE)) {
                        o.flush();
                    }
                }
            }
        } catch (IOException | InterruptedException e) {
            // the reader is already past the pipe, or the recording is being abandoned
        }
    }

    private int fail(String message) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("cowvm record: " + message);
        err.flush();
        return Cowvm.USAGE;
    }
}
