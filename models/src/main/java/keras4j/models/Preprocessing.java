package keras4j.models;

import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;

import keras4j.Keras4jException;

/**
 * How a data set's raw examples become a model's inputs: pixel scaling for images (drawings and
 * photos), standardization for tables. Training applies it to the data; {@link TrainedModel} saves
 * it next to the model and applies it again to new examples (an image file, a CSV row), so
 * predictions see inputs prepared exactly as in training.
 *
 * <pre>{@code
 * INDArray ready = data.preprocessing().transform(data.xTest());
 * }</pre>
 */
public sealed interface Preprocessing permits ImagePreprocessing, PhotoPreprocessing, TablePreprocessing {

    /**
     * @param raw examples as the data source gives them, examples along the first axis
     * @return a new float array of the same shape, as the model saw it in training
     */
    INDArray transform(INDArray raw);

    /** @return a JSON-ready description, read back by {@link #fromConfig(Map)} */
    Map<String, Object> getConfig();

    /**
     * @param config the output of {@link #getConfig()}
     * @return the preprocessing it describes
     */
    static Preprocessing fromConfig(Map<String, Object> config) {
        Object type = config.get("type");
        if (ImagePreprocessing.TYPE.equals(type)) {
            return ImagePreprocessing.fromConfig(config);
        }
        if (PhotoPreprocessing.TYPE.equals(type)) {
            return PhotoPreprocessing.fromConfig(config);
        }
        if (TablePreprocessing.TYPE.equals(type)) {
            return TablePreprocessing.fromConfig(config);
        }
        throw new Keras4jException("Unknown preprocessing type '" + type + "' in a model's info; expected '"
                + ImagePreprocessing.TYPE + "', '" + PhotoPreprocessing.TYPE + "' or '" + TablePreprocessing.TYPE
                + "'. Was it written by a newer keras4j?");
    }
}
