package keras4j.export;

import static keras4j.export.OnnxGraph.attribute;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;

import keras4j.Keras4jException;
import keras4j.graph.KerasTensor;
import keras4j.graph.LayerGraph;
import keras4j.graph.Node;
import keras4j.layers.Activation;
import keras4j.layers.Add;
import keras4j.layers.Average;
import keras4j.layers.AveragePooling2D;
import keras4j.layers.BatchNormalization;
import keras4j.layers.CenterCrop;
import keras4j.layers.LayerNormalization;
import keras4j.layers.Resizing;
import keras4j.layers.Normalization;
import keras4j.layers.Rescaling;
import keras4j.layers.Bidirectional;
import keras4j.layers.Concatenate;
import keras4j.layers.Conv1D;
import keras4j.layers.BaseConv2D;
import keras4j.layers.Conv2D;
import keras4j.layers.Conv2DTranspose;
import keras4j.layers.SeparableConv2D;
import keras4j.layers.Cropping1D;
import keras4j.layers.Cropping2D;
import keras4j.layers.Dense;
import keras4j.layers.Dropout;
import keras4j.layers.RandomLayer;
import keras4j.layers.ELU;
import keras4j.layers.Embedding;
import keras4j.layers.Flatten;
import keras4j.layers.GlobalAveragePooling1D;
import keras4j.layers.GlobalAveragePooling2D;
import keras4j.layers.GlobalMaxPooling1D;
import keras4j.layers.GlobalMaxPooling2D;
import keras4j.layers.Layer;
import keras4j.layers.GRU;
import keras4j.layers.LSTM;
import keras4j.layers.LeakyReLU;
import keras4j.layers.Maximum;
import keras4j.layers.Merge;
import keras4j.layers.Minimum;
import keras4j.layers.Multiply;
import keras4j.layers.PReLU;
import keras4j.layers.Permute;
import keras4j.layers.Pooling1D;
import keras4j.layers.Pooling2D;
import keras4j.layers.Recurrent;
import keras4j.layers.ReLU;
import keras4j.layers.RepeatVector;
import keras4j.layers.Reshape;
import keras4j.layers.Softmax;
import keras4j.layers.Subtract;
import keras4j.layers.TimeDistributed;
import keras4j.layers.UpSampling1D;
import keras4j.layers.UpSampling2D;
import keras4j.layers.ZeroPadding1D;
import keras4j.layers.ZeroPadding2D;
import onnx.Onnx;

/**
 * Each keras4j layer's ONNX form, computing exactly what the layer computes at inference in
 * keras4j (Dropout passes through, BatchNormalization uses its moving statistics).
 *
 * <p>Layouts: keras4j's images are channels-last (NHWC) and so are the exported graph's inputs and
 * outputs, but ONNX's Conv, MaxPool, AveragePool and BatchNormalization take channels-first (NCHW).
 * Each image tensor therefore has up to two ONNX values, one per layout, each made when first asked
 * for (one Transpose) and then shared: a chain of convolutions, pools and batch normalizations stays
 * channels-first between a Transpose after the input and one before the Flatten (which must flatten
 * in NHWC order, as keras4j does) or the output. Activations and merges run in whichever layout
 * their inputs already have. Sequences (Conv1D, the 1-D pools) are transposed to ONNX's
 * channels-first (N, C, steps) around each 1-D Conv or pool, and back.
 *
 * <pre>{@code
 * OnnxLowering lowering = new OnnxLowering(graph);
 * lowering.lowerModel(model.getGraph());
 * }</pre>
 */
final class OnnxLowering {
    private static final int[] TO_CHANNELS_FIRST = {0, 3, 1, 2};
    private static final int[] TO_CHANNELS_LAST = {0, 2, 3, 1};

    private final OnnxGraph g;
    private final Map<KerasTensor, Value> values = new IdentityHashMap<>();

    /** A keras4j tensor's ONNX values: in keras4j's layout ({@code last}) and, for images, channels-first. */
    private static final class Value {
        /** The name its keras4j-layout value gets: the layer's name, prefixed inside a nested model. */
        final String name;
        /** The sample rank: 3 for images, whose two layouts differ. */
        final int rank;
        String last;
        String first;

        Value(String name, int rank) {
            this.name = name;
            this.rank = rank;
        }

        boolean image() {
            return rank == 3;
        }
    }

    OnnxLowering(OnnxGraph graph) {
        this.g = graph;
    }

    /** Lowers a model's graph: its inputs, every node in order, and its outputs, named as keras4j names them. */
    void lowerModel(LayerGraph graph) {
        for (Node input : graph.getInputs()) {
            KerasTensor t = input.getOutput();
            Value v = new Value(input.getName(), t.rank());
            v.last = g.input(input.getName(), t.getShape());
            values.put(t, v);
        }
        lower(graph, "");
        for (KerasTensor output : graph.getOutputTensors()) {
            String value = last(output);
            // a recurrent layer's states: lstm/state_h, lstm/state_c
            String name = output.getIndex() == 0 ? output.getName() : values.get(output).name;
            if (!value.equals(name)) {
                g.node("Identity", List.of(value), g.reserve(name));
            }
            g.output(name, output.getShape());
        }
    }

    private void lower(LayerGraph graph, String prefix) {
        for (Node node : graph.getNodes()) {
            if (graph.getInputs().contains(node)) {
                continue;   // mapped by the caller: the model's inputs, or a nested model's arguments
            }
            String name = prefix + node.getName();
            if (node.getModel() != null) {
                LayerGraph inner = node.getModel().getGraph();
                for (int i = 0; i < inner.getInputs().size(); i++) {
                    values.put(inner.getInputs().get(i).getOutput(), values.get(node.getInputs().get(i)));
                }
                lower(inner, name + "/");
                values.put(node.getOutput(), values.get(inner.getOutputTensors().get(0)));
            } else {
                values.put(node.getOutput(), layer(node, name));
            }
        }
    }

    /** @return the value of one layer's output */
    private Value layer(Node node, String name) {
        Layer layer = node.getLayer();
        List<KerasTensor> ins = node.getInputs();
        KerasTensor in = ins.get(0);
        Value out = new Value(name, node.getOutput().rank());
        if (layer instanceof Dense dense) {
            List<INDArray> w = dense.getWeights();
            List<String> args = new ArrayList<>(List.of(last(in), g.weight(name + "/kernel", w.get(0))));
            if (dense.isUseBias()) {
                args.add(g.weight(name + "/bias", w.get(1)));
            }
            String z = g.node("Gemm", args, preActivation(dense.getActivation(), name, "gemm"));
            out.last = activate(dense.getActivation(), z, name, false);
        } else if (layer instanceof TimeDistributed wrapper) {
            // every step's Dense: ONNX's MatMul broadcasts over [batch, steps]
            Dense dense = wrapper.getLayer();
            List<INDArray> w = wrapper.getWeights();
            String z = g.node("MatMul", List.of(last(in), g.weight(name + "/kernel", w.get(0))), dense.isUseBias()
                    ? g.fresh(name + "/matmul") : preActivation(dense.getActivation(), name, "matmul"));
            if (dense.isUseBias()) {
                z = g.node("Add", List.of(z, g.weight(name + "/bias", w.get(1))),
                        preActivation(dense.getActivation(), name, "add"));
            }
            out.last = activate(dense.getActivation(), z, name, false);
        } else if (layer instanceof Conv2D conv) {
            List<INDArray> w = conv.getWeights();
            // Keras's kernel [kh, kw, in, out]; ONNX's [out, in, kh, kw].
            List<String> args = new ArrayList<>(List.of(first(in),
                    g.weight(name + "/kernel", w.get(0).permute(3, 2, 0, 1))));
            if (conv.isUseBias()) {
                args.add(g.weight(name + "/bias", w.get(1)));
            }
            int[] k = conv.getKernelSize();
            int[] s = conv.getStrides();
            int[] d = conv.getDilationRate();
            int[] window = {(k[0] - 1) * d[0] + 1, (k[1] - 1) * d[1] + 1};
            String z = g.node("Conv", args, preActivation(conv.getActivation(), name + "/nchw", "conv"),
                    attribute("kernel_shape", k), attribute("strides", s), attribute("dilations", d),
                    attribute("pads", pads(in.getShape(), window, s, conv.getPadding())));
            out.first = activate(conv.getActivation(), z, name + "/nchw", true);
        } else if (layer instanceof BaseConv2D<?> conv) {
            out.first = otherConv2D(conv, in, node.getOutput(), name);
        } else if (layer instanceof Pooling2D pool) {
            int[] k = pool.getPoolSize();
            int[] s = pool.getStrides();
            List<Onnx.AttributeProto> attributes = new ArrayList<>(List.of(attribute("kernel_shape", k),
                    attribute("strides", s), attribute("pads", pads(in.getShape(), k, s, pool.getPadding()))));
            if (pool instanceof AveragePooling2D) {
                attributes.add(attribute("count_include_pad", 0L));   // Keras leaves padding out of the average
            }
            out.first = g.node(pool instanceof AveragePooling2D ? "AveragePool" : "MaxPool", List.of(first(in)),
                    g.fresh(name + "/nchw"), attributes.toArray(new Onnx.AttributeProto[0]));
        } else if (layer instanceof GlobalAveragePooling2D) {
            if (values.get(in).first != null) {
                String pooled = g.node("GlobalAveragePool", List.of(first(in)), g.fresh(name + "/nchw"));
                out.last = g.node("Flatten", List.of(pooled), g.fresh(name), attribute("axis", 1L));
            } else {
                out.last = g.node("ReduceMean", List.of(last(in)), g.fresh(name), attribute("axes", 1, 2),
                        attribute("keepdims", 0L));
            }
        } else if (layer instanceof Conv1D || layer instanceof Pooling1D) {
            out.last = sequence(layer, in, name);
        } else if (layer instanceof GlobalMaxPooling1D || layer instanceof GlobalAveragePooling1D) {
            out.last = g.node(layer instanceof GlobalMaxPooling1D ? "ReduceMax" : "ReduceMean", List.of(last(in)),
                    g.fresh(name), attribute("axes", new int[] {1}), attribute("keepdims", 0L));
        } else if (layer instanceof UpSampling2D || layer instanceof UpSampling1D) {
            out.last = upSample(layer, in, name);
        } else if (layer instanceof ZeroPadding2D || layer instanceof ZeroPadding1D) {
            // Pads per axis of (N, [H,] W, C): all starts, then all ends.
            int[] p = layer instanceof ZeroPadding2D pad ? pad.getPadding() : ((ZeroPadding1D) layer).getPadding();
            long[] pads = layer instanceof ZeroPadding2D ? new long[] {0, p[0], p[2], 0, 0, p[1], p[3], 0}
                    : new long[] {0, p[0], 0, 0, p[1], 0};
            out.last = g.node("Pad", List.of(last(in), g.int64s(name + "/pads", pads)), g.fresh(name));
        } else if (layer instanceof Cropping2D || layer instanceof Cropping1D) {
            int[] c = layer instanceof Cropping2D crop ? crop.getCropping() : ((Cropping1D) layer).getCropping();
            int[] shape = in.getShape();
            long[] starts = layer instanceof Cropping2D ? new long[] {c[0], c[2]} : new long[] {c[0]};
            long[] ends = layer instanceof Cropping2D ? new long[] {shape[0] - c[1], shape[1] - c[3]}
                    : new long[] {shape[0] - c[1]};
            long[] axes = layer instanceof Cropping2D ? new long[] {1, 2} : new long[] {1};
            out.last = g.node("Slice", List.of(last(in), g.int64s(name + "/starts", starts),
                    g.int64s(name + "/ends", ends), g.int64s(name + "/axes", axes)), g.fresh(name));
        } else if (layer instanceof Flatten) {
            if (in.rank() == 1) {
                return values.get(in);
            }
            out.last = g.node("Flatten", List.of(last(in)), g.fresh(name), attribute("axis", 1L));
        } else if (layer instanceof Reshape) {
            int[] shape = node.getOutput().getShape();
            long[] dims = new long[shape.length + 1];   // 0: the batch axis, as it is
            for (int i = 0; i < shape.length; i++) {
                dims[i + 1] = shape[i];
            }
            out.last = g.node("Reshape", List.of(last(in), g.int64s(name + "/shape", dims)), g.fresh(name));
        } else if (layer instanceof RepeatVector repeat) {
            int f = in.getShape()[0];
            String tiled = g.node("Tile", List.of(last(in), g.int64s(name + "/repeats", 1, repeat.getN())),
                    g.fresh(name + "/tiled"));
            out.last = g.node("Reshape", List.of(tiled, g.int64s(name + "/shape", 0, repeat.getN(), f)), g.fresh(name));
        } else if (layer instanceof Permute permute) {
            int[] perm = new int[permute.getDims().length + 1];
            System.arraycopy(permute.getDims(), 0, perm, 1, perm.length - 1);
            out.last = g.node("Transpose", List.of(last(in)), g.fresh(name), attribute("perm", perm));
        } else if (layer instanceof Dropout || layer instanceof RandomLayer) {
            return values.get(in);   // inference: the identity (random layers act only while training)
        } else if (layer instanceof Activation activation) {
            String act = activation.getActivation();
            if (act.equals("linear")) {
                return values.get(in);
            }
            Value v = values.get(in);
            boolean channelsFirst = v.image() && v.last == null;
            String result = activate(act, channelsFirst ? v.first : v.last, channelsFirst ? name + "/nchw" : name,
                    channelsFirst);
            if (channelsFirst) {
                out.first = result;
            } else {
                out.last = result;
            }
        } else if (layer instanceof BatchNormalization bn) {
            List<INDArray> w = bn.getWeights();
            String x = in.rank() == 3 ? first(in) : last(in);
            String y = g.node("BatchNormalization", List.of(x, g.weight(name + "/gamma", w.get(0)),
                            g.weight(name + "/beta", w.get(1)), g.weight(name + "/moving_mean", w.get(2)),
                            g.weight(name + "/moving_variance", w.get(3))),
                    g.fresh(in.rank() == 3 ? name + "/nchw" : name), attribute("epsilon", (float) bn.getEpsilon()));
            if (in.rank() == 3) {
                out.first = y;
            } else {
                out.last = y;
            }
        } else if (layer instanceof Rescaling rescaling) {
            // Element-wise: in whichever layout the input already has.
            Value v = values.get(in);
            boolean channelsFirst = v.image() && v.last == null;
            String x = channelsFirst ? v.first : v.last;
            String result = channelsFirst ? name + "/nchw" : name;
            String scaled = g.node("Mul", List.of(x, g.constant(name + "/scale", new long[0],
                    (float) rescaling.getScale())), g.fresh(result + "/scaled"));
            scaled = g.node("Add", List.of(scaled, g.constant(name + "/offset", new long[0],
                    (float) rescaling.getOffset())), g.fresh(result));
            if (channelsFirst) {
                out.first = scaled;
            } else {
                out.last = scaled;
            }
        } else if (layer instanceof Resizing || layer instanceof CenterCrop) {
            out.last = resize(layer, last(in), in.getShape(), name);
        } else if (layer instanceof Normalization norm) {
            out.last = normalization(norm, last(in), in.getShape(), name);
        } else if (layer instanceof LayerNormalization norm) {
            out.last = layerNormalization(norm, last(in), in.getShape(), name);
        } else if (layer instanceof GlobalMaxPooling2D) {
            if (values.get(in).first != null) {
                String pooled = g.node("GlobalMaxPool", List.of(first(in)), g.fresh(name + "/nchw"));
                out.last = g.node("Flatten", List.of(pooled), g.fresh(name), attribute("axis", 1L));
            } else {
                out.last = g.node("ReduceMax", List.of(last(in)), g.fresh(name), attribute("axes", 1, 2),
                        attribute("keepdims", 0L));
            }
        } else if (layer instanceof ReLU || layer instanceof LeakyReLU || layer instanceof ELU) {
            // Element-wise: in whichever layout the input already has.
            Value v = values.get(in);
            boolean channelsFirst = v.image() && v.last == null;
            String result = elementwise(layer, channelsFirst ? v.first : v.last, channelsFirst ? name + "/nchw" : name);
            if (channelsFirst) {
                out.first = result;
            } else {
                out.last = result;
            }
        } else if (layer instanceof Softmax softmax) {
            int axis = softmax.sampleAxis(in.getShape());
            Value v = values.get(in);
            if (v.image() && v.last == null && axis == 2) {
                out.first = g.node("Softmax", List.of(v.first), g.fresh(name + "/nchw"), attribute("axis", 1L));
            } else {
                out.last = g.node("Softmax", List.of(last(in)), g.fresh(name), attribute("axis", (long) axis + 1));
            }
        } else if (layer instanceof PReLU prelu) {
            // Keras's alpha has the sample's shape (1 along shared axes): it broadcasts over the batch.
            out.last = g.node("PRelu", List.of(last(in), g.weight(name + "/alpha", prelu.getWeights().get(0))),
                    g.fresh(name));
        } else if (layer instanceof Merge merge) {
            merge(merge, ins, out);
        } else if (layer instanceof Embedding embedding) {
            if (embedding.isMaskZero()) {
                throw new Keras4jException("Layer '" + name + "' (Embedding) can't be exported to ONNX with "
                        + "mask_zero=True: ONNX's recurrent operators take no mask. Export a model without masking.");
            }
            // The ids come as floats (keras4j's inputs): ONNX's Gather takes integers.
            String ids = g.node("Cast", List.of(last(in)), g.fresh(name + "/ids"),
                    attribute("to", (long) Onnx.TensorProto.DataType.INT64_VALUE));
            out.last = g.node("Gather", List.of(g.weight(name + "/embeddings", embedding.getWeights().get(0)), ids),
                    g.fresh(name), attribute("axis", 0L));
        } else if (layer instanceof Recurrent rnn) {
            // Keras's initial_state: ONNX's initial_h (and initial_c), [directions, batch, units]
            List<String> initial = new ArrayList<>();
            for (KerasTensor state : ins.subList(1, ins.size())) {
                initial.add(g.node("Reshape", List.of(last(state), g.int64s(name + "/state_shape", 1, -1,
                        rnn.getUnits())), g.fresh(name + "/initial_state")));
            }
            List<String> finals = new ArrayList<>();
            String x = last(in);
            if (rnn.isGoBackwards()) {   // Keras's go_backwards: the steps reversed, and so are the outputs
                x = g.node("Slice", List.of(x, g.int64s(name + "/starts", -1), g.int64s(name + "/ends", Long.MIN_VALUE),
                        g.int64s(name + "/axes", 1), g.int64s(name + "/steps", -1)), g.fresh(name + "/backwards"));
            }
            out.last = recurrent(rnn, rnn.getWeights(), null, x, in.getShape()[0], name, initial,
                    rnn.isReturnState() ? finals : null);
            for (int k = 0; k < finals.size(); k++) {   // returnState: ONNX's Y_h (and Y_c), [batch, units]
                Value state = new Value(name + "/" + (k == 0 ? "state_h" : "state_c"), 1);
                state.last = finals.get(k);
                values.put(node.getOutputs().get(k + 1), state);
            }
        } else if (layer instanceof Bidirectional bi) {
            if (bi.getMergeMode() == null || bi.getLayer().isReturnState()) {
                throw new Keras4jException("Layer '" + name + "' (Bidirectional) can't be exported to ONNX with "
                        + (bi.getMergeMode() == null ? "merge_mode=None" : "return_state=True") + " yet: keras4j's "
                        + "ONNX export gives a Bidirectional one output. Export a model without it.");
            }
            out.last = recurrent(bi.getLayer(), bi.getWeights(), bi.getMergeMode(), last(in), in.getShape()[0], name,
                    List.of(), null);
        } else {
            throw new Keras4jException("Layer '" + name + "' (" + layer.getClassName() + ") can't be exported to ONNX: "
                    + "keras4j's ONNX export has no form for it yet.");
        }
        return out;
    }

    /**
     * @return a Conv2DTranspose's (ONNX's ConvTranspose: its kernel [in, filters, kh, kw], "same" crops
     *         as Keras does), DepthwiseConv2D's (a Conv with one group per input channel) or
     *         SeparableConv2D's (that, and a 1x1 Conv) channels-first output
     */
    private String otherConv2D(BaseConv2D<?> conv, KerasTensor in, KerasTensor output, String name) {
        List<INDArray> w = conv.getWeights();
        int[] k = conv.getKernelSize();
        int[] s = conv.getStrides();
        int[] d = conv.getDilationRate();
        int[] window = {(k[0] - 1) * d[0] + 1, (k[1] - 1) * d[1] + 1};
        String z = g.fresh(name + "/nchw" + (conv.getActivation().equals("linear") ? "" : "/conv"));
        List<Onnx.AttributeProto> attributes = new ArrayList<>(List.of(attribute("kernel_shape", k),
                attribute("strides", s), attribute("dilations", d)));
        if (conv instanceof Conv2DTranspose) {
            // Keras's kernel [kh, kw, filters, in]; ONNX's [in, filters, kh, kw].
            List<String> args = new ArrayList<>(List.of(first(in),
                    g.weight(name + "/kernel", w.get(0).permute(3, 2, 0, 1))));
            if (conv.isUseBias()) {
                args.add(g.weight(name + "/bias", w.get(1)));
            }
            // "same" crops what a Conv2D from the output back to the input would pad
            attributes.add(attribute("pads", pads(output.getShape(), window, s, conv.getPadding())));
            g.node("ConvTranspose", args, z, attributes.toArray(new Onnx.AttributeProto[0]));
        } else {
            int channels = in.getShape()[2];
            INDArray depthwise = w.get(0);   // [kh, kw, in, multiplier]; ONNX's [in * multiplier, 1, kh, kw]
            INDArray kernel = depthwise.reshape('c', k[0], k[1], depthwise.length() / (k[0] * k[1]))
                    .permute(2, 0, 1).dup('c').reshape('c', depthwise.length() / (k[0] * k[1]), 1, k[0], k[1]);
            List<String> args = new ArrayList<>(List.of(first(in), g.weight(name + "/depthwise_kernel", kernel)));
            boolean separable = conv instanceof SeparableConv2D;
            if (conv.isUseBias() && !separable) {
                args.add(g.weight(name + "/bias", w.get(1)));
            }
            attributes.add(attribute("pads", pads(in.getShape(), window, s, conv.getPadding())));
            attributes.add(attribute("group", (long) channels));
            String depthOut = separable ? g.fresh(name + "/depthwise") : z;
            g.node("Conv", args, depthOut, attributes.toArray(new Onnx.AttributeProto[0]));
            if (separable) {
                // Keras's pointwise kernel [1, 1, in * multiplier, filters]; ONNX's [filters, in * multiplier, 1, 1].
                List<String> pointwise = new ArrayList<>(List.of(depthOut,
                        g.weight(name + "/pointwise_kernel", w.get(1).permute(3, 2, 0, 1))));
                if (conv.isUseBias()) {
                    pointwise.add(g.weight(name + "/bias", w.get(2)));
                }
                g.node("Conv", pointwise, z, attribute("kernel_shape", 1, 1));
            }
        }
        return activate(conv.getActivation(), z, name + "/nchw", true);
    }

    /** @return a Conv1D's or 1-D pool's output (N, steps, channels): ONNX's 1-D op between two transposes */
    private String sequence(Layer layer, KerasTensor in, String name) {
        String x = g.node("Transpose", List.of(last(in)), g.fresh(name + "/ncw_input"), attribute("perm", 0, 2, 1));
        int steps = in.getShape()[0];
        String y;
        if (layer instanceof Conv1D conv) {
            List<INDArray> w = conv.getWeights();
            // Keras's kernel [k, in, out]; ONNX's [out, in, k].
            List<String> args = new ArrayList<>(List.of(x, g.weight(name + "/kernel", w.get(0).permute(2, 1, 0))));
            if (conv.isUseBias()) {
                args.add(g.weight(name + "/bias", w.get(1)));
            }
            int k = conv.getKernelSize();
            int d = conv.getDilationRate();
            String z = g.node("Conv", args, preActivation(conv.getActivation(), name + "/ncw", "conv"),
                    attribute("kernel_shape", new int[] {k}), attribute("strides", new int[] {conv.getStrides()}),
                    attribute("dilations", new int[] {d}),
                    attribute("pads", pads1d(steps, (k - 1) * d + 1, conv.getStrides(), conv.getPadding())));
            y = activate(conv.getActivation(), z, name + "/ncw", true);
        } else {
            Pooling1D pool = (Pooling1D) layer;
            List<Onnx.AttributeProto> attributes = new ArrayList<>(List.of(attribute("kernel_shape", new int[] {pool.getPoolSize()}),
                    attribute("strides", new int[] {pool.getStrides()}),
                    attribute("pads", pads1d(steps, pool.getPoolSize(), pool.getStrides(), pool.getPadding()))));
            boolean average = pool instanceof keras4j.layers.AveragePooling1D;
            if (average) {
                attributes.add(attribute("count_include_pad", 0L));   // Keras leaves padding out of the average
            }
            y = g.node(average ? "AveragePool" : "MaxPool", List.of(x), g.fresh(name + "/ncw"),
                    attributes.toArray(new Onnx.AttributeProto[0]));
        }
        return g.node("Transpose", List.of(y), g.fresh(name), attribute("perm", 0, 2, 1));
    }

    /** @return an UpSampling layer's output: each row / column / step repeated, by a Tile over new axes and a Reshape */
    private String upSample(Layer layer, KerasTensor in, String name) {
        int[] shape = in.getShape();
        if (layer instanceof UpSampling2D up && up.getInterpolation().equals("bilinear")) {
            // TensorFlow's half-pixel bilinear resize (positions clamped to the image): ONNX's linear Resize
            int[] s = up.getSize();
            return g.node("Resize", List.of(last(in), "", g.weight(name + "/scales",
                    org.nd4j.linalg.factory.Nd4j.createFromArray(1f, s[0], s[1], 1f))), g.fresh(name),
                    OnnxGraph.text("mode", "linear"), OnnxGraph.text("coordinate_transformation_mode", "half_pixel"));
        }
        int[] size = layer instanceof UpSampling2D up ? up.getSize() : new int[] {((UpSampling1D) layer).getSize()};
        long[] spread = new long[1 + 2 * size.length + 1];   // (N, H, 1, W, 1, C) or (N, steps, 1, C)
        long[] repeats = new long[spread.length];
        long[] target = new long[2 + size.length];            // (0: the batch, as it is, H * s0, [W * s1,] C)
        java.util.Arrays.fill(repeats, 1);
        for (int i = 0; i < size.length; i++) {
            spread[1 + 2 * i] = shape[i];
            spread[2 + 2 * i] = 1;
            repeats[2 + 2 * i] = size[i];
            target[1 + i] = (long) shape[i] * size[i];
        }
        spread[spread.length - 1] = shape[size.length];
        target[target.length - 1] = shape[size.length];
        String spreadOut = g.node("Reshape", List.of(last(in), g.int64s(name + "/spread", spread)),
                g.fresh(name + "/spread_out"));
        String tiled = g.node("Tile", List.of(spreadOut, g.int64s(name + "/repeats", repeats)), g.fresh(name + "/tiled"));
        return g.node("Reshape", List.of(tiled, g.int64s(name + "/shape", target)), g.fresh(name));
    }

    /**
     * A Resizing, or a CenterCrop of an image smaller than its target, is a Slice of its window and
     * ONNX's Resize to the target size (the batch's size read from the input's Shape), half-pixel
     * as TensorFlow's; a CenterCrop of a larger image is a Slice.
     */
    private String resize(Layer layer, String x, int[] shape, String name) {
        int[] box;
        int th;
        int tw;
        boolean nearest = false;
        if (layer instanceof CenterCrop crop) {
            int[] cut = crop.cropping(shape);
            th = crop.getHeight();
            tw = crop.getWidth();
            box = cut != null ? new int[] {cut[0], th, cut[2], tw} : crop.resizedWindow(shape);
            if (cut != null) {
                return slice(x, box, name);
            }
        } else {
            Resizing resizing = (Resizing) layer;
            box = resizing.window(shape);
            th = resizing.getHeight();
            tw = resizing.getWidth();
            nearest = resizing.getInterpolation().equals("nearest");
        }
        if (box[1] != shape[0] || box[3] != shape[1]) {
            x = slice(x, box, name + "/window");
        }
        String inputShape = g.node("Shape", List.of(x), g.fresh(name + "/shape"));
        String batch = g.node("Slice", List.of(inputShape, g.int64s(name + "/zero", 0), g.int64s(name + "/one", 1)),
                g.fresh(name + "/batch"));
        String sizes = g.node("Concat", List.of(batch, g.int64s(name + "/size", th, tw, shape[2])),
                g.fresh(name + "/sizes"), attribute("axis", 0L));
        return g.node("Resize", List.of(x, "", "", sizes), g.fresh(name),
                OnnxGraph.text("mode", nearest ? "nearest" : "linear"),
                OnnxGraph.text("coordinate_transformation_mode", nearest ? "tf_half_pixel_for_nn" : "half_pixel"),
                OnnxGraph.text("nearest_mode", "floor"));
    }

    /** @return the window {@code {top, height, left, width}} of NHWC images */
    private String slice(String x, int[] box, String name) {
        return g.node("Slice", List.of(x, g.int64s(name + "/starts", box[0], box[2]),
                g.int64s(name + "/ends", box[0] + box[1], box[2] + box[3]), g.int64s(name + "/axes", 1, 2)),
                g.fresh(name));
    }

    /**
     * A Normalization is {@code (x - mean) / std} (inverted, {@code x * std + mean}) with the mean
     * and {@code std = max(sqrt(variance), 1e-7)} as constants shaped to broadcast over the axes
     * after the kept ones.
     */
    private String normalization(Normalization norm, String x, int[] shape, String name) {
        int[] block = norm.keptAxes(shape);
        int[] kept = norm.weightShape(shape);
        long size = 1;
        for (int d : kept) {
            size *= d;
        }
        INDArray mean;
        INDArray variance;
        if (norm.getMean() != null) {
            mean = org.nd4j.linalg.factory.Nd4j.createFromArray(norm.getMean()).castTo(
                    org.nd4j.linalg.api.buffer.DataType.FLOAT);
            variance = org.nd4j.linalg.factory.Nd4j.createFromArray(norm.getVariance()).castTo(
                    org.nd4j.linalg.api.buffer.DataType.FLOAT);
            if (mean.length() != size) {
                mean = org.nd4j.linalg.factory.Nd4j.valueArrayOf(new long[] {size}, mean.getFloat(0));
                variance = org.nd4j.linalg.factory.Nd4j.valueArrayOf(new long[] {size}, variance.getFloat(0));
            }
        } else {
            List<INDArray> w = norm.getWeights();
            mean = w.get(0);
            variance = w.get(1);
        }
        INDArray std = org.nd4j.linalg.ops.transforms.Transforms.max(org.nd4j.linalg.ops.transforms.Transforms.sqrt(
                variance.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT), true), 1e-7, false);
        long[] broadcast = new long[block[0] == block[1] ? 1 : shape.length - block[0]];
        java.util.Arrays.fill(broadcast, 1);
        for (int i = 0; i < kept.length; i++) {
            broadcast[i] = kept[i];
        }
        String m = g.weight(name + "/mean", mean.reshape(broadcast));
        String s = g.weight(name + "/std", std.reshape(broadcast));
        if (norm.isInvert()) {
            return g.node("Add", List.of(g.node("Mul", List.of(x, s), g.fresh(name + "/scaled")), m), g.fresh(name));
        }
        return g.node("Div", List.of(g.node("Sub", List.of(x, m), g.fresh(name + "/centered")), s), g.fresh(name));
    }

    /**
     * A LayerNormalization over the sample's last axes is ONNX's LayerNormalization (from its first
     * axis to the end; a missing gamma is ones); over other axes it is the formula itself: the mean
     * and variance by ReduceMean, gamma and beta shaped to broadcast over the axes after them.
     */
    private String layerNormalization(LayerNormalization norm, String x, int[] shape, String name) {
        int[] block = norm.normalizedAxes(shape);
        int[] weightShape = norm.weightShape(shape);
        List<INDArray> w = norm.getWeights();
        INDArray gamma = norm.isScale() ? w.get(0) : null;
        INDArray beta = norm.isCenter() ? w.get(w.size() - 1) : null;
        if (block[1] == shape.length) {
            List<String> inputs = new java.util.ArrayList<>(List.of(x));
            inputs.add(g.weight(name + "/gamma", gamma != null ? gamma
                    : org.nd4j.linalg.factory.Nd4j.ones(org.nd4j.linalg.api.buffer.DataType.FLOAT,
                    java.util.Arrays.stream(weightShape).asLongStream().toArray())));
            if (beta != null) {
                inputs.add(g.weight(name + "/beta", beta));
            }
            return g.node("LayerNormalization", inputs, g.fresh(name), attribute("axis", (long) block[0] + 1),
                    attribute("epsilon", (float) norm.getEpsilon()));
        }
        int[] axes = new int[block[1] - block[0]];
        for (int i = 0; i < axes.length; i++) {
            axes[i] = block[0] + 1 + i;
        }
        long[] broadcast = new long[shape.length - block[0]];   // the weights' shape, then 1 per axis after them
        java.util.Arrays.fill(broadcast, 1);
        for (int i = 0; i < weightShape.length; i++) {
            broadcast[i] = weightShape[i];
        }
        String mean = g.node("ReduceMean", List.of(x), g.fresh(name + "/mean"), attribute("axes", axes),
                attribute("keepdims", 1L));
        String centered = g.node("Sub", List.of(x, mean), g.fresh(name + "/centered"));
        String square = g.node("Mul", List.of(centered, centered), g.fresh(name + "/square"));
        String variance = g.node("ReduceMean", List.of(square), g.fresh(name + "/variance"), attribute("axes", axes),
                attribute("keepdims", 1L));
        String std = g.node("Sqrt", List.of(g.node("Add", List.of(variance, g.constant(name + "/epsilon", new long[0],
                (float) norm.getEpsilon())), g.fresh(name + "/variance_epsilon"))), g.fresh(name + "/std"));
        String y = g.node("Div", List.of(centered, std), g.fresh(gamma == null && beta == null ? name
                : name + "/normalized"));
        if (gamma != null) {
            y = g.node("Mul", List.of(y, g.weight(name + "/gamma", gamma.reshape(broadcast))),
                    g.fresh(beta == null ? name : name + "/scaled"));
        }
        if (beta != null) {
            y = g.node("Add", List.of(y, g.weight(name + "/beta", beta.reshape(broadcast))), g.fresh(name));
        }
        return y;
    }

    /** @return ONNX's pads {start, end} of a 1-D window, Keras's split for "same" (the odd one at the end) */
    static int[] pads1d(int steps, int window, int stride, String padding) {
        if (padding.equals("causal")) {
            return new int[] {window - 1, 0};   // Keras's zeros before the first step
        }
        if (!padding.equals("same")) {
            return new int[] {0, 0};
        }
        int out = (steps + stride - 1) / stride;
        int total = Math.max((out - 1) * stride + window - steps, 0);
        return new int[] {total / 2, total - total / 2};
    }

    private void merge(Merge merge, List<KerasTensor> ins, Value out) {
        boolean channelsFirst = out.image() && ins.stream().allMatch(t -> values.get(t).first != null);
        List<String> xs = ins.stream().map(t -> channelsFirst ? first(t) : last(t)).toList();
        String name = g.fresh(channelsFirst ? out.name + "/nchw" : out.name);
        String y;
        if (merge instanceof Concatenate concatenate) {
            int rank = ins.get(0).rank();
            int axis = concatenate.getAxis() < 0 ? rank + 1 + concatenate.getAxis() : concatenate.getAxis();
            y = g.node("Concat", xs, name, attribute("axis", (long) (channelsFirst ? 1 : axis)));
        } else if (merge instanceof Multiply) {
            String product = xs.get(0);
            for (int i = 1; i < xs.size(); i++) {
                product = g.node("Mul", List.of(product, xs.get(i)), i == xs.size() - 1 ? name
                        : g.fresh(out.name + "/mul_" + i));
            }
            y = product;
        } else {
            String op = merge instanceof Add ? (xs.size() == 2 ? "Add" : "Sum")
                    : merge instanceof Subtract ? "Sub"
                    : merge instanceof Average ? "Mean"
                    : merge instanceof Maximum ? "Max"
                    : merge instanceof Minimum ? "Min" : null;
            if (op == null) {
                throw new Keras4jException("Layer '" + out.name + "' (" + merge.getClassName() + ") can't be exported "
                        + "to ONNX: keras4j's ONNX export has no form for it yet.");
            }
            y = g.node(op, xs, name);
        }
        if (channelsFirst) {
            out.first = y;
        } else {
            out.last = y;
        }
    }

    /**
     * A SimpleRNN, LSTM or GRU as ONNX's RNN, LSTM or GRU operator (time-major, Keras's kernels
     * transposed and LSTM's gates reordered from Keras's i, f, c, o to ONNX's i, o, f, c; GRU's z, r,
     * h are ONNX's order, and Keras's reset_after is ONNX's linear_before_reset).
     *
     * @param w       the layer's weights: one direction's, or a Bidirectional's forward then backward ones
     * @param merge   null for one direction, else a Bidirectional's merge mode: ONNX's bidirectional
     *                operator, its directions' outputs merged
     * @param initial the states to start from (Keras's initial_state), [1, batch, units] each, or
     *                none for zeros
     * @param finals  receives the final states (Keras's return_state), [batch, units] each, or null
     * @return the last step's output [batch, units], or every step's [batch, timesteps, units]
     */
    private String recurrent(Recurrent rnn, List<INDArray> w, String merge, String x, int timesteps, String name,
                             List<String> initial, List<String> finals) {
        boolean lstm = rnn instanceof LSTM;
        GRU gru = rnn instanceof GRU it ? it : null;
        int[] order = lstm ? new int[] {0, 3, 1, 2} : gru != null ? new int[] {0, 1, 2} : new int[] {0};
        int units = rnn.getUnits();
        long width = (long) order.length * units;
        int directions = merge == null ? 1 : 2;
        int each = w.size() / directions;
        List<INDArray> kernels = new ArrayList<>();
        List<INDArray> recurrents = new ArrayList<>();
        List<INDArray> biases = new ArrayList<>();
        for (int d = 0; d < directions; d++) {
            kernels.add(onnxGates(w.get(d * each), order));
            recurrents.add(onnxGates(w.get(d * each + 1), order));
            INDArray bias = org.nd4j.linalg.factory.Nd4j.zeros(w.get(0).dataType(), 1, 2 * width);
            if (each > 2) {
                // ONNX's B is the input's bias, then the recurrent one: the rows of a GRU's [2, 3 * units] bias
                INDArray kerasBias = w.get(d * each + 2);
                INDArray rows = kerasBias.rank() == 2 ? kerasBias : kerasBias.reshape(1, kerasBias.length());
                for (int row = 0; row < rows.size(0); row++) {
                    bias.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex
                            .interval(row * width, (row + 1) * width)).assign(onnxGates(rows.getRow(row, true), order)
                            .reshape(1, width));
                }
            }
            biases.add(bias);
        }
        String timeMajor = g.node("Transpose", List.of(x), g.fresh(name + "/time_major"), attribute("perm", 1, 0, 2));
        List<String> activations = new ArrayList<>();
        for (int d = 0; d < directions; d++) {
            if (lstm || gru != null) {
                String gate = lstm ? ((LSTM) rnn).getRecurrentActivation() : gru.getRecurrentActivation();
                activations.add(onnxActivation(gate, name));
                activations.add(onnxActivation(rnn.getActivation(), name));
            }
            if (gru == null) {
                activations.add(onnxActivation(rnn.getActivation(), name));
            }
        }
        String all = g.fresh(name + "/y");
        String lastStep = g.fresh(name + "/y_h");
        List<String> inputs = new ArrayList<>(List.of(timeMajor,
                g.weight(name + "/kernel", org.nd4j.linalg.factory.Nd4j.concat(0, kernels.toArray(new INDArray[0]))),
                g.weight(name + "/recurrent_kernel", org.nd4j.linalg.factory.Nd4j.concat(0,
                        recurrents.toArray(new INDArray[0]))),
                g.weight(name + "/bias", org.nd4j.linalg.factory.Nd4j.concat(0, biases.toArray(new INDArray[0])))));
        if (!initial.isEmpty()) {
            inputs.add("");   // no sequence_lens
            inputs.addAll(initial);
        }
        List<String> produced = new ArrayList<>(List.of(all, lastStep));
        if (lstm && finals != null) {
            produced.add(g.fresh(name + "/y_c"));
        }
        List<Onnx.AttributeProto> attributes = new ArrayList<>(List.of(attribute("hidden_size", (long) units),
                attribute("activations", activations.toArray(new String[0]))));
        if (gru != null) {
            attributes.add(attribute("linear_before_reset", gru.isResetAfter() ? 1L : 0L));
        }
        if (merge != null) {
            attributes.add(OnnxGraph.text("direction", "bidirectional"));
        }
        g.node(gru != null ? "GRU" : lstm ? "LSTM" : "RNN", inputs, produced,
                attributes.toArray(new Onnx.AttributeProto[0]));
        for (int k = 1; finals != null && k < produced.size(); k++) {
            finals.add(g.node("Reshape", List.of(produced.get(k), g.int64s(name + "/state_shape", -1, units)),
                    g.fresh(name + (k == 1 ? "/state_h" : "/state_c"))));
        }
        if (merge != null) {
            // Y [steps, 2, batch, units] -> [batch, steps, 2, units]; Y_h [2, batch, units] -> [batch, 2, units]
            boolean sequences = rnn.isReturnSequences();
            String both = g.node("Transpose", List.of(sequences ? all : lastStep), g.fresh(name + "/directions"),
                    sequences ? attribute("perm", 2, 0, 1, 3) : attribute("perm", 1, 0, 2));
            int axis = sequences ? 2 : 1;
            return switch (merge) {
                case "concat" -> g.node("Reshape", List.of(both, sequences
                        ? g.int64s(name + "/shape", -1, timesteps, 2L * units)
                        : g.int64s(name + "/shape", -1, 2L * units)), g.fresh(name));
                case "sum" -> g.node("ReduceSum", List.of(both, g.int64s(name + "/axes", axis)), g.fresh(name),
                        attribute("keepdims", 0L));
                case "mul" -> g.node("ReduceProd", List.of(both), g.fresh(name), attribute("axes", new int[] {axis}),
                        attribute("keepdims", 0L));
                default -> g.node("ReduceMean", List.of(both), g.fresh(name), attribute("axes", new int[] {axis}),
                        attribute("keepdims", 0L));
            };
        }
        if (!rnn.isReturnSequences()) {
            return g.node("Reshape", List.of(lastStep, g.int64s(name + "/shape", -1, units)), g.fresh(name));
        }
        String steps = g.node("Reshape", List.of(all, g.int64s(name + "/shape", timesteps, -1, units)),
                g.fresh(name + "/steps"));
        return g.node("Transpose", List.of(steps), g.fresh(name), attribute("perm", 1, 0, 2));
    }

    /** @return [1, gates * units, rows]: each gate's block of a Keras [rows, gates * units] matrix, transposed */
    private static INDArray onnxGates(INDArray keras, int[] order) {
        long units = keras.size(1) / order.length;
        INDArray out = org.nd4j.linalg.factory.Nd4j.create(keras.dataType(), 1, keras.size(1), keras.size(0));
        for (int k = 0; k < order.length; k++) {
            out.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0), org.nd4j.linalg.indexing.NDArrayIndex.interval(
                    k * units, (k + 1) * units), org.nd4j.linalg.indexing.NDArrayIndex.all()).assign(keras.get(
                    org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(
                    order[k] * units, (order[k] + 1) * units)).transpose());
        }
        return out;
    }

    /** @return ONNX's name of a recurrent layer's activation (its defaults are Keras 2's hard_sigmoid's 0.2, 0.5) */
    private static String onnxActivation(String activation, String name) {
        return switch (activation) {
            case "tanh" -> "Tanh";
            case "sigmoid" -> "Sigmoid";
            case "relu" -> "Relu";
            case "hard_sigmoid" -> "HardSigmoid";
            default -> throw new Keras4jException("Layer '" + name + "' can't be exported to ONNX with activation '"
                    + activation + "': ONNX's RNN, LSTM and GRU take tanh, sigmoid, relu or hard_sigmoid.");
        };
    }

    /** @return the output of a ReLU, LeakyReLU or ELU layer, Keras's formula */
    private String elementwise(Layer layer, String x, String name) {
        String out = g.fresh(name);
        if (layer instanceof LeakyReLU leaky) {
            return g.node("LeakyRelu", List.of(x), out, attribute("alpha", (float) leaky.getNegativeSlope()));
        }
        if (layer instanceof ELU elu) {
            return g.node("Elu", List.of(x), out, attribute("alpha", (float) elu.getAlpha()));
        }
        ReLU relu = (ReLU) layer;
        Double max = relu.getMaxValue();
        if (max == null && relu.getNegativeSlope() == 0 && relu.getThreshold() == 0) {
            return g.node("Relu", List.of(x), out);
        }
        // x > threshold ? min(x, max_value) : negative_slope * (x - threshold)
        String threshold = scalar(name + "/threshold", (float) relu.getThreshold());
        String above = g.node("Greater", List.of(x, threshold), g.fresh(name + "/above"));
        String kept = max == null ? x : g.node("Min", List.of(x, scalar(name + "/max_value", max.floatValue())),
                g.fresh(name + "/kept"));
        String shifted = g.node("Sub", List.of(x, threshold), g.fresh(name + "/shifted"));
        String below = g.node("Mul", List.of(shifted, scalar(name + "/negative_slope",
                (float) relu.getNegativeSlope())), g.fresh(name + "/below"));
        return g.node("Where", List.of(above, kept, below), out);
    }

    /** @return the value's name before its activation: the layer's own when there is no activation */
    private String preActivation(String activation, String name, String op) {
        return g.fresh(activation.equals("linear") ? name : name + "/" + op);
    }

    /**
     * Applies one of keras4j's activations ({@code keras4j.internal.Activations}), as keras4j computes it.
     *
     * @param activation    the canonical name
     * @param x             the input value
     * @param name          the output's name (ignored for "linear")
     * @param channelsFirst whether an image value is NCHW (softmax then runs over axis 1, the channels)
     * @return the output value
     */
    private String activate(String activation, String x, String name, boolean channelsFirst) {
        if (activation.equals("linear")) {
            return x;
        }
        String out = g.fresh(name);
        switch (activation) {
            case "relu": return g.node("Relu", List.of(x), out);
            case "sigmoid": return g.node("Sigmoid", List.of(x), out);
            case "tanh": return g.node("Tanh", List.of(x), out);
            case "softplus": return g.node("Softplus", List.of(x), out);
            case "softsign": return g.node("Softsign", List.of(x), out);
            case "elu": return g.node("Elu", List.of(x), out, attribute("alpha", 1.0f));
            // DL4J's constants (ONNX's defaults, rounded to float).
            case "selu": return g.node("Selu", List.of(x), out, attribute("alpha", 1.6732632423543772f),
                    attribute("gamma", 1.0507009873554805f));
            case "leaky_relu": return g.node("LeakyRelu", List.of(x), out, attribute("alpha", 0.2f));
            case "hard_sigmoid": return g.node("HardSigmoid", List.of(x), out, attribute("alpha", 0.2f),
                    attribute("beta", 0.5f));
            case "relu6": return g.node("Clip", List.of(x, scalar(name + "/zero", 0), scalar(name + "/six", 6)), out);
            case "swish", "silu":
                return g.node("Mul", List.of(x, g.node("Sigmoid", List.of(x), g.fresh(name + "/sigmoid"))), out);
            case "gelu": return gelu(x, name, out);
            case "softmax":
                // Over the last axis, as Keras and keras4j: the channels of an NCHW image are axis 1.
                return g.node("Softmax", List.of(x), out, attribute("axis", channelsFirst ? 1L : -1L));
            default:
                throw new Keras4jException("Activation '" + activation + "' can't be exported to ONNX: keras4j's ONNX "
                        + "export has no form for it yet.");
        }
    }

    /** keras4j's gelu, Keras's exact form: {@code 0.5 x (1 + erf(x / sqrt(2)))}. */
    private String gelu(String x, String name, String out) {
        String scaled = g.node("Mul", List.of(x, scalar(name + "/inv_sqrt_2", (float) (1 / Math.sqrt(2)))),
                g.fresh(name + "/scaled"));
        String erf = g.node("Erf", List.of(scaled), g.fresh(name + "/erf"));
        String onePlus = g.node("Add", List.of(erf, scalar(name + "/one", 1)), g.fresh(name + "/one_plus"));
        String half = g.node("Mul", List.of(x, scalar(name + "/half", 0.5f)), g.fresh(name + "/half_x"));
        return g.node("Mul", List.of(half, onePlus), out);
    }

    private String scalar(String name, float value) {
        return g.constant(name, new long[0], value);
    }

    /** @return the tensor's value in keras4j's layout (channels-last for images) */
    private String last(KerasTensor t) {
        Value v = values.get(t);
        if (v.last == null) {
            v.last = g.node("Transpose", List.of(v.first), g.fresh(v.name), attribute("perm", TO_CHANNELS_LAST));
        }
        return v.last;
    }

    /** @return an image tensor's value channels-first */
    private String first(KerasTensor t) {
        Value v = values.get(t);
        if (v.first == null) {
            v.first = g.node("Transpose", List.of(v.last), g.fresh(v.name + "/nchw"),
                    attribute("perm", TO_CHANNELS_FIRST));
        }
        return v.first;
    }

    /**
     * @return ONNX's pads {top, left, bottom, right}: none for "valid"; for "same", Keras's (and
     *         DL4J's) split of the padding that keeps ceil(size / stride) outputs, the odd one at the end
     */
    static int[] pads(int[] inputShape, int[] window, int[] strides, String padding) {
        int[] pads = new int[4];
        if (padding.equals("same")) {
            for (int axis = 0; axis < 2; axis++) {
                int out = (inputShape[axis] + strides[axis] - 1) / strides[axis];
                int total = Math.max((out - 1) * strides[axis] + window[axis] - inputShape[axis], 0);
                pads[axis] = total / 2;
                pads[axis + 2] = total - total / 2;
            }
        }
        return pads;
    }
}
