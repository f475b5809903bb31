package keras4j.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import keras4j.Keras4jException;
import org.datavec.api.records.reader.impl.csv.CSVRecordReader;
import org.datavec.api.split.FileSplit;
import org.datavec.api.split.InputSplit;
import org.datavec.api.split.InputStreamInputSplit;
import org.datavec.api.writable.Writable;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Loads labeled examples from a CSV file with DataVec's {@link CSVRecordReader}: every column but
 * the label becomes a float feature; the label becomes a class id (or stays a number). A cell that
 * is not a number is reported with its row and column.
 *
 * <pre>{@code
 * LabeledData data = Csv.load(Path.of("diabetes.csv"), new CsvOptions().header(true));   // label last
 * TrainTestSplit split = DataUtils.trainTestSplit(data, 0.2, 42, true);
 * }</pre>
 */
public final class Csv {
    private Csv() {
    }

    /**
     * Loads a headerless, comma-separated file whose last column is a numeric label.
     *
     * @param file the CSV file
     * @return features {@code [rows, columns - 1]} and labels {@code [rows]}
     */
    public static LabeledData load(Path file) {
        return load(file, new CsvOptions());
    }

    /**
     * @param file    the CSV file
     * @param options label column, header, delimiter, class names
     * @return features {@code [rows, columns - 1]} and labels {@code [rows]}
     */
    public static LabeledData load(Path file, CsvOptions options) {
        if (!Files.isRegularFile(file)) {
            throw new Keras4jException("CSV file " + file.toAbsolutePath() + " does not exist (or is not a file). "
                    + "Check the path.");
        }
        return read(new FileSplit(file.toFile()), file.toString(), options);
    }

    /**
     * Loads CSV text from a stream, e.g. a resource in a jar.
     *
     * @param in      the CSV text, UTF-8; closed when done
     * @param name    how errors name the source
     * @param options label column, header, delimiter, class names
     * @return features {@code [rows, columns - 1]} and labels {@code [rows]}
     */
    public static LabeledData load(InputStream in, String name, CsvOptions options) {
        try (InputStream stream = in) {
            return read(new InputStreamInputSplit(stream), name, options);
        } catch (IOException e) {
            throw new Keras4jException("Cannot read CSV " + name + ": " + e + ".", e);
        }
    }

    private static LabeledData read(InputSplit split, String name, CsvOptions options) {
        List<float[]> rows = new ArrayList<>();
        List<Float> labels = new ArrayList<>();
        List<String> header = null;
        int columns = -1;
        int labelColumn = -1;
        try (CSVRecordReader reader = new CSVRecordReader(0, options.delimiter())) {
            reader.initialize(split);
            int line = 0;
            while (reader.hasNext()) {
                line++;
                List<String> cells = new ArrayList<>();
                for (Writable w : reader.next()) {
                    cells.add(w.toString().strip());
                }
                if (cells.size() == 1 && cells.get(0).isEmpty()) {
                    continue;
                }
                if (options.header() && header == null) {
                    header = cells;
                    columns = cells.size();
                    labelColumn = labelColumn(options, columns, name);
                    continue;
                }
                if (columns < 0) {
                    columns = cells.size();
                    labelColumn = labelColumn(options, columns, name);
                }
                if (cells.size() != columns) {
                    throw new Keras4jException("Row " + line + " of " + name + " has " + cells.size() + " cells, "
                            + "expected " + columns + " like the " + (header != null ? "header" : "first row")
                            + ". Check for a missing or extra delimiter ('" + options.delimiter() + "').");
                }
                float[] features = new float[columns - 1];
                for (int c = 0, f = 0; c < columns; c++) {
                    if (c == labelColumn) {
                        labels.add(label(cells.get(c), options, name, line, c, header));
                    } else {
                        features[f++] = number(cells.get(c), name, line, c, header);
                    }
                }
                rows.add(features);
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (e instanceof Keras4jException k) {
                throw k;
            }
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new Keras4jException("Cannot read CSV " + name + ": " + e + ". Check that it is a readable text "
                    + "file.", e);
        }
        if (rows.isEmpty()) {
            throw new Keras4jException("CSV " + name + " has no data rows" + (options.header() ? " after its header"
                    : "") + ". Expected at least one row of numbers.");
        }
        float[] y = new float[labels.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = labels.get(i);
        }
        return new LabeledData(Nd4j.createFromArray(rows.toArray(new float[0][])), Nd4j.createFromArray(y));
    }

    private static int labelColumn(CsvOptions options, int columns, String name) {
        if (columns < 2) {
            throw new Keras4jException("CSV " + name + " has " + columns + " column; expected features and a label "
                    + "(at least 2 columns). Check the delimiter (now '" + options.delimiter() + "').");
        }
        int column = options.labelColumn() == CsvOptions.LAST ? columns - 1 : options.labelColumn();
        if (column >= columns) {
            throw new Keras4jException("CSV " + name + " has " + columns + " columns, but the label column is "
                    + column + " (0-based). Pass a labelColumn below " + columns + ".");
        }
        return column;
    }

    private static float number(String cell, String name, int line, int column, List<String> header) {
        try {
            float value = Float.parseFloat(cell);
            if (Float.isFinite(value)) {
                return value;
            }
        } catch (NumberFormatException e) {
            // Reported below, with the place.
        }
        throw new Keras4jException("Cell at row " + line + ", column " + (column + 1) + columnName(header, column)
                + " of " + name + " is '" + cell + "', not a number. Expected a finite number in every feature "
                + "cell. Fix or drop that row" + (line == 1 && header == null
                ? ", or pass new CsvOptions().header(true) if the first line holds column names" : "") + ".");
    }

    private static float label(String cell, CsvOptions options, String name, int line, int column,
                               List<String> header) {
        if (options.classNames().isEmpty()) {
            return number(cell, name, line, column, header);
        }
        int id = options.classNames().indexOf(cell);
        if (id < 0) {
            throw new Keras4jException("Label at row " + line + ", column " + (column + 1) + columnName(header, column)
                    + " of " + name + " is '" + cell + "', not one of the class names " + options.classNames()
                    + ". Add it to CsvOptions.classNames or fix the row.");
        }
        return id;
    }

    private static String columnName(List<String> header, int column) {
        return header == null ? "" : " ('" + header.get(column) + "')";
    }
}
