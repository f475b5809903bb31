package keras4j.internal;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.preprocessor.BaseInputPreProcessor;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Keras's {@code UpSampling2D(interpolation="bilinear")} on a channels-last image: TensorFlow's
 * bilinear resize with half-pixel centers ({@code tf.image.resize}), output row {@code i} reading
 * the input at {@code (i + 0.5) / size - 0.5}, clamped to the image, between its two nearest rows
 * (the same for columns). Being linear, it is two matrix products, one per axis; the gradient is
 * the same with the matrices transposed. keras4j writes this class's name into saved model files:
 * it keeps it.
 *
 * <pre>{@code
 * InputPreProcessor up = new BilinearUpSampling(new int[] {4, 4, 3}, new int[] {2, 2});   // 4x4x3 to 8x8x3
 * }</pre>
 */
public final class BilinearUpSampling extends BaseInputPreProcessor {
    private static final long serialVersionUID = 1L;

    /** The input image's {height, width, channels} and the {rows, columns} factors; JSON fields of the saved network. */
    private int[] shape;
    private int[] size;

    /** For DL4J's JSON mapper. */
    public BilinearUpSampling() {
    }

    /** @param shape the input image's {height, width, channels} @param size the {rows, columns} factors */
    public BilinearUpSampling(int[] shape, int[] size) {
        this.shape = shape.clone();
        this.size = size.clone();
    }

    /** @return the input image's {height, width, channels} */
    public int[] getShape() {
        return shape.clone();
    }

    /** @return the {rows, columns} factors */
    public int[] getSize() {
        return size.clone();
    }

    /**
     * @param in     the input's length along one axis
     * @param factor the upsampling factor
     * @return the [in * factor, in] matrix of TensorFlow's half-pixel bilinear weights
     */
    static INDArray weights(int in, int factor, DataType type) {
        int out = in * factor;
        double[][] w = new double[out][in];
        for (int i = 0; i < out; i++) {
            double x = (i + 0.5) / factor - 0.5;
            double floor = Math.floor(x);
            int lower = (int) Math.max(floor, 0);
            int upper = (int) Math.min(Math.ceil(x), in - 1);
            double lerp = x - floor;
            w[i][lower] += 1 - lerp;
            w[i][upper] += lerp;
        }
        return Nd4j.create(w).castTo(type);
    }

    /** @return {@code x} [b, h, w, c] with {@code rows} [h', h] applied to its height and {@code columns} [w', w] to its width */
    private static INDArray apply(INDArray x, INDArray rows, INDArray columns) {
        long b = x.size(0), h = x.size(1), w = x.size(2), c = x.size(3);
        // height: [h, b * w * c]
        INDArray byRow = rows.mmul(x.permute(1, 0, 2, 3).dup('c').reshape('c', h, b * w * c));
        long h2 = rows.size(0);
        INDArray tall = byRow.reshape('c', h2, b, w, c).permute(1, 0, 2, 3);
        // width: [w, b * h2 * c]
        INDArray byColumn = columns.mmul(tall.permute(2, 0, 1, 3).dup('c').reshape('c', w, b * h2 * c));
        return byColumn.reshape('c', columns.size(0), b, h2, c).permute(1, 2, 0, 3);
    }

    @Override
    public INDArray preProcess(INDArray input, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        INDArray out = apply(input, weights(shape[0], size[0], input.dataType()),
                weights(shape[1], size[1], input.dataType()));
        return workspaceMgr.dup(ArrayType.ACTIVATIONS, out, 'c');
    }

    @Override
    public INDArray backprop(INDArray output, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        INDArray in = apply(output, weights(shape[0], size[0], output.dataType()).transpose(),
                weights(shape[1], size[1], output.dataType()).transpose());
        return workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, in, 'c');
    }

    @Override
    public InputType getOutputType(InputType inputType) {
        return InputType.convolutional(shape[0] * size[0], shape[1] * size[1], shape[2], CNN2DFormat.NHWC);
    }

    @Override
    public BilinearUpSampling clone() {
        return new BilinearUpSampling(shape, size);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BilinearUpSampling b && java.util.Arrays.equals(b.shape, shape)
                && java.util.Arrays.equals(b.size, size);
    }

    @Override
    public int hashCode() {
        return 31 * java.util.Arrays.hashCode(shape) + java.util.Arrays.hashCode(size);
    }

    @Override
    public String toString() {
        return "BilinearUpSampling(" + java.util.Arrays.toString(shape) + " by " + java.util.Arrays.toString(size)
                + ")";
    }
}
