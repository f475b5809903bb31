package keras4j.backend.dl4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.AMSGrad;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;

import keras4j.Keras4jException;
import keras4j.backend.OptimizerSlots;
import keras4j.internal.KerasUpdater;
import keras4j.internal.MomentumUpdater;
import keras4j.internal.RMSpropUpdater;
import keras4j.layers.BatchNormalization;
import keras4j.layers.Layer;

/**
 * DL4J's updater state seen as Keras's optimizer slots. DL4J keeps one flat state array per
 * block of parameters sharing an updater (Adam's as [all M | all V]); each parameter's part is
 * found from its offsets in the block, laid out as the parameter is, and turned into Keras's
 * layout as the weights are ({@link LayerLowering#toKeras}). The slots mean the same in both:
 * Adam's first and second moments, the momentum velocity {@code v = m·v − lr·g} (DL4J's Nesterov
 * and keras4j's {@code MomentumUpdater} alike), RMSprop's mean square, Adagrad's sum of squares,
 * and keras4j's own updaters' states ({@link KerasUpdater#stateKeys()}: Adamax, Adadelta, Adagrad).
 *
 * <pre>{@code
 * OptimizerSlots slots = session.optimizerSlots();   // a Dl4jSession's, null for Nadam
 * List<INDArray> momentumAndVelocity = slots.get(dense);
 * }</pre>
 */
final class Dl4jOptimizerSlots implements OptimizerSlots {
    private final BaseMultiLayerUpdater<?> updater;
    private final Function<Layer, org.deeplearning4j.nn.api.Layer> dl4jLayer;
    private final List<String> keys;
    private final LongSupplier iterations;
    private final LongConsumer setIterations;

    private Dl4jOptimizerSlots(BaseMultiLayerUpdater<?> updater, Function<Layer, org.deeplearning4j.nn.api.Layer> dl4jLayer,
                               List<String> keys, LongSupplier iterations, LongConsumer setIterations) {
        this.updater = updater;
        this.dl4jLayer = dl4jLayer;
        this.keys = keys;
        this.iterations = iterations;
        this.setIterations = setIterations;
    }

    /**
     * @return the view, or null when the optimizer's state has no Keras form (Nadam, whose Keras
     *         state holds a running product DL4J doesn't keep; RMSprop with momentum or centered,
     *         whose Keras variables come kind by kind, not weight by weight)
     */
    static Dl4jOptimizerSlots of(BaseMultiLayerUpdater<?> updater, IUpdater config,
                                 Function<Layer, org.deeplearning4j.nn.api.Layer> dl4jLayer,
                                 LongSupplier iterations, LongConsumer setIterations) {
        List<String> keys = keys(config);
        return keys == null ? null : new Dl4jOptimizerSlots(updater, dl4jLayer, keys, iterations, setIterations);
    }

    /** @return DL4J's state keys of an updater, in the order of Keras's slots; null for no Keras form */
    private static List<String> keys(IUpdater config) {
        if (config instanceof Adam) {
            return List.of("M", "V");   // Keras's momentum, velocity
        }
        if (config instanceof AMSGrad) {
            return List.of("M", "V", "V_HAT");   // Keras's momentum, velocity, velocity_hat
        }
        if (config instanceof Nesterovs || config instanceof MomentumUpdater) {
            return List.of("V");
        }
        if (config instanceof RmsProp) {
            return List.of("G");
        }
        if (config instanceof AdaGrad) {
            return List.of("grad");
        }
        if (config instanceof Sgd) {
            return List.of();
        }
        if (config instanceof RMSpropUpdater) {
            return null;   // with momentum or centered: Keras keeps each kind for all weights, then the next kind
        }
        if (config instanceof KerasUpdater own) {
            return own.stateKeys();   // Adamax's momentum, norm; Adadelta's two averages; Adagrad's accumulator
        }
        return null;
    }

    @Override
    public int perWeight() {
        return keys.size();
    }

    @Override
    public long iterations() {
        return iterations.getAsLong();
    }

    @Override
    public void setIterations(long count) {
        setIterations.accept(count);
    }

    @Override
    public List<INDArray> get(Layer layer) {
        List<INDArray> out = new ArrayList<>();
        for (Part part : parts(layer)) {
            for (String key : keys) {
                INDArray shaped = part.slot(key).dup().reshape(part.param.ordering(), part.param.shape());
                out.add(LayerLowering.toKeras(layer, part.key, shaped));
            }
        }
        return out;
    }

    @Override
    public void set(Layer layer, List<INDArray> slots) {
        List<Part> parts = parts(layer);
        if (slots.size() != parts.size() * keys.size()) {
            throw new Keras4jException("Layer '" + layer.getName() + "' has " + parts.size() * keys.size()
                    + " optimizer slots; received " + slots.size() + ".");
        }
        int i = 0;
        for (Part part : parts) {
            for (String key : keys) {
                INDArray keras = slots.get(i++);
                INDArray dl4j = LayerLowering.fromKeras(layer, keras).reshape(part.param.shape());
                if (dl4j.length() != part.param.length()) {
                    throw new Keras4jException("Layer '" + layer.getName() + "': an optimizer slot of " + part.key
                            + " has " + keras.length() + " values; the weight has " + part.param.length() + ".");
                }
                part.slot(key).assign(Nd4j.toFlattened(part.param.ordering(), dl4j).castTo(part.param.dataType()));
            }
        }
    }

    /** One trainable parameter: its DL4J key, its array, and where its state sits in its block. */
    private record Part(String key, INDArray param, UpdaterBlock block, int from, int to) {
        /** @return a view of the parameter's part of one state array */
        @SuppressWarnings("unchecked")
        INDArray slot(String stateKey) {
            INDArray state = ((Map<String, INDArray>) block.getGradientUpdater().getState()).get(stateKey);
            return state.reshape(state.length()).get(NDArrayIndex.interval(from, to));
        }
    }

    /** @return the layer's trainable parameters in Keras's order, each with its place in DL4J's state */
    private List<Part> parts(Layer layer) {
        List<Part> parts = new ArrayList<>();
        if (!layer.isTrainable() || layer instanceof keras4j.layers.Normalization) {
            return parts;   // Normalization's weights are statistics, never trained
        }
        org.deeplearning4j.nn.api.Layer held = dl4jLayer.apply(layer);
        if (held == null) {
            return parts;
        }
        Map<String, INDArray> params = held.paramTable(false);
        List<String> weightKeys = LayerLowering.weightKeys(layer, params);
        if (layer instanceof BatchNormalization) {
            weightKeys = weightKeys.subList(0, 2);   // gamma, beta; the moving statistics aren't trained
        }
        for (String key : weightKeys) {
            parts.add(find(layer, held, key, params.get(key)));
        }
        return parts;
    }

    private Part find(Layer layer, org.deeplearning4j.nn.api.Layer held, String key, INDArray param) {
        for (UpdaterBlock block : updater.getUpdaterBlocks()) {
            for (UpdaterBlock.ParamState state : block.getLayersAndVariablesInBlock()) {
                boolean same = state.getLayer() == held
                        || state.getLayer() instanceof GraphVertex vertex && vertex.getLayer() == held;
                if (same && state.getParamName().equals(key)) {
                    if (block.getGradientUpdater() == null) {
                        block.init();
                    }
                    int from = state.getParamOffsetStart() - block.getParamOffsetStart();
                    return new Part(key, param, block, from, from + state.getParamOffsetEnd() - state.getParamOffsetStart());
                }
            }
        }
        throw new Keras4jException("Layer '" + layer.getName() + "': DL4J keeps no optimizer state for its weight "
                + key + ".");
    }
}
