package keras4j.layers;

import java.util.Arrays;
import java.util.Map;

import keras4j.initializers.Initializer;

/**
 * Keras's parametric ReLU: {@code f(x) = x} for {@code x >= 0}, else {@code alpha * x}, where
 * {@code alpha} is a trained weight with the input's shape (Keras's layout), zeros at first. Each
 * of {@code sharedAxes} (counting the batch axis as 0, as in Keras) gets one alpha for all its
 * positions: on images, {@code sharedAxes(1, 2)} gives one alpha per channel.
 *
 * <pre>{@code
 * new PReLU();                   // one alpha per input value
 * new PReLU().sharedAxes(1, 2);  // after a Conv2D: one alpha per filter
 * }</pre>
 */
public final class PReLU extends Layer {
    private Initializer alphaInitializer = Initializer.zeros();
    private int[] sharedAxes;

    /** Creates the layer with Keras's defaults: alpha starts at zeros, no shared axes. */
    public PReLU() {
    }

    @Override
    public PReLU name(String name) {
        setName(name);
        return this;
    }

    /** @param initializer a Keras initializer name ("zeros" by default) @return this layer */
    public PReLU alphaInitializer(String initializer) {
        return alphaInitializer(Initializer.get(initializer));
    }

    /** @param initializer alpha's initializer @return this layer */
    public PReLU alphaInitializer(Initializer initializer) {
        checkNotCompiled();
        this.alphaInitializer = java.util.Objects.requireNonNull(initializer, "initializer");
        return this;
    }

    /**
     * @param axes the axes sharing one alpha, from 1 (the first after the batch axis); none for an
     *             alpha per input value
     * @return this layer
     */
    public PReLU sharedAxes(int... axes) {
        checkNotCompiled();
        for (int a : axes) {
            require(a >= 1, "PReLU", "shared_axes count the batch axis as 0, so each must be >= 1; received "
                    + "shared_axes=" + Arrays.toString(axes) + ".");
        }
        this.sharedAxes = axes.length == 0 ? null : axes.clone();
        return this;
    }

    /** @return alpha's initializer */
    public Initializer getAlphaInitializer() {
        return alphaInitializer;
    }

    /** @return the shared axes (from 1), or null for none */
    public int[] getSharedAxes() {
        return sharedAxes == null ? null : sharedAxes.clone();
    }

    /**
     * @param inputShape the input shape (no batch axis)
     * @return alpha's shape, Keras's: the input's, with 1 along each shared axis
     */
    public int[] alphaShape(int[] inputShape) {
        int[] shape = inputShape.clone();
        if (sharedAxes != null) {
            for (int a : sharedAxes) {
                if (a > inputShape.length) {
                    throw incompatible(inputShape, "an input with axis " + a + " (shared_axes=" + Arrays.toString(
                            sharedAxes) + ", counting the batch axis as 0)", "Share axes from 1 to "
                            + inputShape.length + ".");
                }
                shape[a - 1] = 1;
            }
        }
        return shape;
    }

    @Override
    public String defaultName() {
        return "p_re_lu";
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        alphaShape(inputShape);
        return inputShape.clone();
    }

    @Override
    public long countParams(int[] inputShape) {
        long n = 1;
        for (int d : alphaShape(inputShape)) {
            n *= d;
        }
        return n;
    }

    @Override
    boolean hasWeights() {
        return true;
    }

    @Override
    void addConfig(Map<String, Object> config) {
        config.put("alpha_initializer", alphaInitializer.getConfig());
        config.put("alpha_regularizer", null);
        config.put("alpha_constraint", null);
        config.put("shared_axes", sharedAxes == null ? null : list(sharedAxes));
    }

    @SuppressWarnings("unchecked")
    static PReLU fromConfig(Map<String, Object> config) {
        require(config.get("alpha_regularizer") == null, "PReLU", "keras4j's PReLU has no alpha_regularizer; "
                + "received " + config.get("alpha_regularizer") + ".");
        require(config.get("alpha_constraint") == null, "PReLU", "keras4j's PReLU has no alpha_constraint; "
                + "received " + config.get("alpha_constraint") + ".");
        PReLU layer = new PReLU();
        if (config.get("alpha_initializer") instanceof Map<?, ?> init) {
            layer.alphaInitializer(Initializer.fromConfig((Map<String, Object>) init));
        }
        Object shared = config.get("shared_axes");
        if (shared instanceof Number n) {
            layer.sharedAxes(n.intValue());
        } else if (shared != null) {
            layer.sharedAxes(ints(shared));
        }
        return layer;
    }
}
