package keras4j.datasets;

/**
 * The shape in which {@link ImageIterator} hands out each batch of images.
 *
 * <pre>{@code
 * DataSetIterator train = Mnist.iterator(Subset.TRAIN).layout(ImageLayout.CHANNELS_LAST).build();
 * }</pre>
 */
public enum ImageLayout {
    /** {@code [batch, height * width]}: for Dense layers, and DL4J's {@code InputType.convolutionalFlat}. */
    FLAT,
    /** {@code [batch, height, width, 1]}: Keras's default for Conv2D (DL4J's {@code CNN2DFormat.NHWC}). */
    CHANNELS_LAST,
    /** {@code [batch, 1, height, width]}: DL4J's default CNN layout ({@code CNN2DFormat.NCHW}). */
    CHANNELS_FIRST
}
