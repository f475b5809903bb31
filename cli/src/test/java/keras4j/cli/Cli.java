package keras4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;

import picocli.CommandLine;

/** Runs the command line in-process with its output captured. */
final class Cli {
    private Cli() {
    }

    /** What a command printed and returned. */
    record Run(int status, String out, String err) {
        /** Checks a bad-usage failure: status 2 and exactly one line on stderr, containing {@code text}. */
        Run assertUsageError(String text) {
            assertEquals(2, status, "status; out=" + out + " err=" + err);
            assertEquals(1, err.lines().count(), "one line on stderr: " + err);
            assertTrue(err.startsWith("Error: ") && err.contains(text), err);
            return this;
        }

        Run assertOk() {
            assertEquals(0, status, "status; out=" + out + " err=" + err);
            assertFalse(out.contains("\u001b"), "no control codes: " + out);
            return this;
        }
    }

    /**
     * One command line built once and run many times, as a fuzz test runs it (building picocli's
     * model of every command costs more than refusing a bad file); each run's output is its own.
     */
    static final class Reused {
        private final StringWriter out = new StringWriter();
        private final StringWriter err = new StringWriter();
        private final CommandLine cli = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true),
                false);

        Run run(String... args) {
            out.getBuffer().setLength(0);
            err.getBuffer().setLength(0);
            int status = cli.execute(args);
            return new Run(status, out.toString(), err.toString());
        }
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true), false).execute(args);
        return new Run(status, out.toString(), err.toString());
    }
}
