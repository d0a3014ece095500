package dev.cowvm.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code cowvm} command: the entry point of the runnable jar. */
@Command(name = "cowvm",
        mixinStandardHelpOptions = true,
        versionProvider = Cowvm.Version.class,
        description = "Paged virtual memory with copy-on-write fork and zero-fill-on-demand, holding real bytes.",
        subcommands = {DemoCommand.class, RunCommand.class, CheckCommand.class, CompareCommand.class,
                ReplayCommand.class, RecordCommand.class, ServeCommand.class, QuizCommand.class, ExecCommand.class,
                picocli.AutoComplete.GenerateCompletion.class, CommandLine.HelpCommand.class})
public final class Cowvm implements Runnable {
    /** Exit code: success. */
    public static final int OK = 0;
    /** Exit code: an expectation of a scenario failed. */
    public static final int EXPECTATION_FAILED = 1;
    /** Exit code: bad usage or a syntax error. */
    public static final int USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Exit code: a fault of cowvm itself (a bug), never of the input. */
    public static final int INTERNAL_ERROR = 3;

    @CommandLine.Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
            description = "On an internal error, print the stack trace.")
    boolean debug;

    /** What {@code -} and an {@code exec} program's console read: standard input, or what a test gives. */
    InputStream stdin = System.in;

    /**
     * A command line that reads {@code stdin} and whose {@code exec} programs write
     * {@code consoleOut} (bytes, unchanged) instead of the host terminal.
     */
    static CommandLine commandLine(InputStream stdin, java.io.OutputStream consoleOut) {
        CommandLine cl = commandLine(stdin);
        ((ExecCommand) cl.getSubcommands().get("exec").getCommand()).consoleOut(consoleOut);
        return cl;
    }

    /** A command line with cowvm's exit codes and error handling. */
    public static CommandLine commandLine() {
        return commandLine(System.in);
    }

    /**
     * A command line whose commands read {@code stdin} for the file {@code -}.
     *
     * @param stdin what {@code cowvm run -}, {@code cowvm check -} and an {@code exec} program read
     * @return the command line
     */
    public static CommandLine commandLine(InputStream stdin) {
        Cowvm top = new Cowvm();
        top.stdin = stdin;
        CommandLine cl = new CommandLine(top);
        cl.getCommandSpec().exitCodeOnInvalidInput(USAGE);
        cl.getSubcommands().get("generate-completion").getCommandSpec().usageMessage().hidden(false);
        // Everything after the program's name is the program's: `exec usertests -q`.
        cl.getSubcommands().get("exec").setStopAtPositional(true);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            err.println("cowvm: internal error: " + e + (top.debug ? "" : " (run with --debug for details)"));
            if (top.debug) {
                e.printStackTrace(err);
            }
            err.flush();
            return INTERNAL_ERROR;
        });
        return cl;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The version from the jar's manifest, or "development" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Cowvm.class.getPackage().getImplementationVersion();
            return new String[] {"cowvm " + (v == null ? "development" : v),
                    "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")"};
        }
    }
}
