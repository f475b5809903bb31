package keras4j.cli;

import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

import keras4j.Keras4jException;

/**
 * Turns failures into one line on standard error and an exit status: 2 for bad usage or bad input
 * (picocli's parameter errors, {@link Keras4jException}, missing files), 1 for anything else. With
 * {@code --debug} the stack trace follows.
 */
final class ErrorHandler implements IParameterExceptionHandler, IExecutionExceptionHandler {
    /** Exit status of bad usage or bad input. */
    static final int USAGE = CommandLine.ExitCode.USAGE;
    /** Exit status of a failure while running. */
    static final int FAILURE = CommandLine.ExitCode.SOFTWARE;

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("Error: " + oneLine(e.getMessage()) + " See '" + cmd.getCommandSpec().qualifiedName()
                + " --help'.");
        if (debug(args)) {
            e.printStackTrace(err);
        }
        err.flush();
        return USAGE;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        boolean debug = debug(parsed.originalArgs().toArray(new String[0]));
        int status;
        if (e instanceof Keras4jException) {
            err.println("Error: " + oneLine(e.getMessage()));
            status = USAGE;
        } else if (e instanceof NoSuchFileException || e instanceof AccessDeniedException) {
            err.println("Error: " + (e instanceof NoSuchFileException ? "No such file: " : "Access denied: ")
                    + e.getMessage());
            status = USAGE;
        } else {
            err.println("Error: " + oneLine(String.valueOf(e)) + (debug ? "" : " (run again with --debug for the "
                    + "stack trace)"));
            status = FAILURE;
        }
        if (debug) {
            e.printStackTrace(err);
        }
        err.flush();
        return status;
    }

    /**
     * Reports an {@link Error} (out of memory, a stack overflow) in one line, with what to do about
     * it; the JVM may be short of memory, so this allocates little.
     *
     * @return {@link #FAILURE}
     */
    int handleError(Error e, ParseResult parsed) {
        CommandLine cmd = parsed.subcommand() != null ? parsed.subcommand().commandSpec().commandLine()
                : parsed.commandSpec().commandLine();
        PrintWriter err = cmd.getErr();
        boolean debug = debug(parsed.originalArgs().toArray(new String[0]));
        if (e instanceof OutOfMemoryError) {
            long max = Runtime.getRuntime().maxMemory();
            err.println("Error: keras4j ran out of memory (" + oneLine(e.getMessage()) + ") in '"
                    + cmd.getCommandSpec().qualifiedName() + "'. Java may use " + (max / (1024 * 1024)) + " MB of heap;"
                    + " give it more with KERAS4J_JAVA_OPTS=-Xmx<size> (e.g. -Xmx8g), or use smaller inputs, batches or"
                    + " models.");
        } else {
            err.println("Error: " + oneLine(String.valueOf(e)) + (debug ? "" : " (run again with --debug for the "
                    + "stack trace)"));
        }
        if (debug) {
            e.printStackTrace(err);
        }
        err.flush();
        return FAILURE;
    }

    private static boolean debug(String[] args) {
        for (String arg : args) {
            if (Main.DEBUG.equals(arg)) {
                return true;
            }
        }
        return false;
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
