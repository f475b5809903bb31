package keras4j.datasets;

/**
 * The training or the test part of a data set that comes split, such as MNIST.
 *
 * <pre>{@code
 * DataSetIterator test = Mnist.iterator(Subset.TEST).batchSize(100).build();
 * }</pre>
 */
public enum Subset {
    /** The training examples (60000 for MNIST). */
    TRAIN,
    /** The test examples (10000 for MNIST). */
    TEST
}
