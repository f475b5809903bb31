package keras4j.datasets;

import keras4j.datasets.internal.Features;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.preprocessor.DataNormalization;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize;

/**
 * Scales each feature to mean 0 and standard deviation 1, like scikit-learn's
 * {@code StandardScaler}: fit on the training features, then apply the same shift and scale to the
 * test features. Backed by DL4J's {@link NormalizerStandardize}.
 *
 * <pre>{@code
 * StandardScaler scaler = StandardScaler.fit(split.xTrain());
 * INDArray xTrain = scaler.transform(split.xTrain());
 * INDArray xTest = scaler.transform(split.xTest());   // the training mean and std, not the test's
 * }</pre>
 *
 * <p>Fitting is the only change: {@code transform} and {@code inverseTransform} leave the scaler as it is.
 */
public final class StandardScaler {
    private final NormalizerStandardize normalizer;
    private final long features;

    private StandardScaler(NormalizerStandardize normalizer, long features) {
        this.normalizer = normalizer;
        this.features = features;
    }

    /**
     * @param x training features, shape {@code [n, features]}
     * @return a scaler holding each feature's mean and standard deviation
     */
    public static StandardScaler fit(INDArray x) {
        Features.requireMatrix(x, "StandardScaler.fit", -1);
        NormalizerStandardize normalizer = new NormalizerStandardize();
        normalizer.fit(new DataSet(x, null));
        return new StandardScaler(normalizer, x.size(1));
    }

    /**
     * @param x features with the columns the scaler was fitted on
     * @return a new array, {@code (x - mean) / std}; {@code x} is unchanged
     */
    public INDArray transform(INDArray x) {
        Features.requireMatrix(x, "StandardScaler.transform", features);
        INDArray copy = x.dup('c');
        normalizer.transform(copy);
        return copy;
    }

    /**
     * @param scaled features as {@link #transform} returns them
     * @return a new array in the original units
     */
    public INDArray inverseTransform(INDArray scaled) {
        Features.requireMatrix(scaled, "StandardScaler.inverseTransform", features);
        INDArray copy = scaled.dup('c');
        normalizer.revertFeatures(copy);
        return copy;
    }

    /** @return each feature's training mean, shape {@code [1, features]} */
    public INDArray mean() {
        return normalizer.getMean().dup();
    }

    /** @return each feature's training standard deviation, shape {@code [1, features]} */
    public INDArray std() {
        return normalizer.getStd().dup();
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
