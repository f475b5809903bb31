package keras4j.datasets;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import keras4j.Keras4jException;
import keras4j.datasets.internal.CsvReader;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Loads labeled examples from a CSV file: every column but the label becomes a float feature; the
 * label becomes a class id (or stays a number). The text is UTF-8 (a byte-order mark is skipped) and
 * cells may be quoted as RFC 4180 has it ({@code "1,5"} is one cell). A cell that is not a number is
 * reported with its row and column.
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
     * @param file    the CSV file, UTF-8 (with or without a byte-order mark)
     * @param options label column, header, delimiter, class names
     * @return features {@code [rows, columns - 1]} and labels {@code [rows]}
     */
    public static LabeledData load(Path file, CsvOptions options) {
        try (CsvReader csv = CsvReader.open(file, options.delimiter())) {
            return read(csv, options);
        }
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
        try (CsvReader csv = new CsvReader(in, name, options.delimiter())) {
            return read(csv, options);
        }
    }

    private static LabeledData read(CsvReader csv, CsvOptions options) {
        String name = csv.name();
        List<float[]> rows = new ArrayList<>();
        List<Float> labels = new ArrayList<>();
        List<String> header = null;
        int columns = -1;
        int labelColumn = -1;
        for (List<String> cells = csv.next(); cells != null; cells = csv.next()) {
            int line = csv.line();
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
                        + ". Check for a missing or extra delimiter ("
                        + CsvReader.quote(String.valueOf(options.delimiter())) + ").");
            }
            // Only a caller who never said whether there is a header is told about CsvOptions.header.
            boolean firstLineMayBeHeader = rows.isEmpty() && header == null && !options.headerGiven();
            float[] features = new float[columns - 1];
            for (int c = 0, f = 0; c < columns; c++) {
                if (c == labelColumn) {
                    labels.add(label(cells.get(c), options, name, line, c, header, firstLineMayBeHeader));
                } else {
                    features[f++] = number(cells.get(c), name, line, c, header, firstLineMayBeHeader);
                }
            }
            rows.add(features);
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

    private static float number(String cell, String name, int line, int column, List<String> header,
                                boolean firstLineMayBeHeader) {
        if (CsvReader.isNumber(cell)) {
            return Float.parseFloat(cell);
        }
        throw new Keras4jException("Cell at row " + line + ", column " + (column + 1) + columnName(header, column)
                + " of " + name + " is " + CsvReader.quote(cell) + ", " + CsvReader.whyNotANumber(cell)
                + ". Expected a finite number in every feature cell. Fix or drop that row" + (firstLineMayBeHeader
                ? ", or pass new CsvOptions().header(true) if the first line holds column names" : "") + ".");
    }

    private static float label(String cell, CsvOptions options, String name, int line, int column,
                               List<String> header, boolean firstLineMayBeHeader) {
        if (options.classNames().isEmpty()) {
            return number(cell, name, line, column, header, firstLineMayBeHeader);
        }
        int id = options.classNames().indexOf(cell);
        if (id < 0) {
            throw new Keras4jException("Label at row " + line + ", column " + (column + 1) + columnName(header, column)
                    + " of " + name + " is " + CsvReader.quote(cell) + ", not one of the class names "
                    + options.classNames() + ". Add it to CsvOptions.classNames or fix the row.");
        }
        return id;
    }

    private static String columnName(List<String> header, int column) {
        return header == null ? "" : " (" + CsvReader.quote(header.get(column)) + ")";
    }
}
