package keras4j.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationELU;
import org.nd4j.linalg.activations.impl.ActivationGELU;
import org.nd4j.linalg.activations.impl.ActivationHardSigmoid;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU6;
import org.nd4j.linalg.activations.impl.ActivationSELU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftPlus;
import org.nd4j.linalg.activations.impl.ActivationSoftSign;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.activations.impl.ActivationSwish;
import org.nd4j.linalg.activations.impl.ActivationTanH;

/**
 * Keras's activation names and their DL4J functions.
 *
 * <pre>{@code
 * IActivation relu = Activations.toDl4j("relu");
 * }</pre>
 *
 * <p>Where Keras and DL4J differ: {@code leaky_relu} uses Keras 3's negative slope 0.2 (DL4J's
 * default is 0.01); {@code hard_sigmoid} is DL4J's {@code clip(0.2x + 0.5, 0, 1)} (Keras 2's
 * definition; Keras 3 uses slope 1/6); {@code gelu} is the exact (erf) form, Keras's default
 * ({@link ExactGelu}; DL4J's own is an approximation); {@code softmax} runs over a sample's last
 * axis, also when DL4J carries the sample as one flat vector ({@link LastAxisSoftmax}).
 */
public final class Activations {
    private static final Map<String, Supplier<IActivation>> TABLE = new LinkedHashMap<>();

    static {
        TABLE.put("linear", ActivationIdentity::new);
        TABLE.put("relu", ActivationReLU::new);
        TABLE.put("sigmoid", ActivationSigmoid::new);
        TABLE.put("tanh", ActivationTanH::new);
        TABLE.put("softmax", ActivationSoftmax::new);
        TABLE.put("elu", ActivationELU::new);
        TABLE.put("selu", ActivationSELU::new);
        TABLE.put("softplus", ActivationSoftPlus::new);
        TABLE.put("softsign", ActivationSoftSign::new);
        TABLE.put("leaky_relu", () -> new ActivationLReLU(0.2));
        TABLE.put("hard_sigmoid", ActivationHardSigmoid::new);
        TABLE.put("swish", ActivationSwish::new);
        TABLE.put("silu", ActivationSwish::new);
        TABLE.put("gelu", ExactGelu::new);
        TABLE.put("relu6", ActivationReLU6::new);
    }

    /** Every activation name keras4j accepts. */
    public static final List<String> NAMES = List.copyOf(TABLE.keySet());

    private Activations() {
    }

    /**
     * @param name a Keras activation name; null means "linear" as in Keras
     * @return the canonical name
     * @throws keras4j.Keras4jException listing the valid names when unknown
     */
    public static String check(String name) {
        if (name == null) {
            return "linear";
        }
        String key = Names.normalize(name);
        if (!TABLE.containsKey(key)) {
            throw Names.unknown("activation", name, NAMES, null);
        }
        return key;
    }

    /** @param name a name accepted by {@link #check} @return a new DL4J activation function */
    public static IActivation toDl4j(String name) {
        return TABLE.get(check(name)).get();
    }

    /**
     * @param name        a name accepted by {@link #check}
     * @param sampleShape the shape of each sample the function is applied to (no batch axis)
     * @return a new DL4J activation function for such samples: a softmax over the last axis of a
     *         sample that DL4J carries as one flat vector (ranks other than 1 and 3)
     */
    public static IActivation toDl4j(String name, int[] sampleShape) {
        String key = check(name);
        if (key.equals("softmax") && sampleShape.length != 1 && sampleShape.length != 3) {
            return new LastAxisSoftmax(sampleShape[sampleShape.length - 1]);
        }
        return toDl4j(key);
    }

    /**
     * A model file keeps computing what it was trained with: an earlier keras4j lowered gelu to
     * DL4J's approximation ({@code ActivationGELU(precise = true)}), and softmax over a flat
     * sample of rank 2 or 4+ to DL4J's softmax of the whole sample.
     *
     * @param planned the function this keras4j lowers a layer's activation to
     * @param saved   the function of that layer in a model file
     * @return whether {@code saved} is what an earlier keras4j wrote for {@code planned}
     */
    public static boolean isEarlierForm(IActivation planned, IActivation saved) {
        return planned instanceof ExactGelu && saved instanceof ActivationGELU gelu && gelu.isPrecise()
                || planned instanceof LastAxisSoftmax && saved instanceof ActivationSoftmax;
    }
}
