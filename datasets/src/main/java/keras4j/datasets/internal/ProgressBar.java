package keras4j.datasets.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line download progress bar, redrawn in place with carriage returns. Shown only when the
 * program runs in a terminal, so logs and CI output stay clean.
 *
 * <pre>{@code
 * ProgressBar bar = ProgressBar.forTerminal("train-images-idx3-ubyte.gz", contentLength);
 * try (InputStream in = bar.count(connection.getInputStream())) { ... } finally { bar.done(); }
 * }</pre>
 */
public final class ProgressBar {
    private static final int WIDTH = 30;
    private final String label;
    private final long total;
    private final PrintStream out;
    private long done;
    private int lastStep = -1;

    private ProgressBar(String label, long total, PrintStream out) {
        this.label = label;
        this.total = total;
        this.out = out;
    }

    /**
     * @param label what is downloaded
     * @param total the size in bytes, or a negative number when unknown
     * @return a bar drawing on standard error, or {@code null} when not in a terminal
     */
    public static ProgressBar forTerminal(String label, long total) {
        boolean terminal = System.console() != null && !"dumb".equals(System.getenv("TERM"));
        return terminal ? new ProgressBar(label, total, System.err) : null;
    }

    /**
     * @param in a stream to count the bytes of
     * @return the same bytes, each read advancing the bar
     */
    public InputStream count(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    advance(1);
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                if (n > 0) {
                    advance(n);
                }
                return n;
            }
        };
    }

    private void advance(long bytes) {
        done += bytes;
        int percent = total > 0 ? (int) Math.min(100, done * 100 / total) : -1;
        int step = total > 0 ? percent : (int) (done >> 20);
        if (step == lastStep) {
            return;
        }
        lastStep = step;
        String mb = String.format(Locale.ROOT, "%.1f MB", done / 1e6);
        if (total > 0) {
            int filled = percent * WIDTH / 100;
            out.print("\r" + label + " [" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + percent + "% "
                    + mb);
        } else {
            out.print("\r" + label + " " + mb);
        }
        out.flush();
    }

    /** Ends the line. */
    public void done() {
        out.println();
    }
}
