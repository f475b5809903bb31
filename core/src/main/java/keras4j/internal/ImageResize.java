package keras4j.internal;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * TensorFlow's {@code tf.image.resize} of channels-last images, as Keras's {@code Resizing} and
 * the image-folder data computes it: half-pixel centres, bilinear without antialiasing (or
 * nearest), the source coordinates clamped at the edges. One place for the data code's float
 * pixels and for the Resizing layer's arrays (forward and backward).
 *
 * <pre>{@code
 * float[] out = new float[64 * 64 * 3];
 * ImageResize.resize(rgb, height, width, 3, out, 0, 64, 64, false);
 * INDArray small = ImageResize.resize(images, new int[] {0, 28, 0, 28}, 14, 14, false);   // [n, 14, 14, c]
 * }</pre>
 */
public final class ImageResize {
    private ImageResize() {
    }

    /**
     * The source positions of each target position along one axis: the two source indices
     * blended and the weight of the second, computed in float32 as TensorFlow does.
     */
    private record Taps(int[] lo, int[] hi, float[] frac) {
        static Taps of(int source, int target, boolean nearest) {
            int[] lo = new int[target];
            int[] hi = new int[target];
            float[] frac = new float[target];
            float scale = (float) source / target;
            for (int t = 0; t < target; t++) {
                if (nearest) {
                    lo[t] = Math.min((int) Math.floor((t + 0.5f) * scale), source - 1);
                    hi[t] = lo[t];
                    continue;
                }
                float f = (t + 0.5f) * scale - 0.5f;
                lo[t] = Math.max((int) Math.floor(f), 0);
                hi[t] = Math.min((int) Math.ceil(f), source - 1);
                frac[t] = f - (float) Math.floor(f);
            }
            return new Taps(lo, hi, frac);
        }
    }

    /**
     * Resizes {@code [sh, sw, c]} values into {@code out} at {@code offset} as {@code [th, tw, c]}.
     *
     * @param in      the source values {@code [sh, sw, c]}, row by row
     * @param sh      the source's height
     * @param sw      the source's width
     * @param c       channels per pixel
     * @param out     where the result goes
     * @param offset  where in {@code out} it starts
     * @param th      the target height
     * @param tw      the target width
     * @param nearest nearest-neighbour instead of bilinear
     */
    public static void resize(float[] in, int sh, int sw, int c, float[] out, int offset, int th, int tw,
                              boolean nearest) {
        Taps ys = Taps.of(sh, th, nearest);
        Taps xs = Taps.of(sw, tw, nearest);
        for (int y = 0; y < th; y++) {
            for (int x = 0; x < tw; x++) {
                int o = offset + (y * tw + x) * c;
                if (nearest) {
                    System.arraycopy(in, (ys.lo[y] * sw + xs.lo[x]) * c, out, o, c);
                    continue;
                }
                float ly = ys.frac[y];
                float lx = xs.frac[x];
                for (int k = 0; k < c; k++) {
                    float tl = in[(ys.lo[y] * sw + xs.lo[x]) * c + k];
                    float tr = in[(ys.lo[y] * sw + xs.hi[x]) * c + k];
                    float bl = in[(ys.hi[y] * sw + xs.lo[x]) * c + k];
                    float br = in[(ys.hi[y] * sw + xs.hi[x]) * c + k];
                    float top = tl + (tr - tl) * lx;
                    float bottom = bl + (br - bl) * lx;
                    out[o + k] = top + (bottom - top) * ly;
                }
            }
        }
    }

    /**
     * @param images  {@code [n, h, w, c]}
     * @param box     the window resized, {@code {top, height, left, width}} (the whole image, or a
     *                centred crop)
     * @param th      the target height
     * @param tw      the target width
     * @param nearest nearest-neighbour instead of bilinear
     * @return {@code [n, th, tw, c]}, a new array of the images' type
     */
    public static INDArray resize(INDArray images, int[] box, int th, int tw, boolean nearest) {
        long[] s = images.shape();
        int h = (int) s[1];
        int w = (int) s[2];
        int c = (int) s[3];
        double[] in = images.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] out = new double[Math.toIntExact(s[0] * th * tw * c)];
        walk((int) s[0], h, w, c, box, th, tw, nearest, (tl, tr, bl, br, at, lx, ly) -> {
            for (int k = 0; k < c; k++) {
                double top = in[tl + k] + (in[tr + k] - in[tl + k]) * lx;
                double bottom = in[bl + k] + (in[br + k] - in[bl + k]) * lx;
                out[at + k] = top + (bottom - top) * ly;
            }
        });
        return Nd4j.create(out, new long[] {s[0], th, tw, c}, 'c').castTo(images.dataType());
    }

    /**
     * The gradient of {@link #resize(INDArray, int[], int, int, boolean)}: each output position's
     * gradient goes back to the source pixels it blended, in their blend's proportions (nothing to
     * pixels outside the box).
     *
     * @param gradient {@code [n, th, tw, c]}
     * @param h        the source images' height
     * @param w        the source images' width
     * @param box      the window resized
     * @param nearest  nearest-neighbour instead of bilinear
     * @return {@code [n, h, w, c]}
     */
    public static INDArray backward(INDArray gradient, int h, int w, int[] box, boolean nearest) {
        long[] s = gradient.shape();
        int th = (int) s[1];
        int tw = (int) s[2];
        int c = (int) s[3];
        double[] g = gradient.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] out = new double[Math.toIntExact(s[0] * h * w * c)];
        walk((int) s[0], h, w, c, box, th, tw, nearest, (tl, tr, bl, br, at, lx, ly) -> {
            for (int k = 0; k < c; k++) {
                double v = g[at + k];
                out[tl + k] += v * (1 - lx) * (1 - ly);
                out[tr + k] += v * lx * (1 - ly);
                out[bl + k] += v * (1 - lx) * ly;
                out[br + k] += v * lx * ly;
            }
        });
        return Nd4j.create(out, new long[] {s[0], h, w, c}, 'c').castTo(gradient.dataType());
    }

    /** One target position's blend: its four source pixels' first channels, its own, and the weights. */
    private interface Blend {
        void at(int topLeft, int topRight, int bottomLeft, int bottomRight, int target, double lx, double ly);
    }

    /**
     * Walks every target position of the resize of {@code n} images, with the source pixels it
     * blends (indices in {@code [n, h, w, c]}, c-ordered) and its own (in {@code [n, th, tw, c]}): the
     * forward pass and its adjoint share it.
     */
    private static void walk(int n, int h, int w, int c, int[] box, int th, int tw, boolean nearest, Blend blend) {
        Taps ys = Taps.of(box[1], th, nearest);
        Taps xs = Taps.of(box[3], tw, nearest);
        for (int i = 0; i < n; i++) {
            int source = i * h * w * c;
            int target = i * th * tw * c;
            for (int y = 0; y < th; y++) {
                int y0 = (box[0] + ys.lo[y]) * w;
                int y1 = (box[0] + ys.hi[y]) * w;
                for (int x = 0; x < tw; x++) {
                    int x0 = box[2] + xs.lo[x];
                    int x1 = box[2] + xs.hi[x];
                    blend.at(source + (y0 + x0) * c, source + (y0 + x1) * c, source + (y1 + x0) * c,
                            source + (y1 + x1) * c, target + (y * tw + x) * c, xs.frac[x], ys.frac[y]);
                }
            }
        }
    }

    /**
     * Keras's centred crop to the target's aspect ratio ({@code crop_to_aspect_ratio}, and
     * {@code CenterCrop} of an image smaller than its target), in float32 as TensorFlow computes it.
     *
     * @return {@code {top, height, left, width}} of the window
     */
    public static int[] aspectCrop(int h, int w, int th, int tw) {
        int ch = Math.max(Math.min(h, (int) ((float) (w * th) / tw)), 1);
        int cw = Math.max(Math.min(w, (int) ((float) (h * tw) / th)), 1);
        return new int[] {(int) ((float) (h - ch) / 2), ch, (int) ((float) (w - cw) / 2), cw};
    }
}
