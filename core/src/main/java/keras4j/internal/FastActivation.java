package keras4j.internal;

import java.nio.FloatBuffer;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The activations libnd4j computes slowly, in one Java pass over the arrays' memory
 * ({@link FloatView}), for {@link FastDense} and {@link NativeConv2D}: a plain ReLU's backprop, and
 * tanh forward and back. libnd4j runs ReLU's backprop through a generic element lambda (a call per
 * element, and a per-element offset lookup when a dense layer's column-major pre-activation meets
 * a row-major epsilon: a tenth of an MNIST MLP's training step), and tanh through scalar
 * {@code powf} calls, in both directions (a third of LeNet-5's). The arrays are copied onto the
 * heap (a chunk at a time, one bulk copy each way), where the JIT compiles the loops into vector
 * instructions.
 * Other activations, and a {@code z} whose elements aren't one run in memory, go to the activation's
 * own code.
 *
 * <p>Where ND4J's oneDNN build is loaded ({@link NativeBackend}), tanh runs on oneDNN instead:
 * DL4J's tanh forward is libnd4j's legacy transform (scalar), but libnd4j's {@code tanh} operation
 * and the {@code tanh_bp} DL4J's backprop already calls run on oneDNN's vectorised kernels, on the
 * arrays in place and on every core: 2.5-3 ms forward and 2.5-4.5 ms back for LeNet-5's first
 * convolution on 1 000 images, against 6-7 and 8-10 ms for the Java loops with their copies.
 *
 * <pre>{@code
 * INDArray out = FastActivation.forward(z, layerConf().getActivationFn(), training);   // z may be overwritten
 * INDArray delta = FastActivation.backprop(z, epsilon, layerConf().getActivationFn()); // z is overwritten
 * }</pre>
 *
 * <p>tanh is a rational function of {@code x / 2} (the Padé approximant [7/6], from tanh's
 * continued fraction) followed by the double-angle identity {@code tanh 2u = 2 tanh u / (1 +
 * tanh² u)}: within 5 float32 ulps of the exact value everywhere (4.04 measured), ±1 beyond
 * |x| = 9, NaN for NaN.
 *
 * <p>ReLU's backprop is TensorFlow's formula, the gradient times {@code (z > 0)}: DL4J's values
 * except the sign of a zero, and 0 · ∞ (NaN, where DL4J gives 0).
 */
public final class FastActivation {
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[2][0]);
    /** Elements per pass where the layouts match: the scratch arrays stay small whatever the batch. */
    private static final int CHUNK = 16384;
    /** Beyond this tanh is ±1 to float precision. */
    private static final float TANH_LIMIT = 9f;
    /** Whether ND4J runs its oneDNN build (chosen before it loads, so fixed once ND4J is running). */
    private static final boolean ONEDNN = System.getProperty(NativeBackend.EXTENSION_PROPERTY, "").contains("onednn");

    private FastActivation() {
    }

    /**
     * @param z          the layer's pre-activation; overwritten by the result for tanh
     * @param activation the layer's activation
     * @param training   whether this is a training pass
     * @return the activation of {@code z}
     */
    public static INDArray forward(INDArray z, IActivation activation, boolean training) {
        return forward(z, activation, training, ONEDNN);
    }

    /** {@link #forward}, with tanh on libnd4j's operation ({@code onednn}) or in Java. */
    static INDArray forward(INDArray z, IActivation activation, boolean training, boolean onednn) {
        if (activation instanceof ActivationTanH && onednn) {
            Nd4j.exec(DynamicCustomOp.builder("tanh").addInputs(z).addOutputs(z).build());
            return z;
        }
        if (activation instanceof ActivationTanH) {
            FloatBuffer zs = FloatView.contiguous(z);
            if (zs != null) {
                float[] zh = scratch(0, CHUNK);
                for (int start = 0; start < zs.limit(); start += CHUNK) {
                    int len = Math.min(CHUNK, zs.limit() - start);
                    zs.get(start, zh, 0, len);
                    tanh(zh, len);
                    zs.put(start, zh, 0, len);
                }
                return z;
            }
        }
        return activation.getActivation(z, training);
    }

    /**
     * @param z          the layer's pre-activation, the layer's own copy: it is overwritten
     * @param epsilon    the gradient with respect to the activation's output, shaped as {@code z}
     * @param activation the layer's activation
     * @return the gradient with respect to {@code z}: {@code z} itself for a plain ReLU or tanh,
     *         else what {@code activation.backprop} returns
     */
    public static INDArray backprop(INDArray z, INDArray epsilon, IActivation activation) {
        return backprop(z, epsilon, activation, ONEDNN);
    }

    /** {@link #backprop}, with tanh's left to DL4J's {@code tanh_bp} ({@code onednn}) or in Java. */
    static INDArray backprop(INDArray z, INDArray epsilon, IActivation activation, boolean onednn) {
        boolean relu = plainRelu(activation);
        INDArray delta = (relu || !onednn) && computes(activation) && java.util.Arrays.equals(z.shape(), epsilon.shape())
                ? backprop(z, epsilon, relu) : null;
        return delta != null ? delta : activation.backprop(z, epsilon).getFirst();
    }

    /**
     * @param activation a layer's activation
     * @return whether this class computes it (a plain ReLU, tanh) rather than leaving it to DL4J's code
     */
    public static boolean computes(IActivation activation) {
        return plainRelu(activation) || activation instanceof ActivationTanH;
    }

    private static boolean plainRelu(IActivation activation) {
        return activation instanceof ActivationReLU relu && relu.getMax() == null && relu.getThreshold() == null
                && relu.getNegativeSlope() == null;
    }

    /** @return {@code z} holding the gradient, or null for arrays this can't walk */
    private static INDArray backprop(INDArray z, INDArray epsilon, boolean relu) {
        FloatBuffer zs = FloatView.contiguous(z);   // every element of its span is z's own: all are written
        FloatBuffer es = FloatView.of(epsilon);
        boolean sameLayout = java.util.Arrays.equals(z.stride(), epsilon.stride());
        if (zs == null || es == null || !sameLayout && z.rank() != 2) {
            return null;
        }
        if (sameLayout) {   // the same element at the same place in both: a chunk at a time
            float[] zh = scratch(0, CHUNK);
            float[] eh = scratch(1, CHUNK);
            for (int start = 0; start < zs.limit(); start += CHUNK) {
                int len = Math.min(CHUNK, zs.limit() - start);
                zs.get(start, zh, 0, len);
                es.get(start, eh, 0, len);
                if (relu) {
                    for (int i = 0; i < len; i++) {
                        zh[i] = eh[i] * positive(zh[i]);
                    }
                } else {
                    tanh(zh, len);   // the derivative 1 - tanh² from the output
                    for (int i = 0; i < len; i++) {
                        zh[i] = (1f - zh[i] * zh[i]) * eh[i];
                    }
                }
                zs.put(start, zh, 0, len);
            }
            return z;
        }
        // A matrix against its transpose's layout (a dense layer's column-major pre-activation and a
        // row-major epsilon): both whole, walked by row and column.
        float[] zh = scratch(0, zs.limit());
        float[] eh = scratch(1, es.limit());
        zs.get(0, zh, 0, zs.limit());
        es.get(0, eh, 0, es.limit());
        if (!relu) {
            tanh(zh, zs.limit());
        }
        int rows = (int) z.size(0);
        int cols = (int) z.size(1);
        int zr = z.stride(0);
        int zc = z.stride(1);
        int er = epsilon.stride(0);
        int ec = epsilon.stride(1);
        for (int c = 0; c < cols; c++) {
            for (int r = 0; r < rows; r++) {
                int at = r * zr + c * zc;
                float e = eh[r * er + c * ec];
                zh[at] = relu ? e * positive(zh[at]) : (1f - zh[at] * zh[at]) * e;
            }
        }
        zs.put(0, zh, 0, zs.limit());
        return z;
    }

    /**
     * ReLU's derivative: 1 for {@code z > 0}, 0 for {@code z <= 0}, NaN for NaN. Branch-free (min and
     * max of {@code z} scaled past 1, even from the smallest subnormal), so the loops above vectorise: as
     * a branch on {@code z > 0} it mispredicts on about half the elements and ran ~10 times slower.
     */
    static float positive(float z) {
        return Math.min(1f, Math.max(0f, z * 0x1p100f * 0x1p100f));
    }

    /** Replaces {@code x[0..n)} by its tanh. */
    static void tanh(float[] x, int n) {
        for (int i = 0; i < n; i++) {
            float h = 0.5f * Math.max(-TANH_LIMIT, Math.min(TANH_LIMIT, x[i]));
            float t = h * h;
            float p = ((t + 378f) * t + 17325f) * t + 135135f;
            float q = ((28f * t + 3150f) * t + 62370f) * t + 135135f;
            float u = h * p / q;
            x[i] = 2f * u / (1f + u * u);
        }
    }

    /** @return this thread's scratch array {@code which}, at least {@code length} long */
    private static float[] scratch(int which, int length) {
        float[][] arrays = SCRATCH.get();
        if (arrays[which].length < length) {
            arrays[which] = new float[length];
        }
        return arrays[which];
    }
}
