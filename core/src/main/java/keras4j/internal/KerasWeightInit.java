package keras4j.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import org.deeplearning4j.nn.weights.IWeightInit;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.annotation.JsonInclude;

import keras4j.initializers.Initializer;

/**
 * A Keras initializer as DL4J's weight initialization: it draws the values in Keras's layout with
 * Keras's fans (a Conv2D kernel [kh, kw, in, out]; DL4J's own fans divide fan_out by the strides)
 * and writes them in DL4J's ([out, in, kh, kw] for a convolution kernel, [in, out] for a dense
 * one). keras4j writes this class's name into saved model files: it keeps it.
 *
 * <pre>{@code
 * IWeightInit init = new KerasWeightInit(Initializer.heNormal().seed(1));
 * }</pre>
 */
public final class KerasWeightInit implements IWeightInit {
    private static final long serialVersionUID = 1L;

    /** The initializer's config ({@link Initializer#getConfig()}); the JSON field of the saved network. */
    private Map<String, Object> initializer;
    /**
     * True when DL4J's parameter is in Keras's layout already (a DepthwiseConv2D's kernel [kh, kw,
     * in, multiplier]); absent (null) for every other weight, whose JSON is as before.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    private Boolean kerasLayout;

    /** For DL4J's JSON mapper. */
    public KerasWeightInit() {
    }

    /** @param initializer the Keras initializer */
    public KerasWeightInit(Initializer initializer) {
        this.initializer = new LinkedHashMap<>(initializer.getConfig());
        Long seed = initializer.getSeed();
        if (seed != null && seed == seed.intValue()) {
            // as JSON reads it back (the saved network is compared with the one the config builds)
            Map<String, Object> config = new LinkedHashMap<>(initializer.getParams());
            config.put("seed", seed.intValue());
            this.initializer.put("config", config);
        }
    }

    /**
     * @param initializer the Keras initializer
     * @return the initialization of a parameter that DL4J keeps in Keras's layout (a depthwise kernel)
     */
    public static KerasWeightInit inKerasLayout(Initializer initializer) {
        KerasWeightInit init = new KerasWeightInit(initializer);
        init.kerasLayout = true;
        return init;
    }

    /** @return the Keras initializer */
    public Initializer getInitializer() {
        return Initializer.fromConfig(initializer);
    }

    @Override
    public INDArray init(double fanIn, double fanOut, long[] shape, char order, INDArray paramView) {
        INDArray values;
        if (Boolean.TRUE.equals(kerasLayout)) {
            values = getInitializer().apply(shape);
        } else if (shape.length == 4) {
            // DL4J [out, in, kh, kw] <- Keras [kh, kw, in, out]
            values = getInitializer().apply(shape[2], shape[3], shape[1], shape[0]).permute(3, 2, 0, 1);
        } else {
            values = getInitializer().apply(shape);
        }
        paramView.assign(Nd4j.toFlattened(order, values.castTo(paramView.dataType())));
        return paramView.reshape(order, shape);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KerasWeightInit other && getInitializer().equals(other.getInitializer())
                && java.util.Objects.equals(kerasLayout, other.kerasLayout);
    }

    @Override
    public int hashCode() {
        return getInitializer().hashCode();
    }

    @Override
    public String toString() {
        return "KerasWeightInit(" + getInitializer() + ")";
    }
}
