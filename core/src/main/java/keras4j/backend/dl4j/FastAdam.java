package keras4j.backend.dl4j;

import java.nio.FloatBuffer;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.AdamUpdater;
import org.nd4j.linalg.learning.config.Adam;

import keras4j.internal.FloatView;

/**
 * DL4J's Adam step, computed in Java. libnd4j's Adam kernel (DL4J 1.0.0-M2.1) works one element at
 * a time and, with the orders DL4J gives it (a column-major gradient view, row-major state), through
 * a per-element offset lookup: it was 16-19 % of the MNIST MLP's training time. This computes the
 * same update — {@code m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2;
 * g = m lr sqrt(1 - b2^t) / (1 - b1^t) / (sqrt(v) + epsilon)} with DL4J's {@code t = iteration + 1} —
 * in one pass over the gradient and the state, a cache-sized chunk at a time copied onto the heap,
 * where the JIT compiler vectorises the loop, on two threads for large blocks.
 *
 * <p>It is a runtime replacement only: {@link #install} swaps the {@code GradientUpdater} of each
 * updater block that runs DL4J's plain Adam for a {@link Kernel} over the same state arrays. The
 * network's configuration (and so every saved file) still names DL4J's {@code Adam}, and the state
 * is laid out as DL4J lays it out. The results equal DL4J's to float rounding (libnd4j's compiler
 * contracts some products into fused multiply-adds); {@code FastAdamTest} compares both paths.
 * Arrays it can't read as one contiguous float run go to DL4J's kernel. {@code
 * -Dkeras4j.fastAdam=false} keeps DL4J's kernel everywhere (for benchmarks of the difference).
 *
 * <p>One difference is deliberate: moments below 2<sup>-100</sup> in magnitude are flushed to zero
 * (between 2<sup>-101</sup> and 2<sup>-100</sup> they are scaled towards it). A weight whose gradient
 * stays zero for a while (an input pixel that is always blank in a stretch of batches, a unit ReLU
 * turned off) has its first moment shrink by {@code beta1} every step, and after ~800 steps it is a
 * subnormal float; every operation on a subnormal takes a microcode assist of ~100 cycles. In the
 * MNIST MLP 2-3 % of the first moments were subnormal from the second epoch on, which made this
 * pass ~6 times slower than on normal numbers. TensorFlow and JAX, Keras's usual backends, run
 * their CPU kernels with subnormals flushed to zero for the same reason; the Java virtual machine
 * can't, so the flush is in the arithmetic. A moment that small moves its weight by less than
 * 10<sup>-23</sup> per step.
 *
 * <pre>{@code
 * FastAdam.install(network.getUpdater(true));   // before training; again is a no-op
 * }</pre>
 */
final class FastAdam {
    /** System property that turns the Java kernel off ({@code false}). */
    static final String PROPERTY = "keras4j.fastAdam";
    /** Elements per chunk: three float arrays of it fit a core's L2 cache. */
    private static final int CHUNK = 8192;
    /** Blocks at least this long are split over two threads. */
    private static final int PARALLEL = 1 << 16;
    /** 2<sup>101</sup>: {@link #kept} is 1 for magnitudes of 2<sup>-100</sup> and up. */
    private static final float FLUSH_SCALE = 0x1p101f;
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[3][CHUNK]);

    private FastAdam() {
    }

    /**
     * Replaces DL4J's Adam kernel by {@link Kernel} in every block of {@code updater} that runs it.
     *
     * @param updater a network's updater (null, or another kind, is left alone)
     */
    static void install(Updater updater) {
        if (!(updater instanceof BaseMultiLayerUpdater<?> layers) || "false".equals(System.getProperty(PROPERTY))) {
            return;
        }
        for (UpdaterBlock block : layers.getUpdaterBlocks()) {
            // getGradientUpdater() first: DL4J creates (and zeroes, when new) the state views
            if (block.getGradientUpdater().getClass() == AdamUpdater.class) {
                AdamUpdater dl4j = (AdamUpdater) block.getGradientUpdater();
                Kernel kernel = new Kernel(dl4j.getConfig());
                kernel.setM(dl4j.getM());
                kernel.setV(dl4j.getV());
                kernel.setGradientReshapeOrder(dl4j.getGradientReshapeOrder());
                block.setGradientUpdater(kernel);
            }
        }
    }

    /** DL4J's Adam updater with the step computed in Java where the arrays allow. */
    static final class Kernel extends AdamUpdater {
        Kernel(Adam config) {
            super(config);
        }

        @Override
        public void applyUpdater(INDArray gradient, int iteration, int epoch) {
            FloatBuffer g = FloatView.contiguous(gradient);
            FloatBuffer m = getM() == null ? null : FloatView.contiguous(getM());
            FloatBuffer v = getV() == null ? null : FloatView.contiguous(getV());
            if (g == null || m == null || v == null || gradient.length() != getM().length()) {
                super.applyUpdater(gradient, iteration, epoch);
                return;
            }
            Adam config = getConfig();
            float beta1 = (float) config.getBeta1();
            float beta2 = (float) config.getBeta2();
            float epsilon = (float) config.getEpsilon();
            float lr = (float) config.getLearningRate(iteration, epoch);
            float beta1Power = (float) Math.pow(beta1, iteration + 1.0);
            float beta2Power = (float) Math.pow(beta2, iteration + 1.0);
            float stepSize = (float) (lr * Math.sqrt(1.0 - beta2Power) / (1.0 - beta1Power));
            if (Float.isNaN(stepSize) || Float.isInfinite(stepSize) || stepSize == 0) {
                stepSize = epsilon;   // libnd4j's guard for the first steps of extreme betas
            }
            Step step = new Step(g, m, v, beta1, beta2, epsilon, stepSize);
            int n = (int) gradient.length();
            if (n >= PARALLEL && Runtime.getRuntime().availableProcessors() > 1) {
                int half = n / 2 / CHUNK * CHUNK;
                ForkJoinTask<?> other = ForkJoinPool.commonPool().submit(() -> step.run(half, n));
                step.run(0, half);
                other.join();
            } else {
                step.run(0, n);
            }
        }
    }

    /** One step over index ranges of a block: gradient in, update out, state updated in place. */
    private record Step(FloatBuffer g, FloatBuffer m, FloatBuffer v, float beta1, float beta2, float epsilon,
                        float stepSize) {
        void run(int from, int to) {
            float[][] scratch = SCRATCH.get();
            float[] gs = scratch[0];
            float[] ms = scratch[1];
            float[] vs = scratch[2];
            for (int start = from; start < to; start += CHUNK) {
                int len = Math.min(CHUNK, to - start);
                g.get(start, gs, 0, len);
                m.get(start, ms, 0, len);
                v.get(start, vs, 0, len);
                chunk(gs, ms, vs, len);
                m.put(start, ms, 0, len);
                v.put(start, vs, 0, len);
                g.put(start, gs, 0, len);
            }
        }

        private void chunk(float[] gs, float[] ms, float[] vs, int len) {
            float c1 = 1 - beta1;
            float c2 = 1 - beta2;
            for (int i = 0; i < len; i++) {
                float gi = gs[i];
                float mi = beta1 * ms[i] + gi * c1;
                float vi = beta2 * vs[i] + gi * gi * c2;
                mi *= kept(Math.abs(mi));
                vi *= kept(vi);
                ms[i] = mi;
                vs[i] = vi;
                gs[i] = mi * stepSize / ((float) Math.sqrt(vi) + epsilon);
            }
        }
    }

    /**
     * The factor that flushes a moment of this magnitude: 1 from 2<sup>-100</sup> up, 0 below
     * 2<sup>-101</sup>, a ramp between; NaN for NaN. Branch-free (min and max), so the loop above stays
     * vectorised.
     */
    static float kept(float magnitude) {
        return Math.min(1f, Math.max(0f, magnitude * FLUSH_SCALE - 1f));
    }
}
