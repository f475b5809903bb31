package keras4j.internal;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.common.primitives.Triple;
import org.nd4j.linalg.api.buffer.BaseDataBuffer;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reads {@code network.zip}, DL4J's serialization of a network ({@code ModelSerializer}'s zip of
 * {@code configuration.json}, {@code coefficients.bin} and {@code updaterState.bin}), streaming and
 * without trusting its sizes. {@code ModelSerializer} itself inflates every entry into one byte
 * array, so it needs the whole network on the Java heap, can't read an entry over 2 GB, and
 * inflates whatever a crafted entry holds. Here a first pass inflates each entry through a
 * {@link LimitedInputStream}: the configuration up to {@link #CONFIGURATION_LIMIT}, the arrays up to
 * what the configuration implies, and each array's header must announce exactly the elements that
 * follow it (and the coefficients exactly the configuration's parameter count), so nothing is
 * allocated for data that isn't there. The second pass reads the arrays straight into ND4J's
 * memory.
 *
 * <pre>{@code
 * Object net = NetworkZip.read(() -> zip.getInputStream(entry), true, false);   // a MultiLayerNetwork
 * }</pre>
 */
final class NetworkZip {
    /** The most bytes configuration.json (and any other small entry) may inflate to: 16 MiB. */
    static final long CONFIGURATION_LIMIT = 16L << 20;
    /** Bytes allowed in an array entry beyond its elements (the headers and shape): 1 MiB. */
    private static final long HEADER_ALLOWANCE = 1L << 20;
    /** The most optimizer state values per parameter (AMSGrad keeps 3). */
    private static final long STATE_PER_PARAMETER = 4;

    private NetworkZip() {
    }

    /** Opens network.zip's bytes; called once per pass. */
    @FunctionalInterface
    interface Source {
        /** @return a new stream of network.zip @throws IOException when it can't be opened */
        InputStream open() throws IOException;
    }

    /** A refusal: what is wrong with network.zip, for {@link ModelFile} to put into its message. */
    static final class Damaged extends Exception {
        private static final long serialVersionUID = 1L;

        Damaged(String what) {
            super(what);
        }
    }

    /**
     * @param source      network.zip's bytes
     * @param loadUpdater whether to restore the optimizer's state
     * @param graph       true for a ComputationGraph (a Functional model), false for a MultiLayerNetwork
     * @return the network
     * @throws Damaged     when network.zip is not a network DL4J wrote, or claims more than it holds
     * @throws IOException when reading fails
     */
    static Object read(Source source, boolean loadUpdater, boolean graph) throws Damaged, IOException {
        try {
            return readChecked(source, loadUpdater, graph);
        } catch (java.util.zip.ZipException | java.io.EOFException | IllegalArgumentException e) {
            // IllegalArgumentException: ZipInputStream's answer to an entry name that isn't UTF-8.
            throw new Damaged("is not a complete zip archive (" + e.getMessage() + ")");
        }
    }

    private static Object readChecked(Source source, boolean loadUpdater, boolean graph)
            throws Damaged, IOException {
        Object conf = null;
        long parameters = -1;
        boolean noParams = false;
        boolean hasCoefficients = false;
        try (ZipInputStream zip = new ZipInputStream(source.open())) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                String name = entry.getName();
                if (name.equals(ModelSerializer.CONFIGURATION_JSON)) {
                    conf = configuration(zip, graph);
                    parameters = parameters(conf);
                } else if (name.equals(ModelSerializer.COEFFICIENTS_BIN)) {
                    if (conf == null) {
                        throw new Damaged("lists coefficients.bin before configuration.json");
                    }
                    long found = checkArray(zip, name, limit(parameters, Long.BYTES));
                    if (found != parameters) {
                        throw new Damaged("holds " + found + " coefficients but its configuration has " + parameters
                                + " parameters");
                    }
                    hasCoefficients = true;
                } else if (name.equals(ModelSerializer.UPDATER_BIN)) {
                    if (conf == null) {
                        throw new Damaged("lists updaterState.bin before configuration.json");
                    }
                    checkArray(zip, name, limit(parameters, STATE_PER_PARAMETER * Long.BYTES));
                } else {
                    noParams |= name.equals(ModelSerializer.NO_PARAMS_MARKER);
                    drain(zip, name, CONFIGURATION_LIMIT);   // DL4J's other entries: keras4j reads none of them
                }
            }
        }
        if (conf == null) {
            throw new Damaged("has no configuration.json");
        }
        if (!hasCoefficients && !(noParams && parameters == 0)) {
            throw new Damaged("has no coefficients.bin");
        }

        INDArray params = null;
        INDArray state = null;
        try (ZipInputStream zip = new ZipInputStream(source.open())) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                if (entry.getName().equals(ModelSerializer.COEFFICIENTS_BIN) && parameters > 0) {
                    params = array(zip, entry.getName());
                } else if (entry.getName().equals(ModelSerializer.UPDATER_BIN) && loadUpdater) {
                    state = array(zip, entry.getName());
                }
            }
        }
        Object network;
        if (conf instanceof ComputationGraphConfiguration graphConf) {
            if (params != null) {
                graphConf.setDataType(params.dataType());
            }
            network = new ComputationGraph(graphConf);
        } else {
            MultiLayerConfiguration chainConf = (MultiLayerConfiguration) conf;
            if (params != null) {
                chainConf.setDataType(params.dataType());
            }
            network = new MultiLayerNetwork(chainConf);
        }
        try {
            if (network instanceof ComputationGraph graphNetwork) {
                graphNetwork.init(params, false);
            } else {
                ((MultiLayerNetwork) network).init(params, false);
            }
        } catch (RuntimeException e) {
            throw new Damaged("has coefficients DL4J can't fit to its configuration (" + e.getClass().getSimpleName()
                    + ")");
        }
        if (state != null && state.length() > 0) {
            // Both networks' updaters are DL4J's BaseMultiLayerUpdater, whose state is one flat view.
            org.deeplearning4j.nn.updater.BaseMultiLayerUpdater<?> updater = network instanceof ComputationGraph graphNetwork
                    ? graphNetwork.getUpdater()
                    : (org.deeplearning4j.nn.updater.BaseMultiLayerUpdater<?>) ((MultiLayerNetwork) network).getUpdater();
            INDArray view = updater.getStateViewArray();
            if (view == null || view.length() != state.length()) {
                throw new Damaged("holds " + state.length() + " optimizer state values but its configuration's "
                        + "optimizer keeps " + (view == null ? 0 : view.length()));
            }
            updater.setStateViewArray(state);
        }
        return network;
    }

    /** @return the most bytes an array entry of {@code values} values of {@code width} bytes may take */
    private static long limit(long values, long width) {
        return values > (Long.MAX_VALUE - HEADER_ALLOWANCE) / width ? Long.MAX_VALUE
                : values * width + HEADER_ALLOWANCE;
    }

    /**
     * Reads an array whose sizes {@link #checkArray} has checked. Its shape and strides are not
     * trusted (a damaged stride sends ND4J's native code outside the buffer): only the data is
     * kept, as the row vector DL4J's flattened parameters and optimizer state are.
     */
    private static INDArray array(InputStream zip, String name) throws Damaged, IOException {
        INDArray read;
        try {
            read = Nd4j.read(new DataInputStream(new BufferedInputStream(zip, 1 << 16)));
        } catch (RuntimeException e) {
            throw new Damaged("has a " + name + " whose shape ND4J refuses");
        }
        DataBuffer data = read.data();
        return Nd4j.create(data, 1, data.length());
    }

    private static Object configuration(InputStream zip, boolean graph) throws Damaged, IOException {
        String json;
        try {
            json = new String(new LimitedInputStream(zip, CONFIGURATION_LIMIT).readAllBytes(), StandardCharsets.UTF_8);
        } catch (LimitedInputStream.TooLarge e) {
            throw new Damaged("has a configuration.json of " + e.getMessage() + " (the limit)");
        }
        try {
            return graph ? ComputationGraphConfiguration.fromJson(json) : MultiLayerConfiguration.fromJson(json);
        } catch (RuntimeException e) {
            throw new Damaged("has a configuration.json DL4J can't read as a " + (graph ? "graph" : "network")
                    + " configuration");
        }
    }

    /** @return the number of parameters the configuration gives its layers */
    private static long parameters(Object conf) throws Damaged {
        long total = 0;
        try {
            if (conf instanceof ComputationGraphConfiguration graphConf) {
                for (GraphVertex vertex : graphConf.getVertices().values()) {
                    total = Math.addExact(total, vertex.numParams(true));
                }
                return total;
            }
            for (NeuralNetConfiguration layer : ((MultiLayerConfiguration) conf).getConfs()) {
                total = Math.addExact(total, layer.getLayer().initializer().numParams(layer));
            }
        } catch (RuntimeException e) {
            throw new Damaged("has a configuration whose parameter count can't be computed");
        }
        return total;
    }

    /**
     * Inflates an array entry (ND4J's format: shape buffer, then data buffer, each with a header of
     * allocation mode, length and data type), within {@code limit} bytes.
     *
     * @return the number of data elements, announced by its header and present after it; 0 for an empty entry
     */
    private static long checkArray(InputStream zip, String name, long limit) throws Damaged, IOException {
        try {
            PushbackInputStream first = new PushbackInputStream(zip);
            int b = first.read();
            if (b < 0) {
                return 0;   // DL4J's entry for a network without parameters
            }
            first.unread(b);
            LimitedInputStream in = new LimitedInputStream(first, limit);
            Triple<DataBuffer.AllocationMode, Long, DataType> shape = BaseDataBuffer.readHeader(in);
            if (shape.getSecond() < 0 || shape.getSecond() > 2 * 32 + 4) {
                throw new Damaged("has a " + name + " whose shape takes " + shape.getSecond() + " values");
            }
            in.skipNBytes(shape.getSecond() * shape.getThird().width());
            Triple<DataBuffer.AllocationMode, Long, DataType> data = BaseDataBuffer.readHeader(in);
            long length = data.getSecond();
            if (length < 0 || !data.getThird().isFPType()) {
                throw new Damaged("has a " + name + " of " + length + " " + data.getThird() + " values");
            }
            long header = in.count();
            long present = in.drain();
            if (length > (Long.MAX_VALUE - header) / data.getThird().width()
                    || present != length * data.getThird().width()) {
                throw new Damaged("has a " + name + " that announces " + length + " values but holds " + present
                        + " bytes of them");
            }
            return length;
        } catch (Damaged e) {
            throw e;
        } catch (LimitedInputStream.TooLarge e) {
            throw new Damaged("has a " + name + " that inflates to " + e.getMessage() + ", more than its "
                    + "configuration's parameters need");
        } catch (java.io.EOFException e) {
            throw new Damaged("has a " + name + " that ends inside its header");
        } catch (IOException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new Damaged("has a " + name + " that is not an ND4J array");
        } catch (Exception e) {   // readHeader throws IOExceptions without declaring them
            throw new Damaged("has a " + name + " that ends inside its header");
        }
    }

    private static void drain(InputStream zip, String name, long limit) throws Damaged, IOException {
        try {
            new LimitedInputStream(zip, limit).drain();
        } catch (LimitedInputStream.TooLarge e) {
            throw new Damaged("has a " + name + " of " + e.getMessage() + " (the limit)");
        }
    }
}
