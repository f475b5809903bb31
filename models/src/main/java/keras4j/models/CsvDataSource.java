package keras4j.models;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import keras4j.Keras4jException;
import keras4j.datasets.Csv;
import keras4j.datasets.CsvOptions;
import keras4j.datasets.DataUtils;
import keras4j.datasets.LabeledData;
import keras4j.datasets.TrainTestSplit;
import keras4j.datasets.internal.CsvReader;

/**
 * A user's table as a data source: one example per row, numeric features, and a label column that
 * holds class names or numbers (classification) or values (regression). The first line is the header
 * when one of its cells is a word above a number. The file is read as UTF-8 (Excel's "CSV UTF-8"
 * included), cells may be quoted as RFC 4180 has it. The rows are split into training and test sets
 * (stratified for classification), and the features standardized with the training rows' statistics.
 *
 * <pre>{@code
 * DataSource table = new CsvDataSource(Path.of("wine.csv")).labelColumn("quality").task(Task.CLASSIFICATION);
 * RecipeData data = table.load();
 * }</pre>
 *
 * <p>Without {@link #task(Task)}, a label column of words, or of at most {@value #MAX_AUTO_CLASSES}
 * distinct integers, means classification; other numbers mean regression.
 */
public final class CsvDataSource implements DataSource {
    /** The name in {@link #getConfig()}. */
    public static final String NAME = "csv";
    /** The most distinct integer labels a column may have to be taken for classes when no task is given. */
    public static final int MAX_AUTO_CLASSES = 20;

    private final Path file;
    private String labelColumn;
    private Task task;
    private char delimiter = ',';
    private double testSize = 0.2;
    private long seed = DataSources.SPLIT_SEED;

    /** @param file the CSV file; read by {@link #load()} */
    public CsvDataSource(Path file) {
        this.file = file.toAbsolutePath().normalize();
    }

    /**
     * @param nameOrIndex the label column's header name, or its 0-based index (default: the last column)
     * @return this source
     */
    public CsvDataSource labelColumn(String nameOrIndex) {
        this.labelColumn = nameOrIndex;
        return this;
    }

    /** @param task classification or regression (default: decided from the labels) @return this source */
    public CsvDataSource task(Task task) {
        if (task == Task.RECONSTRUCTION) {
            throw new Keras4jException("A table's label column is predicted by classification or regression; "
                    + "reconstruction (a model rebuilding its input) is for images, as the fashion-autoencoder recipe "
                    + "does. Use --task classification or --task regression.");
        }
        this.task = task;
        return this;
    }

    /** @param delimiter the character between cells (default ',') @return this source */
    public CsvDataSource delimiter(char delimiter) {
        this.delimiter = delimiter;
        return this;
    }

    /** @param testSize the fraction of rows held out for testing (default 0.2) @return this source */
    public CsvDataSource testSize(double testSize) {
        if (!(testSize > 0 && testSize < 1)) {
            throw new Keras4jException("testSize must be between 0 and 1 (exclusive); received " + testSize + ".");
        }
        this.testSize = testSize;
        return this;
    }

    /** @param seed the split's seed (default 42) @return this source */
    public CsvDataSource seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** @return the file */
    public Path file() {
        return file;
    }

    /**
     * @param other another file
     * @return a source with these options on that file
     */
    public CsvDataSource withFile(Path other) {
        CsvDataSource copy = new CsvDataSource(other).delimiter(delimiter).testSize(testSize).seed(seed);
        copy.labelColumn = labelColumn;
        copy.task = task;
        return copy;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "CSV file " + file;
    }

    @Override
    public Task task() {
        return task != null ? task : scan().task();
    }

    /** What a first pass over the file tells: header, label column, classes. */
    private record Layout(List<String> header, int columns, int labelIndex, Task task, List<String> classNames) {
    }

    private Layout scan() {
        Set<String> labels = new LinkedHashSet<>();
        List<String> first;
        boolean header;
        int labelIndex;
        try (CsvReader csv = CsvReader.open(file, delimiter)) {
            first = csv.next();
            if (first == null) {
                throw noDataRows();
            }
            int firstLine = csv.line();
            List<String> second = csv.next();
            int secondLine = csv.line();
            header = second != null ? isHeader(first, second) : first.stream().anyMatch(c -> !DataSources.isNumber(c));
            labelIndex = labelIndex(first, header);
            if (!header) {
                scanRow(first, firstLine, null, labelIndex, labels);
            }
            List<String> names = header ? first : null;
            for (List<String> cells = second; cells != null; cells = csv.next()) {
                scanRow(cells, cells == second ? secondLine : csv.line(), names, labelIndex, labels);
            }
        }
        if (labels.isEmpty()) {
            throw noDataRows();
        }
        boolean numeric = labels.stream().allMatch(DataSources::isNumber);
        boolean integers = numeric && labels.stream().allMatch(l -> Double.parseDouble(l) == Math.rint(
                Double.parseDouble(l)));
        Task chosen = task != null ? task
                : !numeric || (integers && labels.size() <= MAX_AUTO_CLASSES) ? Task.CLASSIFICATION : Task.REGRESSION;
        if (chosen == Task.REGRESSION && !numeric) {
            String word = labels.stream().filter(l -> !DataSources.isNumber(l)).findFirst().orElse("");
            throw new Keras4jException("Column " + describeLabel(first, header, labelIndex) + " of " + file
                    + " holds " + CsvReader.quote(word) + ", not a number, so it can't be a regression target. Use "
                    + "--task classification, or choose another --label-column.");
        }
        List<String> classNames = chosen == Task.CLASSIFICATION ? DataSources.sortedLabels(new ArrayList<>(labels))
                : List.of();
        return new Layout(header ? first : null, first.size(), labelIndex, chosen, classNames);
    }

    private Keras4jException noDataRows() {
        return new Keras4jException("CSV file " + file + " has no data rows. Expected a table of numbers with a "
                + "label column, one example per line.");
    }

    /** Collects a data row's label and checks that its feature cells are numbers. */
    private void scanRow(List<String> cells, int line, List<String> header, int labelIndex, Set<String> labels) {
        if (labelIndex < cells.size()) {
            labels.add(cells.get(labelIndex));
        }
        int columns = header != null ? header.size() : cells.size();
        for (int c = 0; c < Math.min(cells.size(), columns); c++) {
            if (c != labelIndex && !DataSources.isNumber(cells.get(c))) {
                String column = header != null ? CsvReader.quote(header.get(c)) : (c + 1) + " (index " + c + ")";
                String name = header != null ? header.get(c) : "";
                // The name when a shell passes it as it is, else the index.
                String option = header != null && header.indexOf(name) == c
                        && name.matches("[\\p{L}\\p{N}_][\\p{L}\\p{N}_.]*") ? name : Integer.toString(c);
                throw new Keras4jException("Line " + line + " of " + file + " has " + CsvReader.quote(cells.get(c))
                        + " in column " + column + ", " + CsvReader.whyNotANumber(cells.get(c)) + ". Every column "
                        + "but the label must hold numbers; the label column is " + describeLabel(header != null
                        ? header : cells, header != null, labelIndex) + (labelColumn == null ? " (the last; choose "
                        + "it with --label-column)" : "") + ". Fix or drop that row, or pass --label-column " + option
                        + " if that column is the label.");
            }
        }
    }

    /** The first line is a header when a cell that is a number on the second line is not one on it. */
    private static boolean isHeader(List<String> first, List<String> second) {
        for (int c = 0; c < Math.min(first.size(), second.size()); c++) {
            if (!DataSources.isNumber(first.get(c)) && DataSources.isNumber(second.get(c))) {
                return true;
            }
        }
        return false;
    }

    private int labelIndex(List<String> first, boolean header) {
        int columns = first.size();
        if (columns < 2) {
            throw new Keras4jException("CSV file " + file + " has " + columns + " column; expected features and a "
                    + "label (at least 2 columns). Check the delimiter (now '" + delimiter + "').");
        }
        if (labelColumn == null) {
            return columns - 1;
        }
        if (header && first.contains(labelColumn)) {
            return first.indexOf(labelColumn);
        }
        try {
            int index = Integer.parseInt(labelColumn.strip());
            if (index >= 0 && index < columns) {
                return index;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw new Keras4jException("CSV file " + file + " has no column '" + labelColumn + "'. "
                + (header ? "Its columns are " + String.join(", ", first) + "; or give a 0-based index below "
                + columns + "." : "It has no header, so give a 0-based column index below " + columns + "."));
    }

    private static String describeLabel(List<String> first, boolean header, int index) {
        return header ? CsvReader.quote(first.get(index)) : "index " + index;
    }

    /**
     * Reads rows of features to predict on. The first line is a header when it names a feature or
     * has a word above a number (a first row of data with a typo in it does neither). With a header,
     * columns are matched to the features by name (others, such as a label column, are ignored);
     * without one, each row must hold exactly the features, in order.
     *
     * @param file         the CSV file
     * @param delimiter    the character between cells
     * @param featureNames the features the model wants, in order
     * @return one row of values per data line, in the features' order
     */
    public static List<double[]> readFeatureRows(Path file, char delimiter, List<String> featureNames) {
        List<double[]> rows = new ArrayList<>();
        try (CsvReader csv = CsvReader.open(file, delimiter)) {
            List<String> first = csv.next();
            int firstLine = csv.line();
            List<String> second = csv.next();
            int secondLine = csv.line();
            // A header names a feature, or has a word above a number; a row of data with a typo has neither.
            boolean header = first != null && (second != null && isHeader(first, second)
                    || first.stream().anyMatch(c -> !DataSources.isNumber(c) && featureNames.contains(c)));
            int[] columnOf = new int[featureNames.size()];
            for (int f = 0; f < columnOf.length; f++) {
                columnOf[f] = header ? first.indexOf(featureNames.get(f)) : f;
                if (columnOf[f] < 0) {
                    throw new Keras4jException("CSV file " + file + " has a header without the column "
                            + CsvReader.quote(featureNames.get(f)) + ". Its columns are " + String.join(", ", first)
                            + "; the model needs the columns " + String.join(", ", featureNames) + ".");
                }
            }
            if (first != null && !header) {
                rows.add(featureRow(first, firstLine, file, delimiter, null, columnOf, featureNames));
            }
            for (List<String> cells = second; cells != null; cells = csv.next()) {
                rows.add(featureRow(cells, cells == second ? secondLine : csv.line(), file, delimiter,
                        header ? first : null, columnOf, featureNames));
            }
        }
        if (rows.isEmpty()) {
            throw new Keras4jException("CSV file " + file + " has no rows to predict on. Expected lines of "
                    + featureNames.size() + " numbers (" + String.join(", ", featureNames) + ").");
        }
        return rows;
    }

    private static double[] featureRow(List<String> cells, int line, Path file, char delimiter, List<String> header,
                                       int[] columnOf, List<String> featureNames) {
        if (header == null && cells.size() != featureNames.size()) {
            throw new Keras4jException("Line " + line + " of " + file + " has " + cells.size() + " values, but the "
                    + "model needs " + featureNames.size() + " (" + String.join(", ", featureNames) + "). Give "
                    + "exactly those, or add a header line naming the columns.");
        }
        if (header != null && cells.size() != header.size()) {
            throw new Keras4jException("Line " + line + " of " + file + " has " + cells.size() + " cells, but its "
                    + "header has " + header.size() + ". Check for a missing or extra delimiter ("
                    + CsvReader.quote(String.valueOf(delimiter)) + ").");
        }
        double[] row = new double[featureNames.size()];
        for (int f = 0; f < row.length; f++) {
            String cell = cells.get(columnOf[f]);
            if (!DataSources.isNumber(cell)) {
                throw new Keras4jException("Line " + line + " of " + file + " has " + CsvReader.quote(cell) + " for "
                        + "feature " + CsvReader.quote(featureNames.get(f)) + " (column " + (columnOf[f] + 1)
                        + "), " + CsvReader.whyNotANumber(cell) + ". Each row needs the " + featureNames.size()
                        + " features " + String.join(", ", featureNames) + " as numbers.");
            }
            row[f] = Double.parseDouble(cell);
        }
        return row;
    }

    @Override
    public RecipeData load() {
        Layout layout = scan();
        List<String> features = new ArrayList<>();
        for (int c = 0, f = 1; c < layout.columns(); c++) {
            if (c != layout.labelIndex()) {
                features.add(layout.header() != null ? featureName(layout.header(), c) : "x" + f);
                f++;
            }
        }
        boolean classification = layout.task() == Task.CLASSIFICATION;
        String label = describeLabel(layout.header(), layout.header() != null, layout.labelIndex());
        if (classification && layout.classNames().size() < 2) {
            throw new Keras4jException("The label column " + label + " of " + file + " holds only one value, "
                    + CsvReader.quote(layout.classNames().get(0)) + ", so there is nothing to tell apart: a "
                    + "classifier needs at least 2 classes. Choose the label column with --label-column"
                    + (labelColumn == null ? " (now the last)" : "") + ", or add rows of other classes.");
        }
        LabeledData all = Csv.load(file, new CsvOptions().header(layout.header() != null).labelColumn(
                layout.labelIndex()).delimiter(delimiter).classNames(layout.classNames()));
        checkEnoughRows(all, layout, label);
        TrainTestSplit split = DataUtils.trainTestSplit(all, testSize, seed, classification);
        String target = layout.header() != null ? layout.header().get(layout.labelIndex()) : "label";
        return new RecipeData(NAME, layout.task(), split.xTrain(), split.yTrain(), split.xTest(), split.yTest(),
                layout.classNames(), features, target, TablePreprocessing.fit(features, split.xTrain()));
    }

    /** A header cell as a feature name: present, and no other column's, since predict matches columns by name. */
    private String featureName(List<String> header, int column) {
        String name = header.get(column);
        if (name.isEmpty()) {
            throw new Keras4jException("Column " + (column + 1) + " of " + file + " has no name in the header. "
                    + "Feature columns are matched by name when predicting: name it, or drop the column (an "
                    + "unnamed first column is often an index, e.g. from pandas' to_csv without index=False).");
        }
        int other = header.indexOf(name);
        if (other != column) {
            throw new Keras4jException("Columns " + (other + 1) + " and " + (column + 1) + " of " + file + " are both "
                    + "named " + CsvReader.quote(name) + ". Feature columns are matched by name when predicting: "
                    + "give each column its own name.");
        }
        return name;
    }

    /** Training needs a row to train on and one to test on, and so does each class when the split is stratified. */
    private void checkEnoughRows(LabeledData all, Layout layout, String label) {
        if (all.size() < 2) {
            throw new Keras4jException("CSV file " + file + " has only 1 data row; training needs at least 2 (some "
                    + "to train on, some to test on). Add rows.");
        }
        if (layout.task() != Task.CLASSIFICATION) {
            return;
        }
        int[] counts = new int[layout.classNames().size()];
        for (double id : all.y().toDoubleVector()) {
            counts[(int) id]++;
        }
        for (int id = 0; id < counts.length; id++) {
            if (counts[id] < 2) {
                throw new Keras4jException("The class " + CsvReader.quote(layout.classNames().get(id)) + " (label "
                        + "column " + label + ") has only " + counts[id] + " row in " + file + "; each class needs "
                        + "at least 2, one for training and one for testing. Add rows of that class, drop its row, "
                        + "or choose another --label-column.");
            }
        }
    }

    /**
     * Reads all rows of the file as test examples, with the given model's class names, e.g. to
     * evaluate a model on a new table.
     *
     * @param classNames the class names the model was trained with (empty for regression)
     * @return every row's features (raw) and label
     */
    public LabeledData loadAll(List<String> classNames) {
        Layout layout = scan();
        if (layout.task() == Task.CLASSIFICATION && !classNames.isEmpty()) {
            for (String name : layout.classNames()) {
                if (!classNames.contains(name)) {
                    throw new Keras4jException("CSV file " + file + " has the label '" + name + "', which the model "
                            + "does not know. Its classes are " + String.join(", ", classNames) + ".");
                }
            }
        }
        return Csv.load(file, new CsvOptions().header(layout.header() != null).labelColumn(layout.labelIndex())
                .delimiter(delimiter).classNames(layout.task() == Task.CLASSIFICATION ? classNames : List.of()));
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("name", NAME);
        config.put("file", file.toString());
        config.put("label_column", labelColumn);
        config.put("task", task == null ? null : task.id());
        config.put("delimiter", String.valueOf(delimiter));
        config.put("test_size", testSize);
        config.put("seed", seed);
        return config;
    }

    static CsvDataSource fromConfig(Map<String, Object> config) {
        CsvDataSource source = new CsvDataSource(Path.of((String) config.get("file")));
        source.labelColumn = (String) config.get("label_column");
        Object task = config.get("task");
        source.task = task == null ? null : Task.of((String) task);
        String delimiter = (String) config.get("delimiter");
        source.delimiter = delimiter == null || delimiter.isEmpty() ? ',' : delimiter.charAt(0);
        source.testSize = ((Number) config.get("test_size")).doubleValue();
        source.seed = ((Number) config.get("seed")).longValue();
        return source;
    }
}
