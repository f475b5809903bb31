package keras4j.datasets;

import java.util.List;

import keras4j.Keras4jException;
import keras4j.datasets.internal.CsvReader;

/**
 * How {@link Csv#load(java.nio.file.Path, CsvOptions)} reads a file: which column holds the label,
 * whether the first line is a header, the delimiter, and the class names when labels are words.
 * Defaults: label in the last column, no header, comma, numeric labels.
 *
 * <pre>{@code
 * CsvOptions options = new CsvOptions().header(true).labelColumn(4).classNames(List.of("a", "b"));
 * }</pre>
 */
public final class CsvOptions {
    /** {@link #labelColumn(int)} value for the last column. */
    public static final int LAST = -1;

    private int labelColumn = LAST;
    private boolean header;
    private boolean headerGiven;
    private char delimiter = ',';
    private List<String> classNames = List.of();

    /** Options with the defaults. */
    public CsvOptions() {
    }

    /**
     * @param column the 0-based column holding the label, or {@link #LAST}
     * @return these options
     */
    public CsvOptions labelColumn(int column) {
        if (column < LAST) {
            throw new Keras4jException("CsvOptions.labelColumn must be a 0-based column index or CsvOptions.LAST, "
                    + "got " + column + ".");
        }
        this.labelColumn = column;
        return this;
    }

    /**
     * @param hasHeader whether the first line holds column names rather than data
     * @return these options
     */
    public CsvOptions header(boolean hasHeader) {
        this.header = hasHeader;
        this.headerGiven = true;
        return this;
    }

    /**
     * @param separator the character between cells, e.g. {@code ';'} or {@code '\t'}
     * @return these options
     */
    public CsvOptions delimiter(char separator) {
        CsvReader.checkDelimiter(separator);
        this.delimiter = separator;
        return this;
    }

    /**
     * Labels are words: each must be one of these names and becomes its index (the class id).
     *
     * @param names the class names, indexed by class id; empty for numeric labels
     * @return these options
     */
    public CsvOptions classNames(List<String> names) {
        this.classNames = List.copyOf(names);
        return this;
    }

    /** @return the 0-based label column, or {@link #LAST} */
    public int labelColumn() {
        return labelColumn;
    }

    /** @return whether the first line is a header */
    public boolean header() {
        return header;
    }

    /** @return whether {@link #header(boolean)} was called (errors then don't suggest it) */
    public boolean headerGiven() {
        return headerGiven;
    }

    /** @return the delimiter */
    public char delimiter() {
        return delimiter;
    }

    /** @return the class names, empty for numeric labels */
    public List<String> classNames() {
        return classNames;
    }
}
