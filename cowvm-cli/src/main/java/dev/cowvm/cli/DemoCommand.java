package dev.cowvm.cli;

import dev.cowvm.kernel.Kernel;
import dev.cowvm.kernel.KernelConfig;
import dev.cowvm.kernel.PageMapping;
import dev.cowvm.kernel.Process;
import dev.cowvm.kernel.Protection;
import dev.cowvm.observe.Counter;
import dev.cowvm.observe.KernelEvent;
import dev.cowvm.script.text.KernelText;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code cowvm demo}: the slide's story, told by a real kernel with real numbers. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Tell the copy-on-write story of the lecture slide, step by step, on a real kernel.")
final class DemoCommand implements Callable<Integer> {
    private static final int PAGE = 4096;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private PrintWriter out;
    private Kernel kernel;
    private KernelText text;
    private final Map<Integer, String> names = new HashMap<>();
    private final List<KernelEvent> events = new ArrayList<>();

    @Override
    public Integer call() {
        out = spec.commandLine().getOut();
        kernel = new Kernel(KernelConfig.defaults());
        text = new KernelText(kernel, names::get);
        kernel.addListener(events::add);
        out.printf("cowvm demo: copy-on-write, as the slide tells it%n");
        out.printf("A machine with %s of physical memory: %d frames of 4 KiB, zeroing %s, fork mode %s.%n",
                KernelText.size(kernel.config().memoryBytes()), kernel.frameCount(), kernel.config().zeroPolicy(),
                kernel.config().forkMode());

        step(1, "spawn shell; shell maps a 4-page heap and writes a line into each page");
        Process shell = named(kernel.spawn().orElseThrow(), "shell");
        long heap = shell.map(0, 4 * PAGE, Protection.RW, "heap");
        for (int i = 0; i < 4; i++) {
            shell.write(heap + (long) i * PAGE, ascii("shell's page " + i));
        }
        say("%d zero-fill faults: each first write took a zeroed frame from the pool.",
                count(Counter.ZERO_FILL_FAULTS));
        out.print(text.pageTable(shell));

        step(2, "fork: shell -> child");
        Process child = named(kernel.fork(shell).orElseThrow(), "child");
        say("The child's page table is a copy of shell's: both point at the same %d frames, each now with",
                child.mappings().size());
        say("two references, every entry read-only and marked C (copy-on-write) in both processes.");
        say("Pages copied: %d. A naive fork would have copied %d.", count(Counter.PAGES_COPIED),
                count(Counter.NAIVE_COPY_PAGES));
        out.print(text.pageTable(shell));
        out.print(text.pageTable(child));

        step(3, "child writes to page 2 of the heap");
        events.clear();
        long page2 = heap + 2 * PAGE;
        int shared = frameAt(child, page2);
        child.write(page2, ascii("child was here"));
        int copy = frameAt(child, page2);
        say("The write faulted on a copy-on-write page whose frame %d is shared, so the kernel:", shared);
        for (KernelEvent e : events) {
            switch (e) {
                case KernelEvent.FrameAllocated a -> say("  1. took frame %d from the pool", a.frame());
                case KernelEvent.FrameCopied c -> say("  2. copied frame %d into frame %d", c.from(), c.to());
                case KernelEvent.PageFault f -> say("  3. pointed child's entry at frame %d, writable, and retried the write",
                        f.newFrame());
                default -> { }
            }
        }
        say("Exactly %d page copied; the other %d pages are still shared.", count(Counter.PAGES_COPIED),
                child.mappings().size() - 1);
        say("shell reads \"%s\", child reads \"%s\".", read(shell, page2, 14), read(child, page2, 14));
        out.print(text.pageTable(shell));
        out.print(text.pageTable(child));

        step(4, "child execs a new program");
        kernel.exec(child);
        say("Its old image is dropped: the shared frames lose a reference, frame %d goes back to the pool.", copy);
        say("Nothing is copied (still %d page copied in all).", count(Counter.PAGES_COPIED));

        step(5, "child exits, shell waits for it, then shell exits");
        kernel.exit(child, 0);
        kernel.wait(shell, child);
        kernel.exit(shell, 0);
        say("Every frame is back in the pool (%d in use), still holding its old bytes: look at the frames.",
                count(Counter.FRAMES_IN_USE));
        out.print(text.frames());

        step(6, "spawn editor; it reads a fresh page, then writes it");
        Process editor = named(kernel.spawn().orElseThrow(), "editor");
        long buf = editor.map(0, PAGE, Protection.RW, "buf");
        editor.read(buf, 8);
        say("The read mapped the shared zero page (frame 0): no frame used.");
        events.clear();
        editor.write(buf + 100, ascii("new data"));
        int given = frameAt(editor, buf);
        boolean zeroed = events.stream().anyMatch(e -> e instanceof KernelEvent.FrameZeroed z && z.frame() == given);
        say("The write took frame %d from the pool. It held someone's stale bytes, so it was %s", given,
                zeroed ? "zeroed first:" : "handed out as it was:");
        say("editor reads %s at the start of its page: zero-fill-on-demand.", quoted(editor.read(buf, 8)));
        out.print(text.pageTable(editor));

        out.printf("%nCounters:%n");
        for (Counter c : List.of(Counter.FORKS, Counter.EXECS, Counter.ZERO_PAGE_MAPS, Counter.ZERO_FILL_FAULTS,
                Counter.COW_COPY_FAULTS, Counter.PAGES_COPIED, Counter.NAIVE_COPY_PAGES, Counter.FRAMES_ALLOCATED,
                Counter.FRAMES_FREED, Counter.FRAMES_ZEROED, Counter.PEAK_FRAMES_IN_USE)) {
            out.printf("  %-18s %4d  %s%n", c.key(), kernel.stats().get(c), c.description());
        }
        kernel.checkInvariants();
        out.flush();
        return Cowvm.OK;
    }

    private Process named(Process p, String name) {
        names.put(p.pid(), name);
        return p;
    }

    private void step(int n, String what) {
        out.printf("%nStep %d. %s%n", n, what);
    }

    private void say(String format, Object... args) {
        out.printf("  " + format + "%n", args);
    }

    private long count(Counter c) {
        return kernel.stats().get(c);
    }

    private static int frameAt(Process p, long va) {
        return p.mappings().stream().filter(m -> m.va() == va).mapToInt(PageMapping::frame).findFirst().orElse(-1);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String read(Process p, long va, int n) {
        return new String(p.read(va, n), StandardCharsets.US_ASCII);
    }

    private static String quoted(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        for (byte b : bytes) {
            s.append(String.format("%02x ", b));
        }
        return s.toString().trim();
    }
}
