package keras4j.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import picocli.CommandLine;

/**
 * Runs the {@code keras4j} command line: {@code keras4j train mnist-mlp}, {@code keras4j --help}.
 *
 * <pre>{@code
 * int status = Main.commandLine(out, err, false).execute("evaluate", "runs/iris/model.keras4j");
 * }</pre>
 */
public final class Main {
    /** The option that shows stack traces and DL4J's INFO logging. */
    public static final String DEBUG = "--debug";

    private static final String LOG_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";

    private Main() {
    }

    /**
     * Runs one command and exits with its status.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        boolean debug = Arrays.asList(args).contains(DEBUG);
        // Before any DL4J class loads: slf4j-simple reads its level once, at its first logger.
        if (System.getProperty(LOG_LEVEL) == null) {
            System.setProperty(LOG_LEVEL, debug ? "info" : "warn");
        }
        System.setProperty("java.awt.headless", "true");
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int status = commandLine(out, err, System.console() != null).execute(args);
        out.flush();
        err.flush();
        System.exit(status);
    }

    /**
     * The command line with its subcommands, writers and error handling; what {@link #main} runs
     * and what tests call in-process.
     *
     * @param out         where results go
     * @param err         where errors go
     * @param progressBar whether {@code out} is a terminal's standard output, where training may
     *                    redraw a progress bar (otherwise it writes one line per epoch)
     * @return the command line, ready to {@code execute}
     */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err, boolean progressBar) {
        CommandLine cli = new CommandLine(new Keras4jCommand(progressBar));
        cli.setOut(out);
        cli.setErr(err);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        ErrorHandler handler = new ErrorHandler();
        cli.setParameterExceptionHandler(handler);
        cli.setExecutionExceptionHandler(handler);
        // picocli hands only Exceptions to the handler; an Error (out of memory) is turned into one line here.
        CommandLine.IExecutionStrategy run = new CommandLine.RunLast();
        cli.setExecutionStrategy(parsed -> {
            try {
                return run.execute(parsed);
            } catch (Error e) {
                return handler.handleError(e, parsed);
            }
        });
        return cli;
    }
}
