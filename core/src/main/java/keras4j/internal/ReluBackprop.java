package keras4j.internal;

import java.nio.FloatBuffer;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A plain ReLU's backprop, {@code z > 0 ? epsilon : 0}, in one Java pass over the two arrays'
 * memory ({@link FloatView}), for {@link FastDense} and {@link NativeConv2D}. DL4J's computes the
 * same through libnd4j's generic element lambda, a function call per element that also looks up
 * both offsets per element when the arrays' orders differ (a dense layer's column-major
 * pre-activation against a row-major epsilon): a tenth of an MNIST MLP's training step, more of
 * the CNN's. The arrays are copied onto the heap (one bulk copy each way), where the JIT compiles
 * the loop tight. Other activations, and arrays it can't read in place, go to the activation's own
 * backprop.
 *
 * <pre>{@code
 * INDArray delta = ReluBackprop.into(z, epsilon, layerConf().getActivationFn());   // z is overwritten
 * }</pre>
 */
public final class ReluBackprop {
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[2][0]);

    private ReluBackprop() {
    }

    /**
     * @param z          the layer's pre-activation, the layer's own copy: it is overwritten
     * @param epsilon    the gradient with respect to the activation's output, shaped as {@code z}
     * @param activation the layer's activation
     * @return the gradient with respect to {@code z}: {@code z} itself for a plain ReLU, else what
     *         {@code activation.backprop} returns
     */
    public static INDArray into(INDArray z, INDArray epsilon, IActivation activation) {
        INDArray delta = plainRelu(activation) && java.util.Arrays.equals(z.shape(), epsilon.shape())
                ? relu(z, epsilon) : null;
        return delta != null ? delta : activation.backprop(z, epsilon).getFirst();
    }

    private static boolean plainRelu(IActivation activation) {
        return activation instanceof ActivationReLU relu && relu.getMax() == null && relu.getThreshold() == null
                && relu.getNegativeSlope() == null;
    }

    /** @return {@code z} holding the gradient, or null for arrays this can't walk */
    private static INDArray relu(INDArray z, INDArray epsilon) {
        FloatBuffer zs = FloatView.of(z);
        FloatBuffer es = FloatView.of(epsilon);
        boolean sameLayout = java.util.Arrays.equals(z.stride(), epsilon.stride());
        if (zs == null || es == null || !sameLayout && z.rank() != 2) {
            return null;
        }
        float[] zh = scratch(0, zs.limit());
        float[] eh = scratch(1, es.limit());
        zs.get(0, zh, 0, zs.limit());
        es.get(0, eh, 0, es.limit());
        if (sameLayout) {
            for (int i = 0; i < zs.limit(); i++) {
                zh[i] = zh[i] > 0 ? eh[i] : 0f;
            }
        } else {
            int rows = (int) z.size(0);
            int cols = (int) z.size(1);
            int zr = z.stride(0);
            int zc = z.stride(1);
            int er = epsilon.stride(0);
            int ec = epsilon.stride(1);
            for (int c = 0; c < cols; c++) {
                for (int r = 0; r < rows; r++) {
                    int at = r * zr + c * zc;
                    zh[at] = zh[at] > 0 ? eh[r * er + c * ec] : 0f;
                }
            }
        }
        zs.put(0, zh, 0, zs.limit());
        return z;
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
