package keras4j.internal;

import java.util.Arrays;
import java.util.Objects;

import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Keras's image augmentation layers in DL4J (RandomFlip, RandomRotation, RandomTranslation,
 * RandomZoom, RandomContrast), applied as DL4J's dropout layer applies its dropout: only while
 * training. Each image of a batch (channels-last, (height, width, channels)) draws its own
 * transformation from ND4J's random generator, which keras4j seeds from the model's seed.
 *
 * <p>Flip, rotation, translation and zoom are one affine resample, as Keras's
 * {@code affine_transform}: output pixel (x, y) reads the input at ({@code a0 x + a1 y + a2},
 * {@code b0 x + b1 y + b2}), by bilinear or nearest interpolation, the input extended past its
 * edges by the fill mode ("reflect" {@code d c b a | a b c d | d c b a}, "wrap", "nearest" or
 * "constant" with the fill value). Contrast is {@code (x - mean) * factor + mean} per image and
 * channel, clipped to the value range. Backpropagation is the exact gradient of the
 * transformation drawn in the training pass (the resample's adjoint; contrast's derivative, 0 where
 * the value was clipped). keras4j writes this class's name into saved model files: it keeps it.
 *
 * <pre>{@code
 * IDropout flip = RandomImageTransform.flip(true, false);          // RandomFlip("horizontal")
 * IDropout turn = RandomImageTransform.affine("rotation", new double[] {-0.1, 0.1}, "reflect", "bilinear", 0);
 * DropoutLayer conf = new DropoutLayer(turn);
 * }</pre>
 */
public final class RandomImageTransform implements IDropout {
    private static final long serialVersionUID = 1L;

    /** JSON properties of the saved network, through their getters. */
    private String kind;
    private double[] factors;
    private String fillMode = "constant";
    private String interpolation = "bilinear";
    private double fillValue;

    /** The last training pass's draw: per image, its affine matrix or its contrast factor. */
    private transient double[][] drawn;
    private transient long[] drawnShape;
    /** Contrast: the values clipped to the value range in the last training pass. */
    private transient boolean[] clipped;

    /** For DL4J's JSON mapper. */
    public RandomImageTransform() {
    }

    private RandomImageTransform(String kind, double[] factors, String fillMode, String interpolation,
                                 double fillValue) {
        this.kind = kind;
        this.factors = factors.clone();
        this.fillMode = fillMode;
        this.interpolation = interpolation;
        this.fillValue = fillValue;
    }

    /**
     * @param horizontal whether to mirror left-right
     * @param vertical   whether to mirror top-bottom (with both, an image is mirrored both ways or
     *                   not at all, as in Keras: one draw per image)
     * @return each image mirrored with probability 1/2
     */
    public static RandomImageTransform flip(boolean horizontal, boolean vertical) {
        return new RandomImageTransform("flip", new double[] {horizontal ? 1 : 0, vertical ? 1 : 0}, "constant",
                "nearest", 0);
    }

    /**
     * @param kind          "rotation" (factors: lower, upper, as fractions of a full turn),
     *                      "translation" (height lower, upper, width lower, upper, as fractions of the
     *                      size) or "zoom" (height lower, upper[, width lower, upper]: the width's
     *                      zoom is the height's when absent)
     * @param factors       the ranges drawn from, as Keras's layers take them
     * @param fillMode      "reflect", "wrap", "constant" or "nearest"
     * @param interpolation "bilinear" or "nearest"
     * @param fillValue     the value past the edges with "constant"
     * @return the resample of that kind
     */
    public static RandomImageTransform affine(String kind, double[] factors, String fillMode, String interpolation,
                                              double fillValue) {
        return new RandomImageTransform(kind, factors, fillMode, interpolation, fillValue);
    }

    /**
     * @param lower the factor's lower bound is {@code 1 - lower}
     * @param upper the factor's upper bound is {@code 1 + upper}
     * @param low   the lowest value of the output
     * @param high  the highest value of the output
     * @return each image's contrast scaled by a factor drawn in [1 - lower, 1 + upper]
     */
    public static RandomImageTransform contrast(double lower, double upper, double low, double high) {
        return new RandomImageTransform("contrast", new double[] {lower, upper, low, high}, "constant", "nearest", 0);
    }

    /** @return "flip", "rotation", "translation", "zoom" or "contrast" */
    public String getKind() {
        return kind;
    }

    /** @return the ranges drawn from (see the factories) */
    public double[] getFactors() {
        return factors.clone();
    }

    /** @return how the resample extends the input past its edges */
    public String getFillMode() {
        return fillMode;
    }

    /** @return "bilinear" or "nearest" */
    public String getInterpolation() {
        return interpolation;
    }

    /** @return the value past the edges with fill mode "constant" */
    public double getFillValue() {
        return fillValue;
    }

    @Override
    public INDArray applyDropout(INDArray input, INDArray output, int iteration, int epoch,
                                 LayerWorkspaceMgr workspaceMgr) {
        if (input.rank() != 4) {
            throw new IllegalStateException("RandomImageTransform: expected images (batch, height, width, channels),"
                    + " received shape " + Arrays.toString(input.shape()));
        }
        drawnShape = input.shape();
        double[] x = values(input);
        double[] y = new double[x.length];
        draw(Nd4j.getRandom());
        if (kind.equals("contrast")) {
            contrast(x, y);
        } else {
            resample(x, y, false);
        }
        return output.assign(Nd4j.create(y, drawnShape, 'c').castTo(output.dataType()));
    }

    @Override
    public INDArray backprop(INDArray gradAtOutput, INDArray gradAtInput, int iteration, int epoch) {
        if (drawn == null) {
            throw new IllegalStateException("RandomImageTransform: backprop without a training pass before it");
        }
        double[] g = values(gradAtOutput);
        double[] grad = new double[g.length];
        if (kind.equals("contrast")) {
            contrastGradient(g, grad);
        } else {
            resample(g, grad, true);
        }
        clear();
        return gradAtInput.assign(Nd4j.create(grad, gradAtOutput.shape(), 'c').castTo(gradAtInput.dataType()));
    }

    private static double[] values(INDArray a) {
        return a.dup('c').reshape(a.length()).toDoubleVector();
    }

    /** Draws each image's transformation, as Keras's layers draw theirs. */
    private void draw(Random random) {
        int batch = (int) drawnShape[0];
        double h = drawnShape[1];
        double w = drawnShape[2];
        drawn = new double[batch][];
        for (int b = 0; b < batch; b++) {
            drawn[b] = switch (kind) {
                case "flip" -> {
                    boolean flip = random.nextDouble() <= 0.5;
                    boolean x = flip && factors[0] != 0;
                    boolean y = flip && factors[1] != 0;
                    yield new double[] {x ? -1 : 1, 0, x ? w - 1 : 0, 0, y ? -1 : 1, y ? h - 1 : 0};
                }
                case "rotation" -> {
                    double angle = Math.toRadians(uniform(random, factors[0] * 360, factors[1] * 360));
                    double cos = Math.cos(angle);
                    double sin = Math.sin(angle);
                    double cx = (w - 1) / 2;
                    double cy = (h - 1) / 2;
                    yield new double[] {cos, -sin, cx - cx * cos + cy * sin, sin, cos, cy - cx * sin - cy * cos};
                }
                case "translation" -> {
                    double dy = uniform(random, factors[0], factors[1]) * h;
                    double dx = uniform(random, factors[2], factors[3]) * w;
                    yield new double[] {1, 0, -dx, 0, 1, -dy};
                }
                case "zoom" -> {
                    double zy = uniform(random, 1 + factors[0], 1 + factors[1]);
                    double zx = factors.length == 4 ? uniform(random, 1 + factors[2], 1 + factors[3]) : zy;
                    yield new double[] {zx, 0, (w - 1) / 2 * (1 - zx), 0, zy, (h - 1) / 2 * (1 - zy)};
                }
                case "contrast" -> new double[] {uniform(random, 1 - factors[0], 1 + factors[1])};
                default -> throw new IllegalStateException("RandomImageTransform: unknown kind '" + kind + "'");
            };
        }
    }

    private static double uniform(Random random, double low, double high) {
        return low == high ? low : low + (high - low) * random.nextDouble();
    }

    /**
     * The affine resample of every image, or its adjoint (from the output's gradient {@code from} to
     * the input's, {@code to}): the one sampler of flip, rotation, translation and zoom.
     */
    private void resample(double[] from, double[] to, boolean adjoint) {
        int batch = (int) drawnShape[0];
        int h = (int) drawnShape[1];
        int w = (int) drawnShape[2];
        int c = (int) drawnShape[3];
        boolean nearest = interpolation.equals("nearest");
        int image = h * w * c;
        for (int b = 0; b < batch; b++) {
            double[] m = drawn[b];
            int base = b * image;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double sx = m[0] * x + m[1] * y + m[2];
                    double sy = m[3] * x + m[4] * y + m[5];
                    int out = base + (y * w + x) * c;
                    if (nearest) {
                        tap(from, to, adjoint, base, out, c, h, w, (long) Math.floor(sy + 0.5),
                                (long) Math.floor(sx + 0.5), 1);
                        continue;
                    }
                    double fy = Math.floor(sy);
                    double fx = Math.floor(sx);
                    double ty = sy - fy;
                    double tx = sx - fx;
                    long iy = (long) fy;
                    long ix = (long) fx;
                    tap(from, to, adjoint, base, out, c, h, w, iy, ix, (1 - ty) * (1 - tx));
                    tap(from, to, adjoint, base, out, c, h, w, iy, ix + 1, (1 - ty) * tx);
                    tap(from, to, adjoint, base, out, c, h, w, iy + 1, ix, ty * (1 - tx));
                    tap(from, to, adjoint, base, out, c, h, w, iy + 1, ix + 1, ty * tx);
                }
            }
        }
    }

    /**
     * One interpolation tap: the input pixel (iy, ix), extended by the fill mode, weighs
     * {@code weight} in the output pixel at {@code out}; forward adds its channels to the output,
     * the adjoint adds the output's gradient to it.
     */
    private void tap(double[] from, double[] to, boolean adjoint, int base, int out, int c, int h, int w, long iy,
                     long ix, double weight) {
        if (weight == 0) {
            return;
        }
        int sy = index(iy, h);
        int sx = index(ix, w);
        if (sy < 0 || sx < 0) {
            if (!adjoint) {
                for (int k = 0; k < c; k++) {
                    to[out + k] += weight * fillValue;
                }
            }
            return;
        }
        int in = base + (sy * w + sx) * c;
        for (int k = 0; k < c; k++) {
            if (adjoint) {
                to[in + k] += weight * from[out + k];
            } else {
                to[out + k] += weight * from[in + k];
            }
        }
    }

    /** @return the index of the input row or column {@code i} reads, by the fill mode; -1 for the fill value */
    private int index(long i, int size) {
        if (i >= 0 && i < size) {
            return (int) i;
        }
        return switch (fillMode) {
            case "reflect" -> {
                long r = Math.floorMod(i, 2L * size);
                yield (int) (r < size ? r : 2L * size - 1 - r);
            }
            case "wrap" -> (int) Math.floorMod(i, (long) size);
            case "nearest" -> i < 0 ? 0 : size - 1;
            default -> -1;
        };
    }

    /** {@code (x - mean) * factor + mean} per image and channel, clipped to the value range. */
    private void contrast(double[] x, double[] y) {
        int c = (int) drawnShape[3];
        int pixels = (int) (drawnShape[1] * drawnShape[2]);
        clipped = new boolean[x.length];
        for (int b = 0; b < drawn.length; b++) {
            double f = drawn[b][0];
            int base = b * pixels * c;
            for (int k = 0; k < c; k++) {
                double mean = 0;
                for (int p = 0; p < pixels; p++) {
                    mean += x[base + p * c + k];
                }
                mean /= pixels;
                for (int p = 0; p < pixels; p++) {
                    int i = base + p * c + k;
                    double v = (x[i] - mean) * f + mean;
                    clipped[i] = v < factors[2] || v > factors[3];
                    y[i] = Math.min(Math.max(v, factors[2]), factors[3]);
                }
            }
        }
    }

    /** Contrast's gradient: {@code f g + (1 - f) mean(g)} per channel, g the gradient where not clipped. */
    private void contrastGradient(double[] g, double[] grad) {
        int c = (int) drawnShape[3];
        int pixels = (int) (drawnShape[1] * drawnShape[2]);
        for (int b = 0; b < drawn.length; b++) {
            double f = drawn[b][0];
            int base = b * pixels * c;
            for (int k = 0; k < c; k++) {
                double mean = 0;
                for (int p = 0; p < pixels; p++) {
                    int i = base + p * c + k;
                    mean += clipped[i] ? 0 : g[i];
                }
                mean /= pixels;
                for (int p = 0; p < pixels; p++) {
                    int i = base + p * c + k;
                    grad[i] = (clipped[i] ? 0 : f * g[i]) + (1 - f) * mean;
                }
            }
        }
    }

    @Override
    public void clear() {
        drawn = null;
        clipped = null;
    }

    @Override
    public RandomImageTransform clone() {
        return new RandomImageTransform(kind, factors, fillMode, interpolation, fillValue);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RandomImageTransform t && t.kind.equals(kind) && Arrays.equals(t.factors, factors)
                && t.fillMode.equals(fillMode) && t.interpolation.equals(interpolation) && t.fillValue == fillValue;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, Arrays.hashCode(factors), fillMode, interpolation, fillValue);
    }

    @Override
    public String toString() {
        return "RandomImageTransform(" + kind + " " + Arrays.toString(factors) + ", fill " + fillMode + " "
                + fillValue + ", " + interpolation + ")";
    }
}
