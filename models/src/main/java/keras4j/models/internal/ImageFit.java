package keras4j.models.internal;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.Raster;

/**
 * Brings any picture to the form of a small training image (MNIST's recipe): gray, the right
 * polarity, cropped to the drawing, scaled into a box by area averaging, centered by its centre of
 * mass. Every size goes through every step, the training size too, so a drawing gives the same
 * input at 28 x 28 as at 280 x 280. Pure Java on float arrays, so it behaves alike with every image
 * type and JDK.
 */
public final class ImageFit {
    /** Ink fainter than this fraction of the strongest ink is background when cropping. */
    private static final float CROP_THRESHOLD = 0.25f;
    /**
     * An image none of whose pixels differs from the mean of its border by more than this (a tenth
     * of the range 0..255) is blank: a pencil stroke on paper differs by 70 or more.
     */
    public static final float BLANK_CONTRAST = 25.5f;

    private ImageFit() {
    }

    /**
     * @param image any image; transparent pixels count as white paper
     * @return its luminance 0..255, row by row (ITU-R 601, as PIL's "L" mode); a gray image's samples
     *         as they are stored, as PIL reads them (Java's {@code getRGB} takes them for linear light
     *         and brightens the mid-tones: 52 becomes 125)
     */
    public static float[] gray(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        float[] out = new float[w * h];
        ColorModel model = image.getColorModel();
        if (model instanceof ComponentColorModel && model.getColorSpace().getType() == ColorSpace.TYPE_GRAY) {
            Raster raster = image.getRaster();
            float scale = 255f / ((1L << model.getComponentSize(0)) - 1);
            boolean alpha = model.hasAlpha();
            float alphaScale = alpha ? 1f / ((1L << model.getComponentSize(1)) - 1) : 0f;
            boolean premultiplied = model.isAlphaPremultiplied();
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    float lum = raster.getSample(x, y, 0) * scale;
                    float a = alpha ? raster.getSample(x, y, 1) * alphaScale : 1f;
                    out[y * w + x] = (premultiplied ? lum : a * lum) + (1 - a) * 255f;
                }
            }
            return out;
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int argb = image.getRGB(x, y);
                float a = ((argb >>> 24) & 0xff) / 255f;
                float lum = 0.299f * ((argb >> 16) & 0xff) + 0.587f * ((argb >> 8) & 0xff) + 0.114f * (argb & 0xff);
                out[y * w + x] = a * lum + (1 - a) * 255f;
            }
        }
        return out;
    }

    /**
     * @param gray        luminance 0..255 of a {@code sw x sh} image
     * @param sw          its width
     * @param sh          its height
     * @param tw          the target width
     * @param th          the target height
     * @param lightOnDark whether the result should draw light on dark
     * @param box         the drawing's longer side in the result, when the size changes
     * @return {@code tw x th} values 0..255, row by row
     */
    public static float[] fit(float[] gray, int sw, int sh, int tw, int th, boolean lightOnDark, int box) {
        boolean lightBackground = borderMean(gray, sw, sh) > 127.5f;
        // "ink": strong where the drawing is, 0 on the background.
        float[] ink = new float[gray.length];
        for (int i = 0; i < gray.length; i++) {
            ink[i] = lightBackground ? 255f - gray[i] : gray[i];
        }
        float[] result = cropScaleCenter(ink, sw, sh, tw, th, box);
        if (!lightOnDark) {
            for (int i = 0; i < result.length; i++) {
                result[i] = 255f - result[i];
            }
        }
        return result;
    }

    /**
     * @param gray luminance 0..255 of a {@code w x h} image
     * @param w    its width
     * @param h    its height
     * @return how far the pixel farthest from the mean of the border lies from it, 0..255; below
     *         {@link #BLANK_CONTRAST} the image is blank
     */
    public static float contrast(float[] gray, int w, int h) {
        float background = borderMean(gray, w, h);
        float most = 0;
        for (float v : gray) {
            most = Math.max(most, Math.abs(v - background));
        }
        return most;
    }

    private static float borderMean(float[] gray, int w, int h) {
        double sum = 0;
        int n = 0;
        for (int x = 0; x < w; x++) {
            sum += gray[x] + gray[(h - 1) * w + x];
            n += 2;
        }
        for (int y = 1; y < h - 1; y++) {
            sum += gray[y * w] + gray[y * w + w - 1];
            n += 2;
        }
        return (float) (sum / n);
    }

    private static float[] cropScaleCenter(float[] ink, int sw, int sh, int tw, int th, int box) {
        float max = 0;
        for (float v : ink) {
            max = Math.max(max, v);
        }
        int left = sw;
        int top = sh;
        int right = -1;
        int bottom = -1;
        if (max > 0) {
            for (int y = 0; y < sh; y++) {
                for (int x = 0; x < sw; x++) {
                    if (ink[y * sw + x] > CROP_THRESHOLD * max) {
                        left = Math.min(left, x);
                        right = Math.max(right, x);
                        top = Math.min(top, y);
                        bottom = Math.max(bottom, y);
                    }
                }
            }
        }
        if (right < 0) {
            return resample(ink, sw, sh, 0, 0, sw, sh, tw, th);
        }
        int cw = right - left + 1;
        int ch = bottom - top + 1;
        double factor = (double) box / Math.max(cw, ch);
        int nw = Math.max(1, Math.min(tw, (int) Math.round(cw * factor)));
        int nh = Math.max(1, Math.min(th, (int) Math.round(ch * factor)));
        float[] scaled = resample(ink, sw, sh, left, top, cw, ch, nw, nh);
        double mass = 0;
        double mx = 0;
        double my = 0;
        for (int y = 0; y < nh; y++) {
            for (int x = 0; x < nw; x++) {
                float v = scaled[y * nw + x];
                mass += v;
                mx += v * (x + 0.5);
                my += v * (y + 0.5);
            }
        }
        double cx = mass > 0 ? mx / mass : nw / 2.0;
        double cy = mass > 0 ? my / mass : nh / 2.0;
        int ox = clamp((int) Math.round(tw / 2.0 - cx), 0, tw - nw);
        int oy = clamp((int) Math.round(th / 2.0 - cy), 0, th - nh);
        float[] out = new float[tw * th];
        for (int y = 0; y < nh; y++) {
            System.arraycopy(scaled, y * nw, out, (y + oy) * tw + ox, nw);
        }
        return out;
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    /** Area-averaging resampling of the {@code cw x ch} window at (x0, y0) to {@code nw x nh}. */
    static float[] resample(float[] src, int sw, int sh, int x0, int y0, int cw, int ch, int nw, int nh) {
        float[] rows = new float[ch * nw];
        for (int y = 0; y < ch; y++) {
            int base = (y0 + y) * sw + x0;
            resample1d(src, base, 1, cw, rows, y * nw, 1, nw);
        }
        float[] out = new float[nh * nw];
        for (int x = 0; x < nw; x++) {
            resample1d(rows, x, nw, ch, out, x, nw, nh);
        }
        return out;
    }

    /** Each output cell is the mean of the input over the interval it covers (partial cells weighted). */
    private static void resample1d(float[] in, int inOffset, int inStride, int n, float[] out, int outOffset,
                                   int outStride, int m) {
        double step = (double) n / m;
        for (int i = 0; i < m; i++) {
            double from = i * step;
            double to = from + step;
            double sum = 0;
            for (int k = (int) Math.floor(from); k < Math.min(n, (int) Math.ceil(to)); k++) {
                double overlap = Math.min(to, k + 1) - Math.max(from, k);
                if (overlap > 0) {
                    sum += overlap * in[inOffset + k * inStride];
                }
            }
            out[outOffset + i * outStride] = (float) (sum / step);
        }
    }
}
