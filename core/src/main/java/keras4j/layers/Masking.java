package keras4j.layers;

import java.util.Map;

/**
 * Keras's masking of padded time steps: a step of a sequence {@code (timesteps, features)} whose
 * features all equal {@code maskValue} is masked; its features become zeros, and the recurrent
 * layers after it ({@link SimpleRNN}, {@link LSTM}, {@link GRU}, {@link Bidirectional}, through
 * {@link Dropout} and recurrent layers returning sequences) skip it: a layer returning its last
 * output returns the last unmasked step's.
 *
 * <pre>{@code
 * // sequences of up to 20 steps of 3 features, padded with zeros
 * Sequential.of(new Input(20, 3), new Masking(0.0), new LSTM(32), new Dense(1));
 * }</pre>
 *
 * <p>As in Keras, a step is masked in the whole sample (all its features), and LSTM and GRU keep
 * their state over a masked step. Where Keras differs: SimpleRNN restarts from a zero state after
 * a masked step (DL4J's rule), which is the same for padding at the start or the end of the
 * sequences but not for masked steps between unmasked ones; the outputs of a layer returning
 * sequences are zero at masked steps (Keras repeats the previous output); a masked sequence into
 * a layer that would use the mask in Keras other than the recurrent ones (Dense, Activation,
 * merges, ...) is refused.
 */
public final class Masking extends Layer {
    private final double maskValue;

    /** Masks the steps of zeros. */
    public Masking() {
        this(0.0);
    }

    /** @param maskValue the value of every feature of a masked step */
    public Masking(double maskValue) {
        require(Double.isFinite(maskValue), "Masking", "mask_value must be a finite number; received " + maskValue
                + ".");
        this.maskValue = maskValue;
    }

    @Override
    public Masking name(String name) {
        setName(name);
        return this;
    }

    /** @return the value of every feature of a masked step */
    public double getMaskValue() {
        return maskValue;
    }

    @Override
    public String defaultName() {
        return "masking";
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        if (inputShape.length != 2) {
            throw incompatible(inputShape, "ndim=3, i.e. a sequence per sample (None, timesteps, features)",
                    "keras4j masks time steps of sequences; give the Input a time axis, e.g. new Input(timesteps, "
                            + "features).");
        }
        return inputShape.clone();
    }

    @Override
    void addConfig(Map<String, Object> config) {
        config.put("mask_value", maskValue);
    }

    static Masking fromConfig(Map<String, Object> config) {
        return new Masking(number("Masking", config, "mask_value", 0.0));
    }
}
