package keras4j.callbacks;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import keras4j.Keras4jException;

/**
 * Saves the model (or only its weights) after epochs, as Keras's {@code ModelCheckpoint}: the file
 * pattern may hold {@code {epoch}} (counted from 1, as in Keras) and any metric, with Python-style
 * formats ({@code {epoch:02d}}, {@code {val_loss:.4f}}). Each file is written atomically.
 *
 * <pre>{@code
 * new ModelCheckpoint("checkpoints/model-{epoch:02d}-{val_loss:.3f}.keras4j");
 * new ModelCheckpoint("best.keras4j").monitor("val_accuracy").saveBestOnly(true);
 * }</pre>
 */
public final class ModelCheckpoint extends Callback {
    private static final Pattern FIELD = Pattern.compile("\\{(\\w+)(?::([^}]*))?}");

    private final String filepath;
    private Best best = new Best("val_loss");
    private boolean saveBestOnly;
    private boolean saveWeightsOnly;
    private int frequency = 1;
    private Path lastSaved;

    /** Tracks the monitored metric for {@link #saveBestOnly}. */
    private static final class Best extends MonitorCallback {
        Best(String monitor) {
            super(monitor);
        }
    }

    /** @param filepath the file pattern */
    public ModelCheckpoint(String filepath) {
        this.filepath = filepath;
    }

    /** @param metric the metric deciding what is best (default "val_loss") @return this */
    public ModelCheckpoint monitor(String metric) {
        this.best = new Best(metric);
        return this;
    }

    /** @param mode "auto", "min" or "max" @return this */
    public ModelCheckpoint mode(String mode) {
        best.setMode(mode);
        return this;
    }

    /** @param only save only when the monitored metric improves @return this */
    public ModelCheckpoint saveBestOnly(boolean only) {
        this.saveBestOnly = only;
        return this;
    }

    /** @param only save weights without the optimizer's state @return this */
    public ModelCheckpoint saveWeightsOnly(boolean only) {
        this.saveWeightsOnly = only;
        return this;
    }

    /** @param epochs save every this many epochs (default 1) @return this */
    public ModelCheckpoint frequency(int epochs) {
        if (epochs < 1) {
            throw new Keras4jException("ModelCheckpoint: frequency must be >= 1 epoch; received " + epochs + ".");
        }
        this.frequency = epochs;
        return this;
    }

    /** @return the last file written, or null */
    public Path getLastSaved() {
        return lastSaved;
    }

    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        best.resetBest();
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        if ((epoch + 1) % frequency != 0) {
            return;
        }
        if (saveBestOnly) {
            Double value = best.monitored(logs);
            if (value == null || !best.isImprovement(value)) {
                return;
            }
            best.setBest(value);
        }
        Path path = Paths.get(format(filepath, epoch, logs));
        if (saveWeightsOnly) {
            getModel().saveWeights(path);
        } else {
            getModel().save(path);
        }
        lastSaved = path;
    }

    /** @return the pattern with {epoch} (from 1) and metric fields filled in */
    static String format(String pattern, int epoch, Map<String, Double> logs) {
        Matcher m = FIELD.matcher(pattern);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String spec = m.group(2);
            Object value;
            if (name.equals("epoch")) {
                value = epoch + 1;
            } else if (logs.containsKey(name)) {
                value = logs.get(name);
            } else {
                throw new Keras4jException("ModelCheckpoint: the file pattern '" + pattern + "' uses {" + name + "}, "
                        + "which is not among this epoch's metrics: epoch, " + String.join(", ", logs.keySet()) + ".");
            }
            String text;
            if (spec == null || spec.isEmpty()) {
                text = String.valueOf(value);
            } else if (value instanceof Integer i) {
                text = String.format(Locale.ROOT, "%" + spec.replace("f", "d"), i);
            } else {
                text = String.format(Locale.ROOT, "%" + spec.replace("d", "f"), (Double) value);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(text));
        }
        m.appendTail(out);
        return out.toString();
    }
}
