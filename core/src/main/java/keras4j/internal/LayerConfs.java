package keras4j.internal;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collection;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Copies a built DL4J layer configuration into keras4j's subclass of it, so the subclass can
 * instantiate a faster layer while DL4J's builders, validation and JSON stay as they are, and binds
 * that layer to its network as DL4J does.
 *
 * <pre>{@code
 * FastDense fast = LayerConfs.copy(denseConf, new FastDense(), DenseLayer.class);
 * }</pre>
 */
public final class LayerConfs {
    private LayerConfs() {
    }

    /**
     * @param from a built configuration
     * @param to a fresh instance of a subclass of {@code type}
     * @param type the DL4J configuration class whose fields (and its superclasses') are copied
     * @return {@code to}, with every instance field of {@code type} and above set as in {@code from}
     */
    static <T, S extends T> S copy(T from, S to, Class<T> type) {
        for (Class<?> c = type; c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                try {
                    field.setAccessible(true);
                    field.set(to, field.get(from));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("can't copy " + c.getSimpleName() + "." + field.getName(), e);
                }
            }
        }
        return to;
    }

    /**
     * @param from a configuration
     * @param type {@code from}'s class or a keras4j subclass of it (with a public no-argument constructor)
     * @return {@code from} itself, or a {@code type} with {@code from}'s fields
     */
    public static org.deeplearning4j.nn.conf.layers.Layer as(org.deeplearning4j.nn.conf.layers.Layer from,
                                                      Class<? extends org.deeplearning4j.nn.conf.layers.Layer> type) {
        if (type == from.getClass()) {
            return from;
        }
        try {
            @SuppressWarnings("unchecked")
            Class<org.deeplearning4j.nn.conf.layers.Layer> saved =
                    (Class<org.deeplearning4j.nn.conf.layers.Layer>) from.getClass();
            return copy(from, type.getDeclaredConstructor().newInstance(), saved);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("can't instantiate " + type.getName(), e);
        }
    }

    /**
     * Binds a layer made by a configuration's {@code instantiate} to the network, as DL4J's own
     * configurations do: listeners, index, its slice of the parameters (initialized if asked) and
     * its configuration.
     *
     * @return {@code layer}
     */
    static <L extends Layer> L bind(L layer, NeuralNetConfiguration conf, Collection<TrainingListener> listeners,
                                    int index, INDArray paramsView, boolean initializeParams,
                                    ParamInitializer initializer) {
        layer.setListeners(listeners);
        layer.setIndex(index);
        layer.setParamsViewArray(paramsView);
        layer.setParamTable(initializer.init(conf, paramsView, initializeParams));
        layer.setConf(conf);
        return layer;
    }
}
