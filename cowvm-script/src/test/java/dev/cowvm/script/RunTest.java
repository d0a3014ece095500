package dev.cowvm.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cowvm.observe.Counter;
import dev.cowvm.observe.ProcessStatus;
import dev.cowvm.script.StepResult.Outcome;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a running scenario does: the kernel decides, deaths are not errors, refusals are. */
class RunTest {

    private static Run run(String text) throws ScenarioException {
        return new Run(Scenario.parse("t.cow", text), RunOptions.defaults());
    }

    private static List<StepResult> steps(String text) throws ScenarioException {
        return run(text).runToEnd();
    }

    @Test
    void aSegfaultKillsTheProcessAndTheRunGoesOn() throws Exception {
        Run r = run("""
                spawn p
                p map code 4KiB r
                p write code "x"
                p write code "y"
                expect p status == segv
                spawn q
                """);
        List<StepResult> s = r.runToEnd();
        assertThat(s.get(2).output()).containsExactly(
                "t.cow:3: p died: segmentation fault: write at 0x1000000000: write not allowed in region code (r)");
        assertThat(s.get(3).outcome()).isEqualTo(Outcome.SKIPPED);
        assertThat(s.get(3).output()).containsExactly("t.cow:4: skipped: p is not running (segv)");
        assertThat(s.get(4).outcome()).isEqualTo(Outcome.PASSED);
        assertThat(r.result().ok()).isTrue();
        assertThat(r.result().processes()).extracting(RunResult.ProcessSummary::status).containsExactly(ProcessStatus.SEGV, ProcessStatus.RUNNING);
    }

    @Test
    void aFailedForkIsNotedAndTheChildsStatementsAreSkipped() throws Exception {
        List<StepResult> s = steps("""
                memory 16KiB
                spawn p
                p map m 4KiB rw
                p write m "x"
                fork p c
                c write m "y"
                expect c status == running
                """);
        assertThat(s.get(4).output()).containsExactly("t.cow:5: fork p c failed: out of memory (needs 3 frames, 0 free)");
        assertThat(s.get(5).output()).containsExactly("t.cow:6: skipped: c does not exist (its creation failed on line 5)");
        assertThat(s.get(6).outcome()).isEqualTo(Outcome.FAILED);
        assertThat(s.get(6).failure()).isEqualTo(
                "expected c status == running, found c does not exist (its creation failed on line 5)");
    }

    @Test
    void readsPrintWhatTheyReadAndExpectationsCompareIt() throws Exception {
        List<StepResult> s = steps("""
                spawn p
                p map m 4KiB rw
                p write m "hello"
                p read m 5
                p read m 2 expect 0x6865
                p read m 3 expect "hex"
                """);
        assertThat(s.get(3).output()).containsExactly("p read m 5: \"hello\"");
        assertThat(s.get(4).outcome()).isEqualTo(Outcome.PASSED);
        assertThat(s.get(5).failure()).isEqualTo("expected read m == \"hex\", found \"hel\"");
    }

    @Test
    void aRefusalOfTheKernelThatDependsOnTheRunIsAnErrorOfTheScenario() throws Exception {
        // c dies out of memory, so the first wait reaps it; the checker cannot know that c died,
        // so only the run finds that the second wait asks for a child that is gone.
        Run r = run("""
                memory 64KiB
                spawn p
                fork p c
                c map m 1MiB rw
                c fill m 0 1MiB 1
                wait p c
                wait p c
                """);
        for (int i = 0; i < 6; i++) {
            r.step();
        }
        assertThatThrownBy(r::step).isInstanceOf(ScenarioException.class).hasMessage("""
                t.cow:7:1: c is not a child of p waiting to be reaped
                  wait p c
                  ^""");
    }

    @Test
    void waitNeverBlocks() throws Exception {
        Scenario sc = Scenario.parse("t.cow", "spawn a\nfork a b\nwait a b\nb exit 4\nwait a b\n");
        List<StepResult> s = new Run(sc, RunOptions.defaults().withExplain(true)).runToEnd();
        assertThat(s.get(2).output()).containsExactly(
                "t.cow:3: b is still running; wait does not block here, so nothing was reaped");
        assertThat(s.get(4).output()).as("what the kernel did is an explanation, as for every statement").isEmpty();
        assertThat(s.get(4).explanation()).containsExactly(
                "a reaped b: its exit status was collected and it is gone from the process table");
    }

    @Test
    void theHeapIsNamedBrk() throws Exception {
        Run r = run("spawn p\np brk +8KiB\np write brk+4KiB \"top\"\np read brk+4KiB 3 expect \"top\"\np brk -8KiB\n"
                + "p read brk 1\nexpect p status == segv\n");
        r.runToEnd();
        assertThat(r.result().ok()).isTrue();
    }

    @Test
    void settingsBuildTheMachineAndOverridesWin() throws Exception {
        Scenario sc = Scenario.parse("t.cow", "memory 1MiB\nfork-mode copy\nzero on-free\nspawn p\n");
        Run r = new Run(sc, RunOptions.defaults().withOverrides(dev.cowvm.observe.ForkMode.COW, null));
        r.runToEnd();
        assertThat(r.kernel().config().memoryBytes()).isEqualTo(1 << 20);
        assertThat(r.kernel().config().forkMode()).isEqualTo(dev.cowvm.observe.ForkMode.COW);
        assertThat(r.kernel().config().zeroPolicy()).isEqualTo(dev.cowvm.phys.ZeroPolicy.ON_FREE);
        Run limited = new Run(Scenario.parse("t.cow", "memory 1GiB\n"), RunOptions.defaults().withLimits(64 << 20, 0));
        assertThatThrownBy(limited::step).hasMessageContaining("memory 1 GiB is more than the 64 MiB allowed here");
        assertThatThrownBy(() -> run("memory 8TiB\n")).as("known before it runs")
                .hasMessageContaining("t.cow:1:8: memory 8 TiB is more than the 4 TiB allowed");
    }

    @Test
    void explainSaysWhatTheKernelDid() throws Exception {
        Scenario sc = Scenario.parse("t.cow", "spawn p\np map m 8KiB rw\np fill m 0 8KiB 1\nfork p c\nc write m \"x\"\n"
                + "c exit 0\n");
        List<StepResult> s = new Run(sc, RunOptions.defaults().withExplain(true)).runToEnd();
        assertThat(s.get(2).explanation()).containsExactly(
                "2 zero-fill faults: first writes to 2 never-touched pages of m (0x1000000000 to 0x1000001000) took"
                        + " frames 4-5 from the pool",
                "2 page-table pages added to reach the new addresses");
        assertThat(s.get(3).explanation()).containsExactly(
                "fork: c got a copy of p's page table (3 table pages); 2 pages now shared copy-on-write, none copied");
        assertThat(s.get(4).explanation()).containsExactly("copy-on-write fault: frame 4 was shared, so frame 9 was taken"
                + " from the pool, frame 4 copied into it, and the writer's entry pointed at 9",
                "frame 4 is now mapped by p alone, its entry still read-only and copy-on-write: p's next write there"
                        + " will reuse the frame in place, without a copy");
        assertThat(s.get(5).explanation()).containsExactly(
                "c ended (exited, code 0): 1 data frame and 3 page-table pages back in the pool, still holding their"
                        + " bytes");
    }

    @Test
    void theSharerLeftAloneReusesItsFrameAsTheExplanationSays() throws Exception {
        Scenario sc = Scenario.parse("t.cow", "spawn p\np map m 4KiB rw\np write m \"a\"\nfork p c\nc write m \"b\"\n"
                + "p write m+8 \"c\"\n");
        Run r = new Run(sc, RunOptions.defaults().withExplain(true));
        List<StepResult> s = r.runToEnd();
        assertThat(s.get(4).explanation()).anyMatch(l -> l.startsWith("frame 4 is now mapped by p alone"));
        assertThat(s.get(5).explanation()).containsExactly(
                "1 copy-on-write fault on frame 4, which no one else maps any more: made writable in place, nothing copied");
        assertThat(r.kernel().stats().get(Counter.PAGES_COPIED)).as("only c's write copied").isEqualTo(1);
    }

    @Test
    void underZeroNoneTheExplanationSaysWhatTheFrameStillHoldsAndWhose() throws Exception {
        Scenario sc = Scenario.parse("t.cow", """
                zero none
                spawn editor
                editor map buf 4KiB rw
                editor write buf+100 "password=hunter2"
                editor exit 0
                spawn snoop
                snoop map page 8KiB rw
                snoop write page+4KiB "x"
                """);
        Run r = new Run(sc, RunOptions.defaults().withExplain(true));
        List<StepResult> s = r.runToEnd();
        assertThat(s.get(4).explanation()).contains(
                "editor has no parent to wait for it, so it is gone at once: not a zombie, never reaped by anyone");
        assertThat(s.get(7).explanation().getFirst()).isEqualTo("zero-fill fault: the first write to page"
                + " 0x1000001000 (page+4KiB) took frame 4 from the pool; it was NOT cleared (zero none): it still"
                + " holds \"password=hunter2\" from editor (pid 1)");
        assertThat(new String(r.kernel().peekFrame(4, 100, 16), java.nio.charset.StandardCharsets.US_ASCII))
                .as("and it does").isEqualTo("password=hunter2");
    }

    @Test
    void aFrameClearedBeforeItIsHandedOutIsSaidToHaveBeen() throws Exception {
        Scenario sc = Scenario.parse("t.cow", "spawn a\na map m 4KiB rw\na write m \"secret\"\na exit 0\n"
                + "spawn b\nb map m 4KiB rw\nb write m \"x\"\n");
        List<StepResult> s = new Run(sc, RunOptions.defaults().withExplain(true)).runToEnd();
        assertThat(s.get(6).explanation().getFirst()).isEqualTo("zero-fill fault: the first write to page"
                + " 0x1000000000 (m) took frame 4 from the pool; it held \"secret\" from a (pid 1), so it was zeroed"
                + " first");
    }

    @Test
    void outcomesSayWhatHappenedWithoutAnyTextToParse() throws Exception {
        List<StepResult> s = steps("memory 16KiB\nspawn p\np map m 4KiB r\np write m \"x\"\np write m \"y\"\n"
                + "spawn q\nspawn r\nspawn t\nspawn u\nspawn v\nexpect stat forks == 0\n");
        assertThat(s).extracting(StepResult::outcome).containsExactly(StepResult.Outcome.DONE, StepResult.Outcome.DONE,
                StepResult.Outcome.DONE, StepResult.Outcome.DIED, StepResult.Outcome.SKIPPED, StepResult.Outcome.DONE,
                StepResult.Outcome.DONE, StepResult.Outcome.DONE, StepResult.Outcome.DONE, StepResult.Outcome.REFUSED,
                StepResult.Outcome.PASSED);
        assertThat(s.get(3).output()).containsExactly("t.cow:4: p died: segmentation fault: write at 0x1000000000:"
                + " write not allowed in region m (r)");
        assertThat(s.get(9).output()).containsExactly("t.cow:10: spawn v failed: out of memory (no frame for its page table)");
    }

    @Test
    void aStopConditionEndsTheRunBetweenChunksOfALongStatement() throws Exception {
        int[] asked = {0};
        Scenario sc = Scenario.parse("t.cow", "spawn p\np map m 64MiB rw\np fill m 0 64MiB 1\n");
        Run r = new Run(sc, RunOptions.defaults().withStop(() -> ++asked[0] > 5 ? "enough" : null));
        r.step();
        r.step();
        assertThatThrownBy(r::step).hasMessageContaining("t.cow:3:1: enough; the run was stopped here");
        assertThat(asked[0]).as("before each statement, then after each of three chunks").isEqualTo(6);
        assertThat(r.kernel().stats().get(Counter.ZERO_FILL_FAULTS)).isEqualTo(3L * Run.CHUNK_PAGES);
        r.kernel().checkInvariants();
    }

    @Test
    void theResultCountsAndListsEveryone() throws Exception {
        Run r = run("spawn a\nfork a b\nexpect stat forks == 1\nexpect stat forks == 2\n");
        r.runToEnd();
        RunResult res = r.result();
        assertThat(res.passed()).isEqualTo(1);
        assertThat(res.failures()).containsExactly(new RunResult.Failure(4, "expected stat forks == 2, found 1"));
        assertThat(res.stats().get(Counter.FORKS)).isEqualTo(1);
        assertThat(res.processes()).extracting(RunResult.ProcessSummary::name).containsExactly("a", "b");
        assertThat(res.statements()).isEqualTo(4);
    }

    @Test
    void aSettingAfterTheMachineWasBuiltIsRefusedNotIgnored() throws Exception {
        Run r = run("memory 1MiB\nspawn p\n");
        r.kernel();
        assertThatThrownBy(r::step).hasMessageContaining("t.cow:1:1: the machine is already built");
    }

    @Test
    void longReadsAreShownCut() throws Exception {
        List<StepResult> s = steps("spawn p\np map m 8KiB rw\np fill m 0 8KiB 0x41\np read m 8KiB\n");
        assertThat(s.get(3).output().getFirst()).endsWith("\"... (8192 bytes)").hasSizeLessThan(300);
    }

    @Test
    void anEmptyScenarioRunsAndReportsAnIdleMachine() throws Exception {
        Run r = run("# nothing\n\n");
        assertThat(r.hasNext()).isFalse();
        assertThat(r.result().stats().get(Counter.FRAMES_IN_USE)).isZero();
    }

    @Test
    void smapsAndPmapShowEachRegionAsLinuxDoes() throws Exception {
        List<StepResult> s = steps("""
                spawn p
                p map data 16KiB rw
                p fill data 0 8KiB 1
                fork p q
                show q smaps
                show q pmap
                """);
        assertThat(s.get(4).output().getFirst()).startsWith("q (pid 2): /proc/2/smaps\n"
                + "1000000000-1000004000 rw-p 00000000 00:00 0          [anon:data]\n"
                + "Size:                 16 kB\n"
                + "Rss:                   8 kB\n"
                + "Pss:                   4 kB\n"
                + "Shared_Clean:          0 kB\n"
                + "Shared_Dirty:          8 kB\n");
        assertThat(s.get(5).output().getFirst()).contains("      1000000000 rw-p       16        8        4 ");
    }

    @Test
    void anUnknownViewIsALocatedError() {
        assertThatThrownBy(() -> Scenario.parse("t.cow", "spawn p\nshow p maps\n"))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("t.cow:2:8: unknown view 'maps'; expected smaps or pmap");
    }
}
