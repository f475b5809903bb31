package keras4j.internal;

import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.layers.LayerConstraint;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Broadcast;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nd4j.shade.jackson.annotation.JsonAutoDetect;

import keras4j.constraints.Constraint;

/**
 * A Keras constraint as DL4J's, with Keras's formulas (epsilon 1e-7) and its axes taken in
 * Keras's layout of the weight (a Conv2D kernel [kh, kw, in, out] is [out, in, kh, kw] in DL4J; a
 * bias is a vector whose norm is over all of it). DL4J's own constraints differ: they apply twice per step and compute
 * {@code min_max_norm}'s rate otherwise. keras4j writes this class's name into saved model files:
 * it keeps it.
 *
 * <pre>{@code
 * LayerConstraint c = new KerasConstraint(Constraint.maxNorm(2.0));
 * }</pre>
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE, setterVisibility = JsonAutoDetect.Visibility.NONE)
public final class KerasConstraint implements LayerConstraint {
    private static final long serialVersionUID = 1L;
    private static final double EPSILON = 1e-7;

    /** The constraint's config ({@link Constraint#getConfig()}); JSON fields of the saved network. */
    private Map<String, Object> constraint;
    private Set<String> params = new HashSet<>();

    /** For DL4J's JSON mapper. */
    public KerasConstraint() {
    }

    /** @param constraint the Keras constraint */
    public KerasConstraint(Constraint constraint) {
        this.constraint = new LinkedHashMap<>(constraint.getConfig());
    }

    @Override
    public void applyConstraint(Layer layer, int iteration, int epoch) {
        Constraint c = Constraint.fromConfig(constraint);
        // A depthwise kernel [kh, kw, in, multiplier] is in Keras's layout in DL4J.
        boolean kerasLayout = layer.conf().getLayer() instanceof DepthwiseConvolution2D;
        for (Map.Entry<String, INDArray> e : layer.paramTable().entrySet()) {
            if (params.contains(e.getKey())) {
                apply(c, e.getValue(), e.getKey().equals("b"), kerasLayout);
            }
        }
    }

    /**
     * @param c     the constraint
     * @param param a weight in DL4J's layout, changed in place
     * @param bias  whether it is a bias (a vector in Keras: its norm is over all of it)
     */
    static void apply(Constraint c, INDArray param, boolean bias) {
        apply(c, param, bias, false);
    }

    /** As {@link #apply(Constraint, INDArray, boolean)}, for a kernel that is in Keras's layout when {@code kerasLayout}. */
    static void apply(Constraint c, INDArray param, boolean bias, boolean kerasLayout) {
        if (c.getName().equals("non_neg")) {
            param.assign(Transforms.max(param, 0.0, true));
            return;
        }
        int[] dims = bias ? IntStream.range(0, param.rank()).toArray() : dl4jAxes(c.getAxis(), param, kerasLayout);
        INDArray norms = param.norm2(dims);
        INDArray desired = switch (c.getName()) {
            case "max_norm" -> Transforms.min(norms, c.getMaxValue(), true);
            case "unit_norm" -> norms.like().assign(1.0);
            default -> Transforms.max(Transforms.min(norms, c.getMaxValue(), true), c.getMinValue(), false)
                    .muli(c.getRate()).addi(norms.mul(1 - c.getRate()));
        };
        INDArray factor = desired.divi(norms.add(EPSILON));
        int[] kept = IntStream.range(0, param.rank())
                .filter(d -> Arrays.stream(dims).noneMatch(x -> x == d)).toArray();
        if (kept.length == 0) {
            param.muli(factor.getDouble(0));
        } else {
            Broadcast.mul(param, factor.reshape(Arrays.stream(kept).mapToLong(param::size).toArray()), param, kept);
        }
    }

    /** @return the DL4J axes of Keras's axes of a kernel (a Conv2D kernel's axes permuted) */
    private static int[] dl4jAxes(int[] kerasAxes, INDArray param, boolean kerasLayout) {
        int rank = param.rank();
        int[] out = new int[kerasAxes.length];
        for (int i = 0; i < kerasAxes.length; i++) {
            int a = kerasAxes[i] < 0 ? kerasAxes[i] + rank : kerasAxes[i];
            if (a < 0 || a >= rank) {
                throw new keras4j.Keras4jException("A constraint's axis " + kerasAxes[i] + " is out of range for "
                        + "a weight of rank " + rank + ".");
            }
            // Keras [kh, kw, in, out] -> DL4J [out, in, kh, kw]
            out[i] = rank == 4 && !kerasLayout ? new int[] {2, 3, 1, 0}[a] : a;
        }
        return Arrays.stream(out).distinct().sorted().toArray();
    }

    @Override
    public void setParams(Set<String> params) {
        this.params = new HashSet<>(params);
    }

    @Override
    public Set<String> getParams() {
        return params;
    }

    @Override
    public KerasConstraint clone() {
        KerasConstraint copy = new KerasConstraint();
        copy.constraint = new LinkedHashMap<>(constraint);
        copy.params = new HashSet<>(params);
        return copy;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KerasConstraint other && Constraint.fromConfig(constraint).equals(Constraint.fromConfig(
                other.constraint)) && params.equals(other.params);
    }

    @Override
    public int hashCode() {
        return Constraint.fromConfig(constraint).hashCode() * 31 + params.hashCode();
    }

    @Override
    public String toString() {
        return "KerasConstraint(" + constraint + ", " + params + ")";
    }
}
