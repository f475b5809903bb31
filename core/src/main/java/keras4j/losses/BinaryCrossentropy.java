package keras4j.losses;

/**
 * Binary cross-entropy, for yes/no targets (0 or 1) and sigmoid outputs; with several outputs,
 * averaged over them as in Keras (multi-label classification).
 *
 * <pre>{@code
 * model.compile("adam", new BinaryCrossentropy(), "accuracy");
 * }</pre>
 */
public final class BinaryCrossentropy extends Loss {
    /** Creates the loss. */
    public BinaryCrossentropy() {
    }

    @Override
    public String getName() {
        return "binary_crossentropy";
    }

    @Override
    public boolean isProbabilistic() {
        return true;
    }
}
