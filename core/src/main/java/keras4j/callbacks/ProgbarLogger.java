package keras4j.callbacks;

import java.io.Flushable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;


/**
 * Keras's training output, {@code ProgbarLogger}. On a terminal (verbose 1) a progress bar
 * redrawn in place:
 * {@code 1500/1875 ━━━━━━━━━━━━━━━━──── 1s 2ms/step - accuracy: 0.9312 - loss: 0.2301}, ending
 * with the epoch's time and its validation results; otherwise (verbose 2, or output that is not a
 * terminal) one line per epoch with no control codes. {@code fit} adds one by itself when
 * {@code verbose} is above 0; pass one to {@code callbacks} to write somewhere else.
 *
 * <pre>{@code
 * StringBuilder log = new StringBuilder();
 * model.fit(x, y, new FitOptions().epochs(3).verbose(0).callbacks(new ProgbarLogger(log, false)));
 * }</pre>
 */
public final class ProgbarLogger extends Callback {
    private static final int BAR_WIDTH = 20;
    private static final long REDRAW_NANOS = 50_000_000L;

    private final Appendable out;
    private final boolean bar;
    private int steps;
    private int seen;
    private long epochStart;
    private long lastDraw;
    private int lastWidth;

    /** Writes to standard output: the bar on a terminal, else a line per epoch. */
    public ProgbarLogger() {
        this(System.out, System.console() != null);
    }

    /**
     * @param out where to write
     * @param bar true for the redrawn bar (on a terminal), false for a line per epoch
     */
    public ProgbarLogger(Appendable out, boolean bar) {
        this.out = out;
        this.bar = bar;
    }

    @Override
    public void onEpochBegin(int epoch, Map<String, Double> logs) {
        Object epochs = getParams().get("epochs");
        write("Epoch " + (epoch + 1) + "/" + (epochs == null ? "?" : epochs) + "\n");
        Object known = getParams().get("steps");
        steps = known instanceof Integer n ? n : -1;
        seen = 0;
        epochStart = System.nanoTime();
        lastDraw = 0;
        lastWidth = 0;
    }

    @Override
    public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
        seen = batch + 1;
        long now = System.nanoTime();
        if (!bar || (now - lastDraw < REDRAW_NANOS && batch + 1 != steps)) {
            return;
        }
        lastDraw = now;
        int done = batch + 1;
        double perStep = (now - epochStart) / 1e9 / done;
        String eta = steps > 0 ? seconds(perStep * (steps - done)) : seconds((now - epochStart) / 1e9);
        redraw(counter(done) + " " + bar(done) + " " + eta + " " + perStep(perStep) + metrics(logs));
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        double elapsed = (System.nanoTime() - epochStart) / 1e9;
        int done = steps > 0 ? steps : seen;
        double perStep = done > 0 ? elapsed / done : 0;
        if (bar) {
            redraw(counter(done) + " " + bar(done) + " " + seconds(elapsed) + " " + perStep(perStep) + metrics(logs));
            write("\n");
        } else {
            write(counter(done) + " - " + seconds(elapsed) + " - " + perStep(perStep) + metrics(logs) + "\n");
        }
    }

    private String counter(int done) {
        String total = steps > 0 ? Integer.toString(steps) : "Unknown";
        String count = Integer.toString(done);
        return " ".repeat(Math.max(0, total.length() - count.length())) + count + "/" + total;
    }

    private String bar(int done) {
        int filled = steps > 0 ? (int) ((long) BAR_WIDTH * done / steps) : 0;
        return "\u001b[32m" + "\u2501".repeat(filled) + "\u001b[0m\u001b[37m" + "\u2501".repeat(BAR_WIDTH - filled)
                + "\u001b[0m";
    }

    /** @return Keras's " - name: value" list, names sorted as Keras 3 prints them */
    static String metrics(Map<String, Double> logs) {
        StringBuilder s = new StringBuilder();
        for (Map.Entry<String, Double> e : new TreeMap<>(logs).entrySet()) {
            s.append(" - ").append(e.getKey()).append(": ").append(format(e.getValue()));
        }
        return s.toString();
    }

    /** @return a metric value as Keras prints it: 4 decimals, or scientific when tiny */
    static String format(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return Double.toString(value).toLowerCase(Locale.ROOT);
        }
        return Math.abs(value) > 1e-3 || value == 0 ? String.format(Locale.ROOT, "%.4f", value)
                : String.format(Locale.ROOT, "%.4e", value);
    }

    private static String seconds(double s) {
        if (s >= 3600) {
            return String.format(Locale.ROOT, "%d:%02d:%02d", (long) s / 3600, ((long) s % 3600) / 60, (long) s % 60);
        }
        if (s >= 60) {
            return String.format(Locale.ROOT, "%d:%02d", (long) s / 60, (long) s % 60);
        }
        return Math.round(s) + "s";
    }

    private static String perStep(double s) {
        if (s >= 1) {
            return Math.round(s) + "s/step";
        }
        if (s >= 1e-3) {
            return Math.round(s * 1e3) + "ms/step";
        }
        return Math.round(s * 1e6) + "us/step";
    }

    private void redraw(String line) {
        int visible = line.replaceAll("\u001b\\[[0-9;]*m", "").length();
        write("\r" + line + " ".repeat(Math.max(0, lastWidth - visible)));
        lastWidth = visible;
    }

    private void write(String s) {
        try {
            out.append(s);
            if (out instanceof Flushable flushable) {
                flushable.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
