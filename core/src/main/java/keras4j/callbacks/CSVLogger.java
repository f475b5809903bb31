package keras4j.callbacks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import keras4j.internal.AtomicFiles;

/**
 * Writes each epoch's results to a CSV file, as Keras's {@code CSVLogger}: a header
 * {@code epoch,accuracy,loss,val_accuracy,val_loss}, then one row per epoch. The file is rewritten
 * atomically after every epoch, so it is always complete.
 *
 * <pre>{@code
 * model.fit(x, y, new FitOptions().epochs(10).callbacks(new CSVLogger(Path.of("training.csv"))));
 * }</pre>
 */
public final class CSVLogger extends Callback {
    private final Path file;
    private final String separator;
    private final boolean append;
    private final List<String> lines = new ArrayList<>();
    private List<String> keys;

    /** @param file the CSV file; replaced at the start of training */
    public CSVLogger(Path file) {
        this(file, ",", false);
    }

    /**
     * @param file      the CSV file
     * @param separator the column separator
     * @param append    whether to keep an existing file's rows (to continue a resumed run)
     */
    public CSVLogger(Path file, String separator, boolean append) {
        this.file = file;
        this.separator = separator;
        this.append = append;
    }

    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        lines.clear();
        keys = null;
        if (append && Files.exists(file)) {
            try {
                lines.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("CSVLogger can't read " + file, e);
            }
            if (!lines.isEmpty()) {
                keys = List.of(lines.get(0).split(java.util.regex.Pattern.quote(separator)));
                keys = keys.subList(1, keys.size());
            }
        }
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        if (keys == null) {
            keys = new ArrayList<>(new TreeMap<>(logs).keySet());
            lines.add("epoch" + separator + String.join(separator, keys));
        }
        StringBuilder row = new StringBuilder(Integer.toString(epoch));
        for (String key : keys) {
            Double value = logs.get(key);
            row.append(separator).append(value == null ? "" : String.format(Locale.ROOT, "%s", value));
        }
        lines.add(row.toString());
        try {
            AtomicFiles.write(file, out -> out.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("CSVLogger can't write " + file, e);
        }
    }
}
