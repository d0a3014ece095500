package dev.cowvm.cli;

import dev.cowvm.script.Examples;
import dev.cowvm.script.RunOptions;
import dev.cowvm.script.RunResult;
import dev.cowvm.script.ScenarioException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code cowvm demo}: the slide's story, told by a real kernel. It runs the example scenario
 * {@code examples/slide.cow}, shipped in the jar, echoing each statement and explaining what
 * the kernel did and why, with the page tables and frames drawn after each step.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Tell the copy-on-write story of the lecture slide, step by step, on a real kernel.",
                "It runs examples/slide.cow: run that file yourself, or change it, with 'cowvm run --explain'."})
final class DemoCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    Common common;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Style style = common.style();
        out.println(style.heading("cowvm demo: copy-on-write, as the lecture slide tells it"));
        out.println("Each statement of examples/slide.cow is shown after a '$', what the kernel did after a '->'.");
        try {
            RunResult r = new ScenarioRunner(out, style, true, common.progress)
                    .run(Examples.scenario("slide"), RunOptions.defaults().withExplain(true), true, null);
            return r.ok() ? Cowvm.OK : Cowvm.EXPECTATION_FAILED;
        } catch (ScenarioException e) {
            spec.commandLine().getErr().print(e.report());
            return Cowvm.USAGE;
        }
    }
}
