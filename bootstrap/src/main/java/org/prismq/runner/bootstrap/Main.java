package org.prismq.runner.bootstrap;

import java.io.PrintStream;
import java.util.List;

/**
 * Starts PrismQ Runner from the command line. The only class that writes to the standard streams: the start-up
 * line and the help go to stdout, configuration errors to stderr; everything else goes through
 * {@link System.Logger}.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out, System.err));
    }

    /**
     * Starts the service and returns once it is shut down (by SIGTERM or Ctrl-C through the shutdown hook), or
     * at once with the exit code for {@code --help} and configuration errors.
     */
    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.contains("--help") || args.contains("-h")) {
            out.print(Help.text());
            return 0;
        }
        LogFormat.install();
        Service service;
        try {
            Config config = Config.parse(args, System::getenv);
            service = Service.start(config);
        } catch (StartupException | ConfigException refused) {
            err.println("prismq-runner: " + refused.getMessage());
            return 2;
        }
        out.println("PrismQ Runner listening on " + service.url());
        out.flush();
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("prismq-shutdown").unstarted(() -> {
            service.close();
            // A JVM ended by SIGTERM exits with 143; a clean shutdown is a success, so say 0.
            Runtime.getRuntime().halt(0);
        }));
        service.awaitClosed();
        return 0;
    }
}
