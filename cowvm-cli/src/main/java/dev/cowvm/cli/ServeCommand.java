package dev.cowvm.cli;

import dev.cowvm.script.Examples;
import dev.cowvm.script.Scenario;
import dev.cowvm.script.ScenarioException;
import dev.cowvm.web.ScenarioText;
import dev.cowvm.web.WebLimits;
import dev.cowvm.web.WebServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cowvm serve [FILE]}: the browser visualizer. Serves the page and its API until
 * interrupted. A file with errors in it is served all the same: the page shows each error
 * at its line, so it can be fixed there.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Open the visualizer: a page that shows page tables, frames and copy-on-write as a scenario"
                + " runs, statement by statement.",
                "Serves http://127.0.0.1:8080/ (this machine only) until interrupted with Ctrl-C."})
final class ServeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "0..1",
            description = "A scenario to open in the page (default: examples/slide.cow, the slide's story).")
    Path file;

    @Option(names = "--port", paramLabel = "N", defaultValue = "8080",
            description = "The port to listen on (default: ${DEFAULT-VALUE}); 0 picks a free one.")
    int port;

    @Option(names = "--host", paramLabel = "H", defaultValue = "127.0.0.1",
            description = "The address to listen on (default: ${DEFAULT-VALUE}: this machine only)."
                    + " Any other address lets others on the network use it, with a warning.")
    String host;

    private final CountDownLatch stop = new CountDownLatch(1);

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            return serve(out, err);
        } finally {
            out.flush();
            err.flush();
        }
    }

    private int serve(PrintWriter out, PrintWriter err) {
        if (port < 0 || port > 65535) {
            err.println("cowvm serve: --port " + port + " is not a port; use 1 to 65535, or 0 for a free one");
            return Cowvm.USAGE;
        }
        WebLimits limits = WebLimits.defaults();
        ScenarioText initial = initial(err, limits);
        if (initial == null) {
            return Cowvm.USAGE;
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            err.println("cowvm serve: --host " + host + ": no such address on this machine");
            return Cowvm.USAGE;
        }
        if (!address.isLoopbackAddress()) {
            err.println("cowvm serve: warning: listening on " + host + ", not only on this machine: anyone who can"
                    + " reach it on port " + port + " can run scenarios here (within the limits)");
        }
        WebServer web;
        try {
            web = WebServer.start(new InetSocketAddress(address, port), limits, initial,
                    line -> {
                        err.println(line);
                        err.flush();
                    });
        } catch (BindException e) {
            err.println("cowvm serve: cannot listen on " + host + ":" + port + " (" + e.getMessage()
                    + "); choose another --port, or --port 0 for a free one");
            return Cowvm.USAGE;
        } catch (IOException e) {
            err.println("cowvm serve: cannot listen on " + host + ":" + port + ": " + e.getMessage());
            return Cowvm.USAGE;
        }
        Thread hook = new Thread(() -> {
            web.close();
            stop.countDown();
        }, "cowvm-serve-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        out.println("cowvm visualizer: " + web.uri() + "  (showing " + initial.name() + "; Ctrl-C to stop)");
        out.flush();
        err.flush();
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            web.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException stopping) {
                // The JVM is already shutting down: the hook is running.
            }
        }
        return Cowvm.OK;
    }

    /** The scenario the page opens with, or null after saying why the file cannot be read. */
    private ScenarioText initial(PrintWriter err, WebLimits limits) {
        if (file == null) {
            return new ScenarioText("slide.cow", Examples.text("slide"));
        }
        String text;
        try {
            text = Scenario.read(file, limits.maxScenarioBytes());
        } catch (IOException e) {
            err.println(Common.fileProblem(file, e));
            return null;
        } catch (ScenarioException e) {
            err.print(e.report());
            return null;
        }
        try {
            Scenario.parse(file.toString(), text, new Scenario.Limits(limits.maxStatements(),
                    limits.maxScenarioBytes()));
        } catch (ScenarioException e) {
            err.println("cowvm serve: " + file + " has errors; the page shows them at their lines:");
            err.print(e.report());
            err.flush();
        }
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        return new ScenarioText(name, text);
    }
}
