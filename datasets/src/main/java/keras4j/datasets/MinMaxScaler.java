package keras4j.datasets;

import keras4j.Keras4jException;
import keras4j.datasets.internal.Features;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.preprocessor.DataNormalization;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerMinMaxScaler;

/**
 * Scales each feature to a range, {@code [0, 1]} by default, like scikit-learn's
 * {@code MinMaxScaler}: fit on the training features, then apply the same scale to the test
 * features (which may then fall slightly outside the range). Backed by DL4J's
 * {@link NormalizerMinMaxScaler}.
 *
 * <pre>{@code
 * MinMaxScaler scaler = MinMaxScaler.fit(split.xTrain());
 * INDArray xTrain = scaler.transform(split.xTrain());   // each column in [0, 1]
 * INDArray xTest = scaler.transform(split.xTest());
 * }</pre>
 *
 * <p>Fitting is the only change: {@code transform} and {@code inverseTransform} leave the scaler as it is.
 */
public final class MinMaxScaler {
    private final NormalizerMinMaxScaler normalizer;
    private final long features;

    private MinMaxScaler(NormalizerMinMaxScaler normalizer, long features) {
        this.normalizer = normalizer;
        this.features = features;
    }

    /**
     * @param x training features, shape {@code [n, features]}
     * @return a scaler mapping each feature's training minimum to 0 and maximum to 1
     */
    public static MinMaxScaler fit(INDArray x) {
        return fit(x, 0, 1);
    }

    /**
     * @param x   training features, shape {@code [n, features]}
     * @param min the value the training minimum maps to
     * @param max the value the training maximum maps to
     * @return the fitted scaler
     */
    public static MinMaxScaler fit(INDArray x, double min, double max) {
        if (!(min < max)) {
            throw new Keras4jException("MinMaxScaler.fit: the target range must have min < max, got [" + min + ", "
                    + max + "].");
        }
        Features.requireMatrix(x, "MinMaxScaler.fit", -1);
        NormalizerMinMaxScaler normalizer = new NormalizerMinMaxScaler(min, max);
        normalizer.fit(new DataSet(x, null));
        return new MinMaxScaler(normalizer, x.size(1));
    }

    /**
     * @param x features with the columns the scaler was fitted on
     * @return a new array, scaled; {@code x} is unchanged
     */
    public INDArray transform(INDArray x) {
        Features.requireMatrix(x, "MinMaxScaler.transform", features);
        INDArray copy = x.dup('c');
        normalizer.transform(copy);
        return copy;
    }

    /**
     * @param scaled features as {@link #transform} returns them
     * @return a new array in the original units
     */
    public INDArray inverseTransform(INDArray scaled) {
        Features.requireMatrix(scaled, "MinMaxScaler.inverseTransform", features);
        INDArray copy = scaled.dup('c');
        normalizer.revertFeatures(copy);
        return copy;
    }

    /** @return each feature's training minimum, shape {@code [1, features]} */
    public INDArray dataMin() {
        return normalizer.getMin().dup();
    }

    /** @return each feature's training maximum, shape {@code [1, features]} */
    public INDArray dataMax() {
        return normalizer.getMax().dup();
    }

    /**
     * For DL4J interop: the fitted normalizer, e.g. to set as an iterator's pre-processor. Do not
     * fit it again.
     *
     * @return the backing DL4J normalizer
     */
    public DataNormalization toNormalizer() {
        return normalizer;
    }
}
