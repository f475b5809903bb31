package keras4j.models;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import keras4j.Keras4jException;
import keras4j.datasets.StandardScaler;

/**
 * Rows of named numeric features, standardized with the training rows' mean and standard
 * deviation (scikit-learn's {@code StandardScaler}); a feature that never varies is only centered.
 *
 * <pre>{@code
 * TablePreprocessing scaling = TablePreprocessing.fit(Iris.FEATURE_NAMES, split.xTrain());
 * INDArray input = scaling.transform(scaling.fromRow(new double[] {5.1, 3.5, 1.4, 0.2}));
 * }</pre>
 *
 * @param featureNames the columns, in order
 * @param mean         each column's training mean
 * @param std          each column's training standard deviation (1 where it was 0)
 */
public record TablePreprocessing(List<String> featureNames, List<Double> mean, List<Double> std)
        implements Preprocessing {
    static final String TYPE = "table";

    /** Copies the lists and checks their lengths. */
    public TablePreprocessing {
        featureNames = List.copyOf(featureNames);
        mean = List.copyOf(mean);
        std = List.copyOf(std);
        if (mean.size() != featureNames.size() || std.size() != featureNames.size()) {
            throw new Keras4jException("TablePreprocessing needs one mean and one std per feature; got "
                    + featureNames.size() + " names, " + mean.size() + " means and " + std.size() + " stds.");
        }
    }

    /**
     * @param featureNames the columns
     * @return the identity: features are used as they are
     */
    public static TablePreprocessing identity(List<String> featureNames) {
        List<Double> zeros = new ArrayList<>();
        List<Double> ones = new ArrayList<>();
        for (int i = 0; i < featureNames.size(); i++) {
            zeros.add(0.0);
            ones.add(1.0);
        }
        return new TablePreprocessing(featureNames, zeros, ones);
    }

    /**
     * @param featureNames the columns
     * @param xTrain       the training rows {@code [n, features]}
     * @return standardization with their mean and standard deviation
     */
    public static TablePreprocessing fit(List<String> featureNames, INDArray xTrain) {
        StandardScaler scaler = StandardScaler.fit(xTrain);
        double[] mean = scaler.mean().toDoubleVector();
        double[] std = scaler.std().toDoubleVector();
        List<Double> means = new ArrayList<>();
        List<Double> stds = new ArrayList<>();
        for (int i = 0; i < mean.length; i++) {
            means.add(mean[i]);
            stds.add(std[i] > 1e-12 ? std[i] : 1.0);
        }
        return new TablePreprocessing(featureNames, means, stds);
    }

    @Override
    public INDArray transform(INDArray raw) {
        if (raw.rank() != 2 || raw.size(1) != featureNames.size()) {
            throw new Keras4jException("Expected rows of " + featureNames.size() + " features " + featureNames
                    + ", but received an array of shape " + java.util.Arrays.toString(raw.shape()) + ".");
        }
        INDArray m = Nd4j.createFromArray(mean.stream().mapToDouble(Double::doubleValue).toArray())
                .castTo(DataType.FLOAT).reshape(1, mean.size());
        INDArray s = Nd4j.createFromArray(std.stream().mapToDouble(Double::doubleValue).toArray())
                .castTo(DataType.FLOAT).reshape(1, std.size());
        return raw.castTo(DataType.FLOAT).subRowVector(m).divRowVector(s);
    }

    /**
     * @param values one example's features, in {@link #featureNames()} order
     * @return {@code [1, features]}, not yet transformed
     */
    public INDArray fromRow(double[] values) {
        if (values.length != featureNames.size()) {
            throw new Keras4jException("Expected " + featureNames.size() + " feature values " + featureNames
                    + ", but received " + values.length + ".");
        }
        return Nd4j.createFromArray(values).castTo(DataType.FLOAT).reshape(1, values.length);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("type", TYPE);
        config.put("feature_names", featureNames);
        config.put("mean", mean);
        config.put("std", std);
        return config;
    }

    @SuppressWarnings("unchecked")
    static TablePreprocessing fromConfig(Map<String, Object> config) {
        return new TablePreprocessing((List<String>) config.get("feature_names"),
                numbers((List<Number>) config.get("mean")), numbers((List<Number>) config.get("std")));
    }

    private static List<Double> numbers(List<Number> values) {
        return values.stream().map(Number::doubleValue).toList();
    }
}
