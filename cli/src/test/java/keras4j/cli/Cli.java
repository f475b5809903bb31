package keras4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;

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

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true), false).execute(args);
        return new Run(status, out.toString(), err.toString());
    }
}
