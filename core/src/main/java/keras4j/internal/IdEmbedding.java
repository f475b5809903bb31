package keras4j.internal;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;

/**
 * DL4J's embedding of a sequence of ids, keeping the number of ids it was given: DL4J would set
 * it from the input type, whose size for keras4j's {@code [batch, timesteps]} ids is the
 * sequence's length. keras4j writes this class's name into saved model files: it keeps it.
 *
 * <pre>{@code
 * EmbeddingSequenceLayer conf = new EmbeddingSequenceLayer.Builder().nIn(1000).nOut(16).inputLength(20).build();
 * list.layer(IdEmbedding.of(conf));
 * }</pre>
 */
public final class IdEmbedding extends EmbeddingSequenceLayer {
    private static final long serialVersionUID = 1L;

    /** For DL4J's JSON mapper. */
    public IdEmbedding() {
    }

    /**
     * @param conf a built DL4J embedding configuration, with its number of ids
     * @return the same configuration, keeping that number
     */
    public static IdEmbedding of(EmbeddingSequenceLayer conf) {
        return LayerConfs.copy(conf, new IdEmbedding(), EmbeddingSequenceLayer.class);
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        if (getNIn() <= 0) {
            super.setNIn(inputType, override);
        }
    }
}
