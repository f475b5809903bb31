package keras4j.backend.dl4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.nd4j.linalg.api.ndarray.INDArray;

import keras4j.Keras4jException;
import keras4j.internal.Shapes;
import keras4j.internal.WeightStore;
import keras4j.layers.Layer;

/**
 * A built model's weights seen in Keras's layout ({@link LayerLowering} knows each family's):
 * Dense kernel [in, out] and bias [out]; Conv2D kernel [kh, kw, in, out] and bias [out];
 * BatchNormalization gamma, beta, moving mean, moving variance, each [features].
 *
 * <pre>{@code
 * WeightStore store = new Dl4jWeights(layer -> net.getLayer(name(layer)));
 * List<INDArray> kernelAndBias = store.getWeights(dense);
 * }</pre>
 */
final class Dl4jWeights implements WeightStore {
    private final Function<Layer, org.deeplearning4j.nn.api.Layer> dl4jLayer;

    /** @param dl4jLayer the DL4J layer holding a keras4j layer's weights, or null for a layer without */
    Dl4jWeights(Function<Layer, org.deeplearning4j.nn.api.Layer> dl4jLayer) {
        this.dl4jLayer = dl4jLayer;
    }

    @Override
    public List<INDArray> getWeights(Layer layer) {
        List<INDArray> out = new ArrayList<>();
        Map<String, INDArray> params = params(layer);
        for (String key : LayerLowering.weightKeys(layer, params)) {
            out.add(LayerLowering.toKeras(layer, key, params.get(key)));
        }
        return out;
    }

    @Override
    public void setWeights(Layer layer, List<INDArray> weights) {
        Map<String, INDArray> params = params(layer);
        List<String> keys = LayerLowering.weightKeys(layer, params);
        List<long[]> expected = new ArrayList<>();
        for (String key : keys) {
            expected.add(LayerLowering.toKeras(layer, key, params.get(key)).shape());
        }
        boolean ok = weights.size() == keys.size();
        for (int i = 0; ok && i < keys.size(); i++) {
            ok = weights.get(i) != null && Arrays.equals(weights.get(i).shape(), expected.get(i));
        }
        if (!ok) {
            StringBuilder got = new StringBuilder();
            for (INDArray w : weights) {
                got.append(got.length() == 0 ? "" : ", ").append(w == null ? "null" : Shapes.of(w.shape()));
            }
            StringBuilder want = new StringBuilder();
            for (long[] s : expected) {
                want.append(want.length() == 0 ? "" : ", ").append(Shapes.of(s));
            }
            throw new Keras4jException("Layer '" + layer.getName() + "'" + (layer.isTrainable() ? "" : " (frozen)")
                    + " expects " + keys.size() + " weight arrays with shapes [" + want + "] (Keras's layout), but "
                    + "received " + weights.size() + " with shapes [" + got + "].");
        }
        for (int i = 0; i < keys.size(); i++) {
            INDArray target = params.get(keys.get(i));
            target.assign(LayerLowering.fromKeras(layer, weights.get(i)).reshape(target.shape())
                    .castTo(target.dataType()));
        }
    }

    /** @param layer a layer of the model @return the DL4J layer holding its weights, or null */
    org.deeplearning4j.nn.api.Layer layerOf(Layer layer) {
        return dl4jLayer.apply(layer);
    }

    private Map<String, INDArray> params(Layer layer) {
        org.deeplearning4j.nn.api.Layer held = dl4jLayer.apply(layer);
        return held == null ? Map.of() : held.paramTable(false);
    }
}
