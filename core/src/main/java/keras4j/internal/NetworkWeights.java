package keras4j.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

import keras4j.Keras4jException;
import keras4j.layers.BatchNormalization;
import keras4j.layers.Conv2D;
import keras4j.layers.Layer;

/**
 * A compiled model's weights seen in Keras's layout: Dense kernel [in, out] and bias [out];
 * Conv2D kernel [kh, kw, in, out] (DL4J keeps [out, in, kh, kw]) and bias [out];
 * BatchNormalization gamma, beta, moving mean, moving variance, each [features].
 *
 * <pre>{@code
 * WeightStore store = new NetworkWeights(net, layers, plan.dl4jIndex());
 * List<INDArray> kernelAndBias = store.getWeights(dense);
 * }</pre>
 */
public final class NetworkWeights implements WeightStore {
    private static final List<String> DENSE_KEYS = List.of("W", "b");
    private static final List<String> BN_KEYS = List.of("gamma", "beta", "mean", "var");

    private final MultiLayerNetwork net;
    private final List<Layer> layers;
    private final int[] dl4jIndex;

    /**
     * @param net       the network holding the weights
     * @param layers    the model's layers, Input first
     * @param dl4jIndex for each layer, the DL4J layer index or -1
     */
    public NetworkWeights(MultiLayerNetwork net, List<Layer> layers, int[] dl4jIndex) {
        this.net = net;
        this.layers = layers;
        this.dl4jIndex = dl4jIndex;
    }

    @Override
    public List<INDArray> getWeights(Layer layer) {
        List<INDArray> out = new ArrayList<>();
        Map<String, INDArray> params = params(layer);
        for (String key : keys(layer, params)) {
            out.add(toKeras(layer, key, params.get(key)));
        }
        return out;
    }

    @Override
    public void setWeights(Layer layer, List<INDArray> weights) {
        Map<String, INDArray> params = params(layer);
        List<String> keys = keys(layer, params);
        List<long[]> expected = new ArrayList<>();
        for (String key : keys) {
            expected.add(toKeras(layer, key, params.get(key)).shape());
        }
        boolean ok = weights.size() == keys.size();
        for (int i = 0; ok && i < keys.size(); i++) {
            ok = Arrays.equals(weights.get(i).shape(), expected.get(i));
        }
        if (!ok) {
            StringBuilder got = new StringBuilder();
            for (INDArray w : weights) {
                got.append(got.length() == 0 ? "" : ", ").append(Shapes.of(w.shape()));
            }
            StringBuilder want = new StringBuilder();
            for (long[] s : expected) {
                want.append(want.length() == 0 ? "" : ", ").append(Shapes.of(s));
            }
            throw new Keras4jException("Layer '" + layer.getName() + "' expects " + keys.size() + " weight arrays "
                    + "with shapes [" + want + "] (Keras's layout), but received " + weights.size() + " with shapes ["
                    + got + "].");
        }
        for (int i = 0; i < keys.size(); i++) {
            INDArray target = params.get(keys.get(i));
            target.assign(fromKeras(layer, weights.get(i)).reshape(target.shape()).castTo(target.dataType()));
        }
    }

    private Map<String, INDArray> params(Layer layer) {
        int index = layers.indexOf(layer);
        if (index < 0) {
            throw new Keras4jException("Layer '" + layer.getName() + "' is not part of this model.");
        }
        return dl4jIndex[index] < 0 ? Map.of() : net.getLayer(dl4jIndex[index]).paramTable(false);
    }

    private static List<String> keys(Layer layer, Map<String, INDArray> params) {
        List<String> order = layer instanceof BatchNormalization ? BN_KEYS : DENSE_KEYS;
        List<String> keys = new ArrayList<>();
        for (String key : order) {
            if (params.containsKey(key)) {
                keys.add(key);
            }
        }
        return keys;
    }

    private static INDArray toKeras(Layer layer, String key, INDArray param) {
        if (layer instanceof Conv2D && key.equals("W")) {
            return param.permute(2, 3, 1, 0).dup('c');
        }
        if (key.equals("W")) {
            return param.dup('c');
        }
        return param.reshape(param.length()).dup('c');
    }

    private static INDArray fromKeras(Layer layer, INDArray weights) {
        if (layer instanceof Conv2D && weights.rank() == 4) {
            return weights.permute(3, 2, 0, 1).dup('c');
        }
        return weights;
    }
}
