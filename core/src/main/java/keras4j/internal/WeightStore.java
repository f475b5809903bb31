package keras4j.internal;

import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;

import keras4j.layers.Layer;

/**
 * Reads and writes a layer's weights in Keras's layout inside the network that holds them. A
 * built model binds each of its layers to one.
 *
 * <pre>{@code
 * List<INDArray> kernelAndBias = store.getWeights(denseLayer);
 * }</pre>
 */
public interface WeightStore {
    /** @param layer a layer of the model @return copies of its weights, in Keras's order and layout */
    List<INDArray> getWeights(Layer layer);

    /** @param layer a layer of the model @param weights new values in Keras's order and layout */
    void setWeights(Layer layer, List<INDArray> weights);

    /**
     * Grants internal code access to a layer's binding without making it public API.
     * {@link Layer} installs the implementation when it is first loaded.
     */
    abstract class Binder {
        private static Binder instance;

        /** @param binder the implementation; set once, by {@link Layer} */
        public static synchronized void install(Binder binder) {
            if (instance != null) {
                throw new IllegalStateException("binder already installed");
            }
            instance = binder;
        }

        /** @param layer the layer @param store its weights, or null to unbind */
        public static void bind(Layer layer, WeightStore store) {
            get().doBind(layer, store);
        }

        /** @param layer the layer @return whether it is bound to a built model's weights */
        public static boolean isBound(Layer layer) {
            return get().doIsBound(layer);
        }

        private static Binder get() {
            try {
                Class.forName(Layer.class.getName(), true, Layer.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            return instance;
        }

        /** @param layer the layer @param store its weights, or null */
        protected abstract void doBind(Layer layer, WeightStore store);

        /** @param layer the layer @return whether it is bound */
        protected abstract boolean doIsBound(Layer layer);
    }
}
