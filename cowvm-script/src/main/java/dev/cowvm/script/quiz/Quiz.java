package dev.cowvm.script.quiz;

import dev.cowvm.Sizes;
import dev.cowvm.kernel.Kernel;
import dev.cowvm.kernel.PageMapping;
import dev.cowvm.kernel.Process;
import dev.cowvm.kernel.Region;
import dev.cowvm.observe.Counter;
import dev.cowvm.observe.ForkMode;
import dev.cowvm.observe.KernelEvent;
import dev.cowvm.observe.Stats;
import dev.cowvm.phys.FrameState;
import dev.cowvm.script.Run;
import dev.cowvm.script.RunOptions;
import dev.cowvm.script.Scenario;
import dev.cowvm.script.ScenarioException;
import dev.cowvm.script.Statement;
import dev.cowvm.script.StepResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * An exercise: a random scenario and questions about what the kernel does with it, in the
 * spirit of the simulators of <i>Operating Systems: Three Easy Pieces</i> ({@code -s SEED}
 * gives a problem, {@code -c} computes the answers).
 *
 * <p>The same seed and level always give the same quiz. Every answer is computed by running
 * the scenario on a kernel, never by a second model of it: the quiz asks, the kernel
 * answers.
 *
 * <ul>
 *   <li>Level 1: a shell writes its heap and forks; both go on writing.</li>
 *   <li>Level 2: more forks, reads, new regions, exec, exit and wait.</li>
 *   <li>Level 3: level 2 under a zero policy, and sometimes copy-mode fork.</li>
 * </ul>
 *
 * @param seed      the seed
 * @param level     1 to {@value #LEVELS}
 * @param scenario  the scenario, parsed and checked (its text is {@link Scenario#lines()})
 * @param questions the questions, each with its answer
 */
public record Quiz(long seed, int level, Scenario scenario, List<Question> questions) {
    /** The highest level. */
    public static final int LEVELS = 3;

    /** Copies the list. */
    public Quiz {
        questions = List.copyOf(questions);
    }

    /**
     * Writes the quiz of a seed and a level, and answers it by running the kernel.
     *
     * @param seed  any number
     * @param level 1 to {@value #LEVELS}
     * @return the quiz
     * @throws IllegalArgumentException if the level is out of range
     */
    public static Quiz make(long seed, int level) {
        if (level < 1 || level > LEVELS) {
            throw new IllegalArgumentException("level " + level + " is out of range: 1 to " + LEVELS);
        }
        RandomScenario.Written written = new RandomScenario(seed, level).write();
        String name = "quiz-" + seed + "-level-" + level + ".cow";
        try {
            Scenario scenario = Scenario.parse(name, written.text());
            return new Answering(scenario, new Random(seed ^ 0x5DEECE66DL), written.forkLine()).quiz(seed, level);
        } catch (ScenarioException e) {
            throw new IllegalStateException("the quiz of seed " + seed + " wrote an invalid scenario:\n" + e.report()
                    + written.text(), e);
        }
    }

    /** Runs the scenario, keeping what each line did, then asks and answers. */
    private static final class Answering {
        private final Scenario scenario;
        private final Random rng;
        private final int forkLine;
        private final Run run;
        private final List<StepResult> steps = new ArrayList<>();
        private final Map<Integer, Stats> statsAfter = new HashMap<>();
        /** Lines after which some frame is shared, in order. */
        private final List<Integer> sharingLines = new ArrayList<>();
        private int firstMachineLine;

        Answering(Scenario scenario, Random rng, int forkLine) throws ScenarioException {
            this.scenario = scenario;
            this.rng = rng;
            this.forkLine = forkLine;
            this.run = new Run(scenario, RunOptions.defaults());
            while (run.hasNext()) {
                StepResult r = run.step();
                steps.add(r);
                if (!(r.statement() instanceof Statement.Zero || r.statement() instanceof Statement.SetForkMode)) {
                    firstMachineLine = firstMachineLine == 0 ? r.statement().line() : firstMachineLine;
                    statsAfter.put(r.statement().line(), run.kernel().stats());
                    if (!shared().isEmpty()) {
                        sharingLines.add(r.statement().line());
                    }
                }
            }
        }

        /** The data frames mapped by more than one entry now. */
        private List<Integer> shared() {
            Kernel k = run.kernel();
            List<Integer> out = new ArrayList<>();
            for (int f = 1; f < k.frameHighWater(); f++) {
                if (k.frame(f).state() == FrameState.DATA && k.frame(f).refCount() > 1) {
                    out.add(f);
                }
            }
            return out;
        }

        Quiz quiz(long seed, int level) {
            int last = steps.getLast().statement().line();
            List<Question> qs = new ArrayList<>();
            qs.add(copiesAfter(forkLine + 1 + rng.nextInt(last - forkLine)));
            if (level >= 2) {
                qs.add(framesInUseAfter(firstMachineLine + 1 + rng.nextInt(last - firstMachineLine)));
            }
            if (level >= 3) {
                qs.add(zeroedAfter(forkLine + rng.nextInt(last - forkLine + 1)));
            }
            // Asked after a line where some frame is shared, if there is one: "none" teaches less.
            int sharedAt = sharingLines.isEmpty() ? last : sharingLines.get(rng.nextInt(sharingLines.size()));
            qs.add(frameBacking());
            qs.add(pss());
            qs.add(sharedFrames(sharedAt, last));
            return new Quiz(seed, level, scenario, qs);
        }

        private Question copiesAfter(int line) {
            List<String> why = new ArrayList<>();
            for (StepResult s : steps) {
                if (s.statement().line() > line) {
                    break;
                }
                long faults = s.events().stream().filter(e -> e instanceof KernelEvent.PageFault f
                        && f.kind() == dev.cowvm.observe.FaultKind.COW_COPY).count();
                if (faults > 0) {
                    why.add("line " + s.statement().line() + ": a write to a page shared copy-on-write copied "
                            + pages(faults));
                }
                for (KernelEvent e : s.events()) {
                    if (e instanceof KernelEvent.Forked f && f.mode() == ForkMode.COPY && f.copiedPages() > 0) {
                        why.add("line " + s.statement().line() + ": the fork in copy mode copied " + pages(f.copiedPages()));
                    }
                }
            }
            long copied = statsAfter.get(line).get(Counter.PAGES_COPIED);
            return new Question("How many pages have been copied after line " + line + "?",
                    new Answer.Count(copied), why.isEmpty()
                    ? "up to line " + line + " no write reached a page shared copy-on-write, so nothing was copied"
                    : String.join("; ", why));
        }

        private Question framesInUseAfter(int line) {
            Stats s = statsAfter.get(line);
            long tables = s.get(Counter.PAGE_TABLE_PAGES);
            long all = s.get(Counter.FRAMES_IN_USE);
            return new Question("How many frames are in use after line " + line + ", data and page tables?",
                    new Answer.Count(all), frames(all - tables) + " of data and " + frames(tables)
                    + " holding page tables (a root per process, and the lower tables its addresses need:"
                    + " Sv39 has three levels)");
        }

        private Question zeroedAfter(int line) {
            List<String> why = new ArrayList<>();
            for (StepResult s : steps) {
                if (s.statement().line() > line) {
                    break;
                }
                long n = s.events().stream().filter(e -> e instanceof KernelEvent.FrameZeroed).count();
                if (n > 0) {
                    why.add("line " + s.statement().line() + ": " + n);
                }
            }
            String policy = switch (run.kernel().config().zeroPolicy()) {
                case ON_ALLOC -> "zero on-alloc clears a frame that holds stale bytes as the pool hands it out";
                case ON_FREE -> "zero on-free clears a data frame as it goes back to the pool";
                case NONE -> "zero none never clears a data frame: it is handed out with its stale bytes";
            };
            return new Question("How many frames has the pool cleared to zeros after line " + line + "?",
                    new Answer.Count(statsAfter.get(line).get(Counter.FRAMES_ZEROED)), policy
                    + "; a frame never used is zero already, and a page-table frame that held stale bytes is"
                    + " always cleared" + (why.isEmpty() ? "; none was cleared up to line " + line
                    : "; cleared on " + String.join(", ", why)));
        }

        private Question frameBacking() {
            List<Process> candidates = run.processes().values().stream()
                    .filter(p -> p.isAlive() && !p.regions().isEmpty()).toList();
            Process p = candidates.get(rng.nextInt(candidates.size()));
            String who = run.nameOf(p.pid());
            List<String> names = p.regions().stream().map(Region::name).distinct().toList();
            String region = names.get(rng.nextInt(names.size()));
            long[] range = run.region(who, region);
            List<PageMapping> mapped = p.mappings().stream()
                    .filter(m -> m.va() >= range[0] && m.va() < range[0] + range[1]).toList();
            long va = rng.nextInt(4) > 0 && !mapped.isEmpty() ? mapped.get(rng.nextInt(mapped.size())).va()
                    : range[0] + (long) rng.nextInt((int) (range[1] / Sizes.PAGE_SIZE)) * Sizes.PAGE_SIZE;
            String address = RandomScenario.address(region, (int) ((va - range[0]) / Sizes.PAGE_SIZE), 0);
            int frame = p.mapping(va).map(PageMapping::frame).orElse(Answer.Frame.NONE);
            return new Question("Which frame backs " + who + "'s " + address + " at the end?",
                    new Answer.Frame(frame), whyFrame(p, va, frame));
        }

        /** The last thing that set the entry of {@code va} in {@code p}: a fault, or the fork that made it. */
        private String whyFrame(Process p, long va, int frame) {
            String who = run.nameOf(p.pid());
            if (frame == Answer.Frame.NONE) {
                return "no statement touched that page of " + who + ", so its page table has no entry for it";
            }
            for (int i = steps.size() - 1; i >= 0; i--) {
                int line = steps.get(i).statement().line();
                List<KernelEvent> events = steps.get(i).events();
                for (int j = events.size() - 1; j >= 0; j--) {
                    KernelEvent e = events.get(j);
                    if (e instanceof KernelEvent.PageFault f && f.pid() == p.pid() && Sizes.pageDown(f.va()) == va) {
                        return "line " + line + ": " + switch (f.kind()) {
                            case ZERO_FILL -> "the first write to the page, a zero-fill fault, took frame "
                                    + f.newFrame() + " from the pool";
                            case ZERO_PAGE_MAP -> "the first access to the page was a read, which mapped the shared"
                                    + " zero page";
                            case COW_COPY -> "a write to the page, shared copy-on-write in frame " + f.oldFrame()
                                    + ", copied it into frame " + f.newFrame();
                            case COW_REUSE -> "a write found frame " + f.newFrame() + " no longer shared, so it was"
                                    + " made writable in place, not copied";
                            case SEGV, OOM -> "the process died";
                        } + sharedSince(p, i);
                    }
                    if (e instanceof KernelEvent.Forked f && f.child() == p.pid()) {
                        return "line " + line + ": the fork gave " + who + " " + (f.mode() == ForkMode.COPY
                                ? "its own copy of " + run.nameOf(f.parent()) + "'s page, in frame " + frame
                                : "the entry of " + run.nameOf(f.parent()) + ", frame " + frame
                                + ", shared copy-on-write; nothing has written the page since");
                    }
                }
            }
            return "frame " + frame;
        }

        /** "; shared copy-on-write since the fork on line N" if a later fork shared the frame. */
        private String sharedSince(Process p, int afterStep) {
            for (int i = afterStep + 1; i < steps.size(); i++) {
                for (KernelEvent e : steps.get(i).events()) {
                    if (e instanceof KernelEvent.Forked f && f.parent() == p.pid() && f.mode() == ForkMode.COW) {
                        return "; the fork on line " + steps.get(i).statement().line()
                                + " then shared it copy-on-write, which changes no frame";
                    }
                }
            }
            return "";
        }

        private Question pss() {
            List<Process> alive = run.processes().values().stream().filter(Process::isAlive).toList();
            List<Process> resident = alive.stream().filter(p -> p.memoryUsage().rssBytes() > 0).toList();
            List<Process> from = resident.isEmpty() ? alive : resident;
            Process p = from.get(rng.nextInt(from.size()));
            String who = run.nameOf(p.pid());
            TreeMap<Integer, Integer> pagesBySharers = new TreeMap<>();
            Kernel k = run.kernel();
            for (PageMapping m : p.mappings()) {
                if (!m.isZeroPage()) {
                    pagesBySharers.merge(k.frame(m.frame()).refCount(), 1, Integer::sum);
                }
            }
            List<String> parts = new ArrayList<>();
            pagesBySharers.forEach((sharers, pages) -> parts.add(sharers == 1
                    ? pages(pages) + " of its own \u00d7 4 KiB"
                    : pages(pages) + " shared by " + sharers + " \u00d7 " + new Answer.Size(4096 / sharers).show()));
            long pss = p.memoryUsage().pssBytes();
            return new Question("What is the PSS of " + who + " at the end?", new Answer.Size(pss), parts.isEmpty()
                    ? who + " maps no frame (the zero page does not count), so its PSS is 0"
                    : String.join(" + ", parts) + " = " + new Answer.Size(pss).show()
                    + (pagesBySharers.keySet().stream().anyMatch(n -> 4096 % n != 0)
                    ? " (Linux sums in 1/4096ths of a byte and truncates)" : ""));
        }

        /**
         * The frames shared after a line. The run is over, so the scenario runs again up to that
         * line: the kernel is deterministic, and this run's frames are the first run's.
         */
        private Question sharedFrames(int line, int last) {
            Run again = line == last ? run : replayTo(line);
            Kernel k = again.kernel();
            Map<Integer, List<String>> mappers = new TreeMap<>();
            for (Process p : again.processes().values()) {
                if (!p.isAlive()) {
                    continue;
                }
                for (PageMapping m : p.mappings()) {
                    if (!m.isZeroPage()) {
                        mappers.computeIfAbsent(m.frame(), f -> new ArrayList<>()).add(again.nameOf(p.pid()));
                    }
                }
            }
            List<Integer> shared = new ArrayList<>();
            for (int f = 1; f < k.frameHighWater(); f++) {
                if (k.frame(f).state() == FrameState.DATA && k.frame(f).refCount() > 1) {
                    shared.add(f);
                }
            }
            List<String> why = new ArrayList<>();
            for (int f : shared.subList(0, Math.min(shared.size(), 6))) {
                why.add(f + " by " + String.join(" and ", mappers.getOrDefault(f, List.of())));
            }
            String when = line == last ? "at the end" : "after line " + line;
            return new Question("Which frames are shared (mapped by more than one process) " + when + "?",
                    new Answer.Frames(shared), shared.isEmpty()
                    ? "no frame is mapped by two processes: every sharing was ended by a write, an exec or an exit"
                    : "mapped by more than one process: " + String.join("; ", why) + (shared.size() > 6 ? "; ..." : ""));
        }

        private Run replayTo(int line) {
            Run again = new Run(scenario, RunOptions.defaults());
            try {
                while (again.hasNext() && again.position() <= index(line)) {
                    again.step();
                }
            } catch (ScenarioException e) {
                throw new IllegalStateException("a scenario that ran once failed the second time", e);
            }
            return again;
        }

        /** The index in the scenario's statements of the statement on {@code line}. */
        private int index(int line) {
            for (int i = 0; i < steps.size(); i++) {
                if (steps.get(i).statement().line() == line) {
                    return i;
                }
            }
            throw new IllegalArgumentException("no statement on line " + line);
        }

        private static String pages(long n) {
            return n + (n == 1 ? " page" : " pages");
        }

        private static String frames(long n) {
            return n + (n == 1 ? " frame" : " frames");
        }
    }
}
