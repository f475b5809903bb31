package keras4j.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import keras4j.Arrays2;
import keras4j.Functional;
import keras4j.Keras4jException;
import keras4j.Model;
import keras4j.Sequential;
import keras4j.graph.KerasTensor;
import keras4j.graph.LayerGraph;
import keras4j.graph.Node;
import keras4j.internal.Activations;
import keras4j.layers.Activation;
import keras4j.layers.Add;
import keras4j.layers.Average;
import keras4j.layers.AveragePooling1D;
import keras4j.layers.AveragePooling2D;
import keras4j.layers.BatchNormalization;
import keras4j.layers.CenterCrop;
import keras4j.layers.Concatenate;
import keras4j.layers.Conv1D;
import keras4j.layers.Conv2D;
import keras4j.layers.Cropping1D;
import keras4j.layers.Cropping2D;
import keras4j.layers.Dense;
import keras4j.layers.Dropout;
import keras4j.layers.ELU;
import keras4j.layers.Flatten;
import keras4j.layers.GlobalAveragePooling1D;
import keras4j.layers.GlobalAveragePooling2D;
import keras4j.layers.GlobalMaxPooling1D;
import keras4j.layers.GlobalMaxPooling2D;
import keras4j.layers.Input;
import keras4j.layers.Layer;
import keras4j.layers.LayerNormalization;
import keras4j.layers.Rescaling;
import keras4j.layers.Resizing;
import keras4j.layers.LeakyReLU;
import keras4j.layers.MaxPooling1D;
import keras4j.layers.Normalization;
import keras4j.layers.MaxPooling2D;
import keras4j.layers.Maximum;
import keras4j.layers.Minimum;
import keras4j.layers.Multiply;
import keras4j.layers.PReLU;
import keras4j.layers.Permute;
import keras4j.layers.ReLU;
import keras4j.layers.RepeatVector;
import keras4j.layers.Reshape;
import keras4j.layers.Softmax;
import keras4j.layers.Subtract;
import keras4j.layers.UpSampling1D;
import keras4j.layers.UpSampling2D;
import keras4j.layers.ZeroPadding1D;
import keras4j.layers.ZeroPadding2D;
import onnx.Onnx;

/**
 * Exported ONNX files, run in ONNX Runtime, compute what keras4j's {@code predict} computes (to
 * 1e-5 in float32), for models covering every layer and activation keras4j has, weights set to
 * non-trivial values (BatchNormalization's moving statistics included), and for a model Keras wrote.
 */
class OnnxExportTest {
    private static final double TOLERANCE = 1e-5;
    private static OrtEnvironment ort;

    @TempDir
    Path temp;

    @BeforeAll
    static void startOnnxRuntime() {
        ort = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "keras4j-test");
    }

    @AfterAll
    static void stopOnnxRuntime() {
        ort.close();
    }

    @Test
    void everyActivationOfDenseAndActivationLayersMatchesPredict() throws Exception {
        KerasTensor x = new Input(6).name("features").output();
        KerasTensor linear = new Dense(5).useBias(false).name("linear").apply(x);
        List<KerasTensor> outputs = new ArrayList<>();
        for (String activation : Activations.NAMES) {
            outputs.add(new Dense(5, activation).name("dense_" + activation).apply(x));
            outputs.add(new Activation(activation).name("activation_" + activation).apply(linear));
        }
        Model model = randomized(new Functional(List.of(x), outputs));
        assertMatches(model, "activations", Arrays2.random(1, 16, 6).mul(3));
    }

    @Test
    void aConvNetWithSamePaddingStridesAndBatchNormalizationMatchesPredict() throws Exception {
        Sequential model = Sequential.of(new Input(9, 8, 3).name("image"),
                new Conv2D(4, 3).padding("same").strides(2).activation("tanh"),
                new BatchNormalization().epsilon(1e-2),
                new MaxPooling2D(2).padding("same"),
                new Conv2D(5, 2).padding("same").activation("elu"),
                new Conv2D(3, new int[] {2, 3}).dilationRate(2, 1).padding("same"),
                new Conv2D(3, 2).dilationRate(2, 1),
                new AveragePooling2D(2).strides(1).padding("same"),
                new AveragePooling2D(new int[] {2, 1}).padding("same"),
                new Flatten(),
                new Dropout(0.4),
                new BatchNormalization(),
                new Dense(3, "softmax").name("probabilities"));
        randomized(model);
        Path file = assertMatches(model, "conv_same", Arrays2.random(2, 7, 9, 8, 3).mul(2));
        // Channels-first from the input's Transpose to the one before Flatten (which flattens in NHWC order).
        assertEquals(2, Onnx.ModelProto.parseFrom(Files.readAllBytes(file)).getGraph().getNodeList().stream()
                .filter(n -> n.getOpType().equals("Transpose")).count());
    }

    @Test
    void aConvNetWithValidPaddingUnevenStridesAndGlobalPoolingMatchesPredict() throws Exception {
        Sequential model = Sequential.of(new Input(11, 10, 2),
                new Conv2D(3, new int[] {3, 2}).strides(2, 1).activation("selu"),
                new MaxPooling2D(new int[] {2, 3}).strides(1, 2),
                new Conv2D(4, 3).padding("same").strides(2, 3).useBias(false).activation("swish"),
                new Activation("softmax"),
                new Conv2D(6, 1, "relu6"),
                new AveragePooling2D(2),
                new BatchNormalization().epsilon(0.1),
                new Conv2D(4, 1, "softmax"),
                new GlobalAveragePooling2D(),
                new Dense(2));
        randomized(model);
        assertMatches(model, "conv_valid", Arrays2.random(3, 5, 11, 10, 2).mul(2));
    }

    @Test
    void conv1dAndThe1dPoolsMatchPredict() throws Exception {
        KerasTensor x = new Input(13, 3).name("sequence").output();
        KerasTensor h = new Conv1D(4, 3, "tanh").padding("same").strides(2).apply(x);
        h = new MaxPooling1D(2).padding("same").apply(h);
        h = new Conv1D(5, 2).dilationRate(2).padding("same").useBias(false).apply(h);
        KerasTensor steps = new AveragePooling1D(3).strides(1).padding("same").name("steps").apply(
                new Conv1D(3, 2, "relu").apply(h));
        KerasTensor pooled = new Concatenate().apply(new GlobalMaxPooling1D().apply(h),
                new GlobalAveragePooling1D().apply(new AveragePooling1D(2).apply(h)));
        Model model = randomized(new Functional(List.of(x), List.of(steps, new Dense(2).name("scores").apply(pooled))));
        assertMatches(model, "conv1d", Arrays2.random(4, 5, 13, 3).mul(2));
    }

    @Test
    void transposedDepthwiseAndSeparableConvolutionsMatchPredict() throws Exception {
        Sequential model = Sequential.of(new Input(5, 5, 2),
                new keras4j.layers.DepthwiseConv2D(3).depthMultiplier(2).padding("same").activation("relu"),
                new keras4j.layers.SeparableConv2D(3, new int[] {3, 2}).strides(2).padding("same").activation("tanh"),
                new keras4j.layers.Conv2DTranspose(2, 3).strides(2).padding("same"),
                new keras4j.layers.SeparableConv2D(2, 2).useBias(false).dilationRate(2),
                new keras4j.layers.Conv2DTranspose(3, new int[] {3, 2}).strides(2, 1).activation("sigmoid"),
                new keras4j.layers.DepthwiseConv2D(2).strides(2).useBias(false));
        randomized(model);
        assertMatches(model, "transposed_depthwise_separable", Arrays2.random(7, 3, 5, 5, 2).mul(2));
    }

    @Test
    void convolutionsAfterCroppingAndSeparableConvolutionsMatchPredict() throws Exception {
        // DL4J's cropping and separable layers return strided views; the native convolutions after them need copies.
        Sequential model = Sequential.of(new Input(6, 5, 2), new Cropping2D(new int[] {1, 0, 1, 0}),
                new Conv2D(3, 2).padding("same"), new Cropping2D(new int[] {0, 1, 0, 1}),
                new keras4j.layers.Conv2DTranspose(2, 2), new keras4j.layers.SeparableConv2D(3, 2),
                new keras4j.layers.DepthwiseConv2D(2), new keras4j.layers.SeparableConv2D(2, 2),
                new keras4j.layers.Conv2DTranspose(2, 2).strides(2), new Cropping2D(new int[] {1, 0}),
                new keras4j.layers.DepthwiseConv2D(2));
        randomized(model);
        assertMatches(model, "after_views", Arrays2.random(8, 3, 6, 5, 2).mul(2));
    }

    @Test
    void bilinearUpSamplingMatchesPredict() throws Exception {
        Sequential model = Sequential.of(new Input(3, 4, 2), new UpSampling2D(2, 3).interpolation("bilinear"),
                new Conv2D(2, 3), new UpSampling2D(3).interpolation("bilinear"));
        randomized(model);
        assertMatches(model, "bilinear", Arrays2.random(10, 3, 3, 4, 2).mul(2));
    }

    @Test
    void causalConv1dMatchesPredict() throws Exception {
        Sequential model = Sequential.of(new Input(9, 2), new Conv1D(3, 3, "relu").padding("causal"),
                new Conv1D(2, 2).padding("causal").dilationRate(3), new Conv1D(2, 3).padding("causal").strides(2));
        randomized(model);
        assertMatches(model, "causal", Arrays2.random(9, 3, 9, 2).mul(2));
    }

    @Test
    void upSamplingZeroPaddingAndCroppingMatchPredict() throws Exception {
        Sequential model = Sequential.of(new Input(5, 4, 2), new ZeroPadding2D(new int[] {1, 0, 2, 1}),
                new Conv2D(3, 2).padding("same"), new Cropping2D(new int[] {0, 1, 2, 1}), new UpSampling2D(2, 3),
                new Conv2D(2, 3), new Reshape(-1, 2), new ZeroPadding1D(1, 2), new Cropping1D(2, 1),
                new UpSampling1D(3), new Conv1D(2, 2).name("steps"));
        randomized(model);
        assertMatches(model, "reshaping", Arrays2.random(6, 3, 5, 4, 2).mul(2));
    }

    @Test
    void aFunctionalModelWithSeveralInputsOutputsMergesAndANestedModelMatchesPredict() throws Exception {
        KerasTensor image = new Input(8, 8, 2).name("image").output();
        KerasTensor side = new Input(5).name("side").output();
        KerasTensor a = new Conv2D(4, 3).padding("same").activation("relu").name("a").apply(image);
        KerasTensor b = new Conv2D(4, 3).padding("same").activation("hard_sigmoid").name("b").apply(image);
        KerasTensor c = new Conv2D(4, 1).name("c").apply(image);
        KerasTensor imageTwice = new Concatenate().apply(image, image);   // 4 channels, channels-last
        KerasTensor sum = new Add().apply(a, b, c);                       // three channels-first inputs
        KerasTensor mixed = new Subtract().apply(sum, new Conv2D(4, 1).apply(imageTwice));
        KerasTensor gated = new Multiply().apply(mixed,
                new Activation("sigmoid").apply(new Conv2D(4, 1).apply(image)), imageTwice);
        KerasTensor lo = new Minimum().apply(gated, a, b);
        KerasTensor hi = new Maximum().apply(gated, c);
        KerasTensor channels = new Concatenate(3).apply(new Average().apply(lo, hi), new BatchNormalization().apply(c));
        KerasTensor pooled = new GlobalAveragePooling2D().apply(new MaxPooling2D(2).apply(channels));

        Sequential head = Sequential.of(new Input(5), new Dense(6, "gelu"), new BatchNormalization(),
                new Dense(4, "leaky_relu"));
        head.setName("head");
        KerasTensor sideFeatures = head.apply(side);
        KerasTensor joined = new Concatenate(-1).apply(pooled, sideFeatures, new Flatten().apply(side));
        KerasTensor score = new Dense(1, "sigmoid").name("score").apply(joined);
        KerasTensor classes = new Dense(3, "softmax").name("classes").apply(new Dropout(0.5).apply(joined));
        KerasTensor map = new Conv2D(2, 3, "tanh").name("map").apply(channels);
        Model model = randomized(new Functional(List.of(image, side), List.of(score, classes, map, sideFeatures)));

        assertMatches(model, "functional", Arrays2.random(4, 6, 8, 8, 2).mul(2), Arrays2.random(5, 6, 5).mul(2));
    }

    @Test
    void aSampleOfAnotherRankIsSoftmaxedOverItsLastAxisAndFlattenedAsPredictDoes() throws Exception {
        KerasTensor table = new Input(4, 5).name("table").output();
        KerasTensor soft = new Activation("softmax").name("soft").apply(table);
        KerasTensor out = new Dense(3, "softsign").apply(new Flatten().apply(soft));
        Model model = randomized(new Functional(List.of(table), List.of(soft, out)));
        assertMatches(model, "rank2", Arrays2.random(6, 3, 4, 5).mul(3));
    }

    @Test
    void theActivationLayersGlobalMaxPoolingAndShapeLayersMatchPredict() throws Exception {
        KerasTensor image = new Input(6, 6, 2).name("image").output();
        KerasTensor features = new Input(5).name("features").output();
        KerasTensor table = new Input(4, 5).name("table").output();
        KerasTensor conv = new Conv2D(3, 3, "linear").apply(image);   // channels-first in ONNX
        KerasTensor relu = new ReLU(0.8, 0.1, 0.2).apply(new PReLU().sharedAxes(1, 2).apply(conv));
        KerasTensor onChannelsFirst = new ELU(0.7).apply(new ReLU(6.0, 0, 0).apply(new Conv2D(2, 1).apply(image)));
        KerasTensor soft = new Softmax(1).name("soft_rows").apply(new ELU(0.7).apply(relu));
        KerasTensor pooled = new GlobalMaxPooling2D().name("pooled").apply(new Softmax().apply(conv));
        KerasTensor pooledFirst = new GlobalMaxPooling2D().name("pooled_first").apply(onChannelsFirst);
        KerasTensor dense = new Dense(4).apply(features);
        KerasTensor vector = new Softmax().name("classes").apply(new ReLU(null, 0.3, 0).apply(new ReLU().apply(
                new LeakyReLU(0.2).apply(new PReLU().apply(dense)))));
        KerasTensor columns = new Softmax(-2).name("columns").apply(new ReLU(1.0, 0.5, 0.1).apply(table));
        KerasTensor tableImage = new Conv2D(2, 1).apply(new Reshape(2, 5, 2).apply(table));   // channels-first
        KerasTensor reshaped = new Reshape(-1).name("reshaped").apply(new Reshape(5, 4).apply(tableImage));
        KerasTensor imageRows = new Reshape(8, 6).name("image_rows").apply(conv);
        KerasTensor permuted = new Permute(2, 1).name("permuted").apply(imageRows);
        KerasTensor channelsFirst = new Permute(3, 1, 2).name("channels_first").apply(tableImage);
        Model model = randomized(new Functional(List.of(image, features, table), List.of(soft, pooled, pooledFirst,
                vector, columns, new ELU().name("elu_vector").apply(dense), reshaped, imageRows, permuted,
                channelsFirst, new RepeatVector(3).name("repeated").apply(dense))));
        assertMatches(model, "activation_layers", Arrays2.random(11, 5, 6, 6, 2).mul(2),
                Arrays2.random(12, 5, 5).mul(3), Arrays2.random(13, 5, 4, 5).mul(2));
    }

    @Test
    void recurrentLayersBecomeOnnxRnnAndLstmInKerasGateOrder() throws Exception {
        KerasTensor seq = new Input(6, 3).name("seq").output();
        KerasTensor all = new keras4j.layers.LSTM(5).returnSequences(true).name("lstm_seq").apply(seq);
        KerasTensor hard = new keras4j.layers.LSTM(4).recurrentActivation("hard_sigmoid").name("lstm_last").apply(all);
        KerasTensor rnn = new keras4j.layers.SimpleRNN(3).returnSequences(true).name("rnn_seq").apply(seq);
        KerasTensor last = new keras4j.layers.SimpleRNN(2).activation("relu").name("rnn_last").apply(rnn);
        Model model = randomized(new Functional(List.of(seq), List.of(all, hard, rnn, last)));
        assertMatches(model, "recurrent", Arrays2.random(14, 4, 6, 3).mul(2));
        KerasTensor ids = new Input(5).name("ids").output();
        KerasTensor vectors = new keras4j.layers.Embedding(7, 3).name("vectors").apply(ids);
        Model text = randomized(new Functional(List.of(ids), List.of(vectors,
                new keras4j.layers.LSTM(2).name("lstm").apply(vectors))));
        assertMatches(text, "embedding", org.nd4j.linalg.factory.Nd4j.createFromArray(new float[][] {
                {0, 6, 2, 2, 5}, {1, 3, 0, 4, 6}}));
    }

    /** Keras's return_state and initial_state: ONNX's Y_h and Y_c, and initial_h and initial_c; go_backwards. */
    @Test
    void recurrentStatesBecomeOnnxFinalAndInitialStates() throws Exception {
        KerasTensor source = new Input(5, 3).name("source").output();
        KerasTensor target = new Input(4, 2).name("target").output();
        List<KerasTensor> encoder = new keras4j.layers.LSTM(3).returnState(true).name("encoder").applyAll(source);
        List<KerasTensor> decoder = new keras4j.layers.LSTM(3).returnSequences(true).returnState(true)
                .name("decoder").applyAll(target, encoder.get(1), encoder.get(2));
        List<KerasTensor> gru = new keras4j.layers.GRU(3).returnState(true).goBackwards(true).name("gru")
                .applyAll(target, decoder.get(1));
        List<KerasTensor> rnn = new keras4j.layers.SimpleRNN(3).returnState(true).recurrentDropout(0.3).name("rnn")
                .applyAll(target, gru.get(1));
        Model model = randomized(new Functional(List.of(source, target), List.of(decoder.get(0), encoder.get(2),
                gru.get(1), new Dense(2).name("head").apply(gru.get(0)), rnn.get(1))));
        Path file = assertMatches(model, "states", Arrays2.random(16, 4, 5, 3), Arrays2.random(17, 4, 4, 2));
        try (OrtSession session = ort.createSession(file.toString(), options())) {
            assertEquals(List.of("decoder", "encoder/state_c", "gru/state_h", "head", "rnn/state_h"),
                    List.copyOf(session.getOutputNames()), "a state output is named after its layer and state");
        }
    }

    @Test
    void layersActiveOnlyInTrainingExportAsTheIdentityOfInference() throws Exception {
        Sequential model = Sequential.of(new Input(5, 4, 2), new keras4j.layers.RandomFlip(),
                new keras4j.layers.RandomRotation(0.1), new keras4j.layers.RandomTranslation(0.1, 0.2),
                new keras4j.layers.RandomZoom(0.1), new keras4j.layers.RandomContrast(0.2),
                new keras4j.layers.GaussianNoise(0.2),
                new keras4j.layers.SpatialDropout2D(0.3), new Conv2D(3, 2), new Reshape(-1, 3),
                new keras4j.layers.SpatialDropout1D(0.2), new Flatten(), new keras4j.layers.GaussianDropout(0.4),
                new Dense(2).name("scores"));
        randomized(model);
        assertMatches(model, "random_layers", Arrays2.random(15, 3, 5, 4, 2));
    }

    @Test
    void gruBecomesOnnxGruWithLinearBeforeResetForResetAfter() throws Exception {
        KerasTensor seq = new Input(6, 3).name("seq").output();
        KerasTensor after = new keras4j.layers.GRU(4).returnSequences(true).name("gru_after").apply(seq);
        KerasTensor before = new keras4j.layers.GRU(3).resetAfter(false).name("gru_before").apply(after);
        KerasTensor plain = new keras4j.layers.GRU(2).useBias(false).recurrentActivation("hard_sigmoid")
                .name("gru_no_bias").apply(seq);
        Model model = randomized(new Functional(List.of(seq), List.of(after, before, plain)));
        assertMatches(model, "gru", Arrays2.random(15, 4, 6, 3).mul(2));
    }

    @Test
    void bidirectionalBecomesABidirectionalOnnxOperatorInEveryMergeModeAndTimeDistributedAMatMul() throws Exception {
        KerasTensor seq = new Input(5, 3).name("seq").output();
        KerasTensor concat = new keras4j.layers.Bidirectional(new keras4j.layers.LSTM(3).returnSequences(true))
                .name("bi_concat").apply(seq);
        KerasTensor sum = new keras4j.layers.Bidirectional(new keras4j.layers.GRU(2), "sum").name("bi_sum")
                .apply(concat);
        KerasTensor mul = new keras4j.layers.Bidirectional(new keras4j.layers.SimpleRNN(2).returnSequences(true),
                "mul").name("bi_mul").apply(seq);
        KerasTensor ave = new keras4j.layers.Bidirectional(new keras4j.layers.GRU(2).resetAfter(false), "ave")
                .name("bi_ave").apply(seq);
        KerasTensor last = new keras4j.layers.Bidirectional(new keras4j.layers.LSTM(2)).name("bi_last").apply(seq);
        KerasTensor steps = new keras4j.layers.TimeDistributed(new Dense(3, "softmax")).name("steps").apply(mul);
        KerasTensor linear = new keras4j.layers.TimeDistributed(new Dense(2).useBias(false)).name("linear")
                .apply(seq);
        Model model = randomized(new Functional(List.of(seq), List.of(concat, sum, mul, ave, last, steps, linear)));
        assertMatches(model, "bidirectional", Arrays2.random(16, 4, 5, 3).mul(2));
    }

    @Test
    void aKerasFileWithConvolutionsAndBatchNormalizationExportsWhatItPredicts() throws Exception {
        Path h5 = temp.resolve("cnn_batch_norm.h5");
        try (InputStream in = OnnxExportTest.class.getResourceAsStream("/keras4j/keras/cnn_batch_norm.h5")) {
            Files.copy(in, h5);
        }
        Path npy = temp.resolve("input.npy");
        try (InputStream in = OnnxExportTest.class.getResourceAsStream("/keras4j/keras/cnn_batch_norm_input.npy")) {
            Files.copy(in, npy);
        }
        Model model = Model.load(h5);
        INDArray input = Nd4j.createFromNpyFile(npy.toFile()).castTo(DataType.FLOAT);
        assertMatches(model, "keras_cnn_batch_norm", input);
    }

    @Test
    void theFileHasTheModelsNamesADynamicBatchAndOpset17() throws Exception {
        KerasTensor x = new Input(3).name("pixels").output();
        Model model = new Functional(x, new Dense(2, "relu").name("logits").apply(x));
        Path file = temp.resolve("named.onnx");
        model.export(file, "ONNX");
        Onnx.ModelProto proto = Onnx.ModelProto.parseFrom(Files.readAllBytes(file));
        assertEquals(OnnxExport.OPSET, proto.getOpsetImport(0).getVersion());
        assertEquals("keras4j", proto.getProducerName());
        Onnx.TensorShapeProto shape = proto.getGraph().getInput(0).getType().getTensorType().getShape();
        assertEquals("batch", shape.getDim(0).getDimParam());
        assertEquals(3, shape.getDim(1).getDimValue());
        try (OrtSession session = ort.createSession(file.toString(), options())) {
            assertEquals(List.of("pixels"), List.copyOf(session.getInputNames()));
            assertEquals(List.of("logits"), List.copyOf(session.getOutputNames()));
            assertArrayEquals(new long[] {-1, 2},
                    ((TensorInfo) session.getOutputInfo().get("logits").getInfo()).getShape());
        }
        for (int batch : new int[] {1, 9}) {
            assertMatches(model, "batch_" + batch, Arrays2.random(batch, batch, 3));
        }
    }

    @Test
    void anotherFormatOrAnUnwritablePathIsRefusedInOneMessage() throws Exception {
        Model model = Sequential.of(new Input(2), new Dense(1));
        Path file = temp.resolve("model.saved");
        Keras4jException format = assertThrows(Keras4jException.class, () -> model.export(file, "tf_saved_model"));
        assertTrue(format.getMessage().contains("'tf_saved_model'") && format.getMessage().contains("onnx"),
                format.getMessage());
        assertFalse(Files.exists(file));
        Path notAFolder = temp.resolve("file");
        Files.writeString(notAFolder, "x");
        Keras4jException unwritable = assertThrows(Keras4jException.class,
                () -> model.export(notAFolder.resolve("model.onnx"), "onnx"));
        assertTrue(unwritable.getMessage().startsWith("Could not export the model to "), unwritable.getMessage());
        Path existing = temp.resolve("old.onnx");
        Files.writeString(existing, "old");
        model.export(existing, "onnx");
        assertEquals(OnnxExport.OPSET, Onnx.ModelProto.parseFrom(Files.readAllBytes(existing)).getOpsetImport(0)
                .getVersion());
    }

    @Test
    void layerNormalizationRescalingAndNormalizationMatchPredict() throws Exception {
        KerasTensor image = new Input(4, 3, 2).name("image").output();
        KerasTensor conv = new Conv2D(2, 1).apply(image);   // channels-first in ONNX
        KerasTensor whole = new LayerNormalization(1, 2, 3).name("whole").apply(new Rescaling(0.5, 1).apply(conv));
        KerasTensor height = new LayerNormalization(1).epsilon(0.1).name("height").apply(image);
        KerasTensor rows = new LayerNormalization(2, 3).center(false).name("rows").apply(image);
        KerasTensor features = new Input(5).name("features").output();
        KerasTensor vector = new LayerNormalization().scale(false).name("vector").apply(features);
        KerasTensor rescaled = new Rescaling(2, -0.5).name("rescaled").apply(features);
        Normalization adapted = new Normalization(1, 2).name("adapted");
        KerasTensor normalized = adapted.apply(image);
        KerasTensor given = new Normalization().meanAndVariance(new double[] {1, -2, 0, 3, 0.5},
                new double[] {4, 1, 0.25, 0, 9}).name("given").apply(features);
        KerasTensor inverted = new Normalization(new int[0]).meanAndVariance(new double[] {2}, new double[] {9})
                .invert(true).name("inverted").apply(conv);
        KerasTensor plain = new LayerNormalization().scale(false).center(false).name("plain").apply(features);
        Model model = randomized(new Functional(List.of(image, features), List.of(whole, height, rows, vector,
                plain, rescaled, normalized, given, inverted)));
        adapted.adapt(Arrays2.random(23, 7, 4, 3, 2).mul(5));   // after randomized: a variance is never negative
        assertMatches(model, "layer_normalization", Arrays2.random(21, 5, 4, 3, 2).mul(2),
                Arrays2.random(22, 5, 5).mul(3));
    }

    @Test
    void resizingAndCenterCropMatchPredict() throws Exception {
        KerasTensor image = new Input(5, 7, 2).name("image").output();
        KerasTensor conv = new Conv2D(2, 1).apply(image);   // channels-first in ONNX
        List<KerasTensor> outputs = new ArrayList<>();
        outputs.add(new Resizing(3, 4).name("down").apply(conv));
        outputs.add(new Resizing(8, 9).name("up").apply(image));
        outputs.add(new Resizing(4, 4).cropToAspectRatio(true).name("cropped").apply(image));
        outputs.add(new Resizing(3, 10, "nearest").name("nearest").apply(image));
        outputs.add(new Resizing(2, 3, "nearest").cropToAspectRatio(true).name("nearest_cropped").apply(image));
        outputs.add(new CenterCrop(3, 4).name("center").apply(conv));
        outputs.add(new CenterCrop(6, 4).name("center_resized").apply(image));
        Model model = randomized(new Functional(List.of(image), outputs));
        assertMatches(model, "resizing", Arrays2.random(24, 3, 5, 7, 2).mul(4));
    }

    // ------------------------------------------------------------------------------------ helpers

    /** Sets every weight to seeded values: kernels and biases around 0, BatchNormalization's statistics off 0 / 1. */
    private static Model randomized(Model model) {
        randomize(model.getGraph(), new Random(42));
        return model;
    }

    private static void randomize(LayerGraph graph, Random random) {
        for (Node node : graph.getNodes()) {
            if (node.getModel() != null) {
                randomize(node.getModel().getGraph(), random);
                continue;
            }
            Layer layer = node.getLayer();
            List<INDArray> weights = layer.getWeights();
            List<INDArray> values = new ArrayList<>();
            for (int i = 0; i < weights.size(); i++) {
                boolean positive = layer instanceof BatchNormalization && (i == 0 || i == 3);
                float[] v = new float[(int) weights.get(i).length()];
                for (int j = 0; j < v.length; j++) {
                    v[j] = positive ? 0.5f + 1.5f * random.nextFloat() : random.nextFloat() - 0.5f;
                }
                values.add(Nd4j.createFromArray(v).reshape(weights.get(i).shape()));
            }
            layer.setWeights(values);
        }
    }

    private static OrtSession.SessionOptions options() throws Exception {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(1);
        options.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
        return options;
    }

    /**
     * Exports the model, runs the file in ONNX Runtime on {@code xs} and asserts every output equals
     * {@code predict}'s to 1e-5.
     *
     * @return the file
     */
    private Path assertMatches(Model model, String name, INDArray... xs) throws Exception {
        Path file = temp.resolve(name + ".onnx");
        model.export(file, "onnx");
        Map<String, OnnxTensor> inputs = new LinkedHashMap<>();
        try (OrtSession session = ort.createSession(file.toString(), options())) {
            assertEquals(model.getInputNames(), List.copyOf(session.getInputNames()));
            List<String> names = new ArrayList<>(model.getOutputNames());
            List<KerasTensor> outputs = model.getGraph().getOutputTensors();
            for (int i = 0; i < names.size(); i++) {
                int k = outputs.get(i).getIndex();
                names.set(i, k == 0 ? names.get(i) : names.get(i) + (k == 1 ? "/state_h" : "/state_c"));
            }
            assertEquals(names, List.copyOf(session.getOutputNames()));
            for (int i = 0; i < xs.length; i++) {
                INDArray x = xs[i].castTo(DataType.FLOAT).dup('c');
                inputs.put(model.getInputNames().get(i), OnnxTensor.createTensor(ort,
                        FloatBuffer.wrap(x.reshape(x.length()).toFloatVector()), x.shape()));
            }
            List<INDArray> expected = model.predict(List.of(xs), 256);
            double worst = 0;
            try (OrtSession.Result result = session.run(inputs)) {
                for (int i = 0; i < expected.size(); i++) {
                    OnnxTensor out = (OnnxTensor) result.get(i);
                    INDArray want = expected.get(i).castTo(DataType.FLOAT).dup('c');
                    assertArrayEquals(want.shape(), out.getInfo().getShape(), name + " output " + i + " shape");
                    float[] got = new float[(int) want.length()];
                    out.getFloatBuffer().get(got);
                    float[] w = want.reshape(want.length()).toFloatVector();
                    double diff = 0;
                    for (int j = 0; j < w.length; j++) {
                        diff = Math.max(diff, Math.abs(w[j] - got[j]));
                    }
                    assertTrue(diff <= TOLERANCE, name + " output '" + model.getOutputNames().get(i)
                            + "' differs from predict by " + diff);
                    worst = Math.max(worst, diff);
                }
            }
            if (System.getenv("KERAS4J_ONNX_DIFFS") != null) {
                System.out.println("max |onnx - predict| of " + name + ": " + worst);
            }
        } finally {
            for (OnnxTensor t : inputs.values()) {
                t.close();
            }
        }
        return file;
    }
}
