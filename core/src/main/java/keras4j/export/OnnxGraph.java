package keras4j.export;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.protobuf.ByteString;

import keras4j.Keras4jException;
import onnx.Onnx;

/**
 * An ONNX graph being written: its nodes, its float32 initializers (weights and constants), its
 * inputs and outputs, and the names of its values, each used once. Built on the ONNX protobuf
 * classes that ND4J ships ({@code onnx.Onnx}).
 *
 * <pre>{@code
 * OnnxGraph g = new OnnxGraph();
 * String x = g.input("features", new int[] {4});
 * String y = g.node("Relu", List.of(x), g.fresh("dense"));
 * g.output(y, new int[] {4});
 * }</pre>
 */
final class OnnxGraph {
    /** The batch axis's symbolic size in inputs and outputs. */
    static final String BATCH = "batch";
    /** ONNX caps one serialized model at 2 GiB (protobuf's limit); weights beyond that need external files. */
    private static final long MAX_BYTES = Integer.MAX_VALUE - (64L << 20);

    private final Onnx.GraphProto.Builder graph = Onnx.GraphProto.newBuilder();
    private final Set<String> names = new HashSet<>();
    private long weightBytes;

    /** @param wanted a name @return it, or with _1, _2, ... appended when taken; marked as used */
    String fresh(String wanted) {
        String name = wanted;
        for (int i = 1; names.contains(name); i++) {
            name = wanted + "_" + i;
        }
        names.add(name);
        return name;
    }

    /** @param name a name that must be free @return it, marked as used */
    String reserve(String name) {
        if (!names.add(name)) {
            throw new Keras4jException("Two values of the exported ONNX graph would be named '" + name + "': a model's "
                    + "inputs and outputs need distinct names. Give its layers distinct names.");
        }
        return name;
    }

    /**
     * @param name  the graph input's name (reserved here)
     * @param shape the sample shape; the batch axis is added as "batch"
     * @return the name
     */
    String input(String name, int[] shape) {
        graph.addInput(valueInfo(reserve(name), shape));
        return name;
    }

    /** @param name a value of the graph, to be one of its outputs @param shape its sample shape */
    void output(String name, int[] shape) {
        graph.addOutput(valueInfo(name, shape));
    }

    /**
     * Adds a node.
     *
     * @param op         the ONNX operator, e.g. "Conv"
     * @param inputs     its input values
     * @param output     its output value's name (from {@link #fresh} or {@link #reserve})
     * @param attributes its attributes
     * @return {@code output}
     */
    String node(String op, List<String> inputs, String output, Onnx.AttributeProto... attributes) {
        graph.addNode(Onnx.NodeProto.newBuilder().setOpType(op).setName(output).addAllInput(inputs).addOutput(output)
                .addAllAttribute(List.of(attributes)));
        return output;
    }

    /** Adds a node with several outputs (an RNN's every step's and last step's), named after the first. */
    void node(String op, List<String> inputs, List<String> outputs, Onnx.AttributeProto... attributes) {
        graph.addNode(Onnx.NodeProto.newBuilder().setOpType(op).setName(outputs.get(0)).addAllInput(inputs)
                .addAllOutput(outputs).addAllAttribute(List.of(attributes)));
    }

    /**
     * @param wanted the initializer's name (made unique)
     * @param array  its values, any type, written as float32 in row-major order
     * @return the name
     */

    String weight(String wanted, INDArray array) {
        INDArray floats = array.castTo(DataType.FLOAT).dup('c');
        return constant(wanted, floats.shape(), floats.reshape(floats.length()).toFloatVector());
    }

    /**
     * @param wanted the initializer's name (made unique)
     * @param dims   its shape (empty for a scalar)
     * @param values its values, row-major
     * @return the name
     */
    String constant(String wanted, long[] dims, float... values) {
        weightBytes += 4L * values.length;
        if (weightBytes > MAX_BYTES) {
            throw new Keras4jException("The model's weights take more than 2 GB as float32, more than one ONNX file "
                    + "holds (protobuf's 2 GB limit); keras4j's ONNX export writes no external weight files.");
        }
        ByteBuffer bytes = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        String name = fresh(wanted);
        Onnx.TensorProto.Builder tensor = Onnx.TensorProto.newBuilder().setName(name)
                .setDataType(Onnx.TensorProto.DataType.FLOAT_VALUE).setRawData(ByteString.copyFrom(bytes.array()));
        for (long d : dims) {
            tensor.addDims(d);
        }
        graph.addInitializer(tensor);
        return name;
    }

    /**
     * @param wanted the initializer's name (made unique)
     * @param values a vector of int64 (a Reshape's shape)
     * @return the name
     */
    String int64s(String wanted, long... values) {
        ByteBuffer bytes = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asLongBuffer().put(values);
        String name = fresh(wanted);
        graph.addInitializer(Onnx.TensorProto.newBuilder().setName(name).setDataType(Onnx.TensorProto.DataType
                .INT64_VALUE).setRawData(ByteString.copyFrom(bytes.array())).addDims(values.length));
        return name;
    }

    /** @param name the graph's name @return the graph */
    Onnx.GraphProto build(String name) {
        return graph.setName(name).build();
    }

    /** @return a one-string attribute (ONNX's STRING, e.g. Resize's {@code mode}) */
    static Onnx.AttributeProto text(String name, String value) {
        return Onnx.AttributeProto.newBuilder().setName(name).setType(Onnx.AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(value)).build();
    }

    /** @return a strings attribute (an RNN's {@code activations}) */
    static Onnx.AttributeProto attribute(String name, String... values) {
        Onnx.AttributeProto.Builder a = Onnx.AttributeProto.newBuilder().setName(name)
                .setType(Onnx.AttributeProto.AttributeType.STRINGS);
        for (String v : values) {
            a.addStrings(ByteString.copyFromUtf8(v));
        }
        return a.build();
    }

    static Onnx.AttributeProto attribute(String name, long value) {
        return Onnx.AttributeProto.newBuilder().setName(name).setType(Onnx.AttributeProto.AttributeType.INT)
                .setI(value).build();
    }

    static Onnx.AttributeProto attribute(String name, float value) {
        return Onnx.AttributeProto.newBuilder().setName(name).setType(Onnx.AttributeProto.AttributeType.FLOAT)
                .setF(value).build();
    }

    static Onnx.AttributeProto attribute(String name, int... values) {
        Onnx.AttributeProto.Builder a = Onnx.AttributeProto.newBuilder().setName(name)
                .setType(Onnx.AttributeProto.AttributeType.INTS);
        for (int v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    private static Onnx.ValueInfoProto valueInfo(String name, int[] shape) {
        Onnx.TensorShapeProto.Builder dims = Onnx.TensorShapeProto.newBuilder()
                .addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimParam(BATCH));
        for (int d : shape) {
            dims.addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return Onnx.ValueInfoProto.newBuilder().setName(name).setType(Onnx.TypeProto.newBuilder()
                .setTensorType(Onnx.TypeProto.Tensor.newBuilder().setElemType(Onnx.TensorProto.DataType.FLOAT_VALUE)
                        .setShape(dims))).build();
    }
}
