package keras4j.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;

import keras4j.Arrays2;
import keras4j.FitOptions;
import keras4j.Sequential;
import keras4j.utils.GradientCheck;

/**
 * The shared layer harness: for every layer, its output shape and parameter count (Keras's
 * figures), its config round trip, a save/load round trip of a model holding it, and a
 * double-precision gradient check of that model.
 */
class LayerHarnessTest {
    @TempDir
    Path temp;

    static Stream<Arguments> layers() {
        return Stream.of(
                // layer, input shape, Keras output shape, Keras params, Keras non-trainable params
                Arguments.of("Dense", (Supplier<Layer>) () -> new Dense(3, "tanh"), new int[] {4}, new int[] {3}, 15, 0),
                Arguments.of("Dense no bias", (Supplier<Layer>) () -> new Dense(3).useBias(false), new int[] {4},
                        new int[] {3}, 12, 0),
                Arguments.of("Conv2D valid", (Supplier<Layer>) () -> new Conv2D(2, 3, "tanh"), new int[] {5, 5, 1},
                        new int[] {3, 3, 2}, 20, 0),
                Arguments.of("Conv2D same stride 2", (Supplier<Layer>) () -> new Conv2D(2, new int[] {3, 2})
                        .strides(2).padding("same").activation("sigmoid"), new int[] {5, 5, 3}, new int[] {3, 3, 2}, 38, 0),
                Arguments.of("Conv2D dilated", (Supplier<Layer>) () -> new Conv2D(2, 2, "tanh").dilationRate(2, 1)
                        .padding("same"), new int[] {5, 4, 2}, new int[] {5, 4, 2}, 18, 0),
                Arguments.of("Conv2D dilated valid", (Supplier<Layer>) () -> new Conv2D(2, 3).dilationRate(2),
                        new int[] {6, 5, 1}, new int[] {2, 1, 2}, 20, 0),
                Arguments.of("MaxPooling2D", (Supplier<Layer>) () -> new MaxPooling2D(2), new int[] {4, 4, 2},
                        new int[] {2, 2, 2}, 0, 0),
                Arguments.of("MaxPooling2D same", (Supplier<Layer>) () -> new MaxPooling2D(2).padding("same"),
                        new int[] {5, 5, 2}, new int[] {3, 3, 2}, 0, 0),
                Arguments.of("AveragePooling2D", (Supplier<Layer>) () -> new AveragePooling2D(2).strides(1),
                        new int[] {4, 4, 2}, new int[] {3, 3, 2}, 0, 0),
                Arguments.of("GlobalAveragePooling2D", (Supplier<Layer>) GlobalAveragePooling2D::new,
                        new int[] {4, 4, 3}, new int[] {3}, 0, 0),
                Arguments.of("Flatten", (Supplier<Layer>) Flatten::new, new int[] {2, 3, 4}, new int[] {24}, 0, 0),
                Arguments.of("Dropout", (Supplier<Layer>) () -> new Dropout(0.25), new int[] {6}, new int[] {6}, 0, 0),
                Arguments.of("BatchNormalization", (Supplier<Layer>) BatchNormalization::new, new int[] {6},
                        new int[] {6}, 24, 12),
                Arguments.of("BatchNormalization on images", (Supplier<Layer>) BatchNormalization::new,
                        new int[] {3, 3, 2}, new int[] {3, 3, 2}, 8, 4),
                Arguments.of("Activation", (Supplier<Layer>) () -> new Activation("tanh"), new int[] {5}, new int[] {5},
                        0, 0),
                Arguments.of("ReLU", (Supplier<Layer>) ReLU::new, new int[] {5}, new int[] {5}, 0, 0),
                Arguments.of("ReLU max slope threshold", (Supplier<Layer>) () -> new ReLU(0.7, 0.5, 0.2),
                        new int[] {6}, new int[] {6}, 0, 0),
                Arguments.of("ReLU6 slope", (Supplier<Layer>) () -> new ReLU(6.0, 0.1, 0), new int[] {3, 3, 2},
                        new int[] {3, 3, 2}, 0, 0),
                Arguments.of("LeakyReLU", (Supplier<Layer>) LeakyReLU::new, new int[] {5}, new int[] {5}, 0, 0),
                Arguments.of("ELU", (Supplier<Layer>) () -> new ELU(0.7), new int[] {3, 3, 2}, new int[] {3, 3, 2},
                        0, 0),
                Arguments.of("Softmax", (Supplier<Layer>) Softmax::new, new int[] {5}, new int[] {5}, 0, 0),
                Arguments.of("Softmax over height", (Supplier<Layer>) () -> new Softmax(1), new int[] {3, 4, 2},
                        new int[] {3, 4, 2}, 0, 0),
                Arguments.of("PReLU", (Supplier<Layer>) () -> new PReLU().alphaInitializer("ones"), new int[] {6},
                        new int[] {6}, 6, 0),
                Arguments.of("PReLU shared over space", (Supplier<Layer>) () -> new PReLU().sharedAxes(1, 2)
                        .alphaInitializer("ones"), new int[] {3, 4, 2}, new int[] {3, 4, 2}, 2, 0),
                Arguments.of("GlobalMaxPooling2D", (Supplier<Layer>) GlobalMaxPooling2D::new,
                        new int[] {4, 4, 3}, new int[] {3}, 0, 0),
                Arguments.of("Reshape vector to image", (Supplier<Layer>) () -> new Reshape(2, -1, 3), new int[] {12},
                        new int[] {2, 2, 3}, 0, 0),
                Arguments.of("Reshape image to vector", (Supplier<Layer>) () -> new Reshape(-1), new int[] {2, 3, 2},
                        new int[] {12}, 0, 0),
                Arguments.of("Reshape image to image", (Supplier<Layer>) () -> new Reshape(3, 2, 2),
                        new int[] {2, 3, 2}, new int[] {3, 2, 2}, 0, 0),
                Arguments.of("Reshape table to image", (Supplier<Layer>) () -> new Reshape(2, 3, 2), new int[] {4, 3},
                        new int[] {2, 3, 2}, 0, 0),
                Arguments.of("Permute height and width", (Supplier<Layer>) () -> new Permute(2, 1, 3),
                        new int[] {3, 4, 2}, new int[] {4, 3, 2}, 0, 0),
                Arguments.of("Permute channels first", (Supplier<Layer>) () -> new Permute(3, 1, 2),
                        new int[] {3, 4, 2}, new int[] {2, 3, 4}, 0, 0),
                Arguments.of("Conv1D valid", (Supplier<Layer>) () -> new Conv1D(3, 2, "tanh"), new int[] {6, 2},
                        new int[] {5, 3}, 15, 0),
                Arguments.of("Conv1D same stride 2", (Supplier<Layer>) () -> new Conv1D(2, 3).strides(2)
                        .padding("same").activation("sigmoid"), new int[] {7, 3}, new int[] {4, 2}, 20, 0),
                Arguments.of("Conv1D dilated no bias", (Supplier<Layer>) () -> new Conv1D(2, 3).dilationRate(2)
                        .useBias(false), new int[] {8, 2}, new int[] {4, 2}, 12, 0),
                Arguments.of("Conv1D dilated same", (Supplier<Layer>) () -> new Conv1D(2, 2).dilationRate(3)
                        .padding("same"), new int[] {5, 2}, new int[] {5, 2}, 10, 0),
                Arguments.of("MaxPooling1D", (Supplier<Layer>) MaxPooling1D::new, new int[] {6, 2},
                        new int[] {3, 2}, 0, 0),
                Arguments.of("MaxPooling1D same", (Supplier<Layer>) () -> new MaxPooling1D(3).strides(2)
                        .padding("same"), new int[] {6, 2}, new int[] {3, 2}, 0, 0),
                Arguments.of("AveragePooling1D", (Supplier<Layer>) () -> new AveragePooling1D(3).strides(1),
                        new int[] {5, 2}, new int[] {3, 2}, 0, 0),
                Arguments.of("AveragePooling1D same", (Supplier<Layer>) () -> new AveragePooling1D(2)
                        .padding("same"), new int[] {5, 2}, new int[] {3, 2}, 0, 0),
                Arguments.of("GlobalMaxPooling1D", (Supplier<Layer>) GlobalMaxPooling1D::new, new int[] {5, 3},
                        new int[] {3}, 0, 0),
                Arguments.of("GlobalAveragePooling1D", (Supplier<Layer>) GlobalAveragePooling1D::new,
                        new int[] {5, 3}, new int[] {3}, 0, 0),
                Arguments.of("UpSampling2D", (Supplier<Layer>) () -> new UpSampling2D(2, 3), new int[] {2, 2, 2},
                        new int[] {4, 6, 2}, 0, 0),
                Arguments.of("ZeroPadding2D", (Supplier<Layer>) () -> new ZeroPadding2D(new int[] {1, 0, 2, 1}),
                        new int[] {2, 3, 2}, new int[] {3, 6, 2}, 0, 0),
                Arguments.of("Cropping2D", (Supplier<Layer>) () -> new Cropping2D(new int[] {1, 2}),
                        new int[] {4, 5, 2}, new int[] {2, 1, 2}, 0, 0),
                Arguments.of("UpSampling1D", (Supplier<Layer>) () -> new UpSampling1D(3), new int[] {3, 2},
                        new int[] {9, 2}, 0, 0),
                Arguments.of("ZeroPadding1D", (Supplier<Layer>) () -> new ZeroPadding1D(2, 1), new int[] {3, 2},
                        new int[] {6, 2}, 0, 0),
                Arguments.of("Cropping1D", (Supplier<Layer>) Cropping1D::new, new int[] {5, 2}, new int[] {3, 2},
                        0, 0),
                // random layers (active only in training)
                Arguments.of("SpatialDropout1D", (Supplier<Layer>) () -> new SpatialDropout1D(0.5), new int[] {4, 3},
                        new int[] {4, 3}, 0, 0),
                Arguments.of("SpatialDropout2D", (Supplier<Layer>) () -> new SpatialDropout2D(0.5).seed(3),
                        new int[] {3, 3, 2}, new int[] {3, 3, 2}, 0, 0),
                Arguments.of("GaussianNoise", (Supplier<Layer>) () -> new GaussianNoise(0.3), new int[] {5},
                        new int[] {5}, 0, 0),
                Arguments.of("GaussianDropout", (Supplier<Layer>) () -> new GaussianDropout(0.4), new int[] {3, 3, 2},
                        new int[] {3, 3, 2}, 0, 0),
                Arguments.of("RandomFlip", (Supplier<Layer>) RandomFlip::new, new int[] {3, 4, 2}, new int[] {3, 4, 2},
                        0, 0),
                Arguments.of("RandomRotation", (Supplier<Layer>) () -> new RandomRotation(0.2), new int[] {4, 4, 2},
                        new int[] {4, 4, 2}, 0, 0),
                Arguments.of("RandomTranslation", (Supplier<Layer>) () -> new RandomTranslation(0.3, 0.2)
                        .fillMode("wrap"), new int[] {4, 3, 2}, new int[] {4, 3, 2}, 0, 0),
                Arguments.of("RandomZoom", (Supplier<Layer>) () -> new RandomZoom(0.3).interpolation("nearest"),
                        new int[] {4, 4, 1}, new int[] {4, 4, 1}, 0, 0),
                Arguments.of("RandomContrast", (Supplier<Layer>) () -> new RandomContrast(0.5, 0.5),
                        new int[] {3, 3, 2}, new int[] {3, 3, 2}, 0, 0),
                // convolutions (issue 13)
                Arguments.of("Conv2DTranspose valid", (Supplier<Layer>) () -> new Conv2DTranspose(2, 3, "tanh"),
                        new int[] {2, 3, 2}, new int[] {4, 5, 2}, 38, 0),
                Arguments.of("Conv2DTranspose same stride 2", (Supplier<Layer>) () -> new Conv2DTranspose(3,
                        new int[] {3, 2}).strides(2).padding("same").kernelInitializer("he_uniform"),
                        new int[] {2, 2, 2}, new int[] {4, 4, 3}, 39, 0),
                Arguments.of("Conv2DTranspose no bias", (Supplier<Layer>) () -> new Conv2DTranspose(2, 2)
                        .strides(2).useBias(false), new int[] {2, 2, 1}, new int[] {4, 4, 2}, 8, 0),
                Arguments.of("DepthwiseConv2D", (Supplier<Layer>) () -> new DepthwiseConv2D(2).depthMultiplier(2)
                        .activation("tanh"), new int[] {3, 3, 2}, new int[] {2, 2, 4}, 20, 0),
                Arguments.of("DepthwiseConv2D same stride 2", (Supplier<Layer>) () -> new DepthwiseConv2D(
                        new int[] {3, 2}).strides(2).padding("same").kernelInitializer("he_normal")
                        .kernelConstraint("max_norm"), new int[] {4, 3, 2}, new int[] {2, 2, 2}, 14, 0),
                Arguments.of("SeparableConv2D", (Supplier<Layer>) () -> new SeparableConv2D(3, 2, "tanh"),
                        new int[] {3, 3, 2}, new int[] {2, 2, 3}, 17, 0),
                Arguments.of("SeparableConv2D same dilated", (Supplier<Layer>) () -> new SeparableConv2D(2, 2)
                        .depthMultiplier(2).dilationRate(2).padding("same").kernelRegularizer("l2"),
                        new int[] {4, 4, 2}, new int[] {4, 4, 2}, 26, 0),
                Arguments.of("Conv1D causal", (Supplier<Layer>) () -> new Conv1D(2, 3, "tanh").padding("causal"),
                        new int[] {5, 2}, new int[] {5, 2}, 14, 0),
                Arguments.of("Conv1D causal strided", (Supplier<Layer>) () -> new Conv1D(2, 2).padding("causal")
                        .strides(2), new int[] {5, 2}, new int[] {3, 2}, 10, 0),
                Arguments.of("UpSampling2D bilinear", (Supplier<Layer>) () -> new UpSampling2D(2, 3)
                        .interpolation("bilinear"), new int[] {2, 3, 2}, new int[] {4, 9, 2}, 0, 0),
                Arguments.of("DepthwiseConv2D bias penalty", (Supplier<Layer>) () -> new DepthwiseConv2D(2)
                        .biasRegularizer("l2"), new int[] {3, 3, 2}, new int[] {2, 2, 2}, 10, 0),
                // normalization and preprocessing layers
                Arguments.of("LayerNormalization", (Supplier<Layer>) () -> new LayerNormalization()
                        .gammaInitializer(keras4j.initializers.Initializer.randomUniform(0.5, 1.5).seed(3))
                        .betaInitializer(keras4j.initializers.Initializer.randomUniform(-0.5, 0.5).seed(4)),
                        new int[] {5}, new int[] {5}, 10, 0),
                Arguments.of("LayerNormalization on sequences", (Supplier<Layer>) () -> new LayerNormalization()
                        .epsilon(1e-2), new int[] {3, 4}, new int[] {3, 4}, 8, 0),
                Arguments.of("LayerNormalization over image, no beta", (Supplier<Layer>) () ->
                        new LayerNormalization(1, 2, 3).center(false), new int[] {2, 3, 2}, new int[] {2, 3, 2}, 12, 0),
                Arguments.of("LayerNormalization over height", (Supplier<Layer>) () -> new LayerNormalization(1)
                        .scale(false), new int[] {3, 2, 2}, new int[] {3, 2, 2}, 3, 0),
                Arguments.of("Rescaling", (Supplier<Layer>) () -> new Rescaling(0.5, -1), new int[] {4},
                        new int[] {4}, 0, 0),
                Arguments.of("Rescaling on images", (Supplier<Layer>) () -> new Rescaling(1.0 / 255),
                        new int[] {3, 3, 2}, new int[] {3, 3, 2}, 0, 0),
                Arguments.of("Normalization", (Supplier<Layer>) Normalization::new, new int[] {4}, new int[] {4},
                        9, 9),
                Arguments.of("Normalization given, inverted, on sequences", (Supplier<Layer>) () ->
                        new Normalization().meanAndVariance(new double[] {1, -1, 0}, new double[] {4, 0.25, 1})
                                .invert(true), new int[] {2, 3}, new int[] {2, 3}, 0, 0),
                Arguments.of("Normalization over all values of images", (Supplier<Layer>) () -> new Normalization(
                        new int[0]), new int[] {2, 2, 3}, new int[] {2, 2, 3}, 3, 3),
                Arguments.of("Resizing down", (Supplier<Layer>) () -> new Resizing(3, 2), new int[] {4, 5, 2},
                        new int[] {3, 2, 2}, 0, 0),
                Arguments.of("Resizing nearest up, cropped to the aspect ratio", (Supplier<Layer>) () ->
                        new Resizing(4, 4, "nearest").cropToAspectRatio(true), new int[] {2, 3, 1},
                        new int[] {4, 4, 1}, 0, 0),
                Arguments.of("CenterCrop", (Supplier<Layer>) () -> new CenterCrop(2, 3), new int[] {5, 4, 2},
                        new int[] {2, 3, 2}, 0, 0),
                Arguments.of("CenterCrop of a smaller image", (Supplier<Layer>) () -> new CenterCrop(4, 2),
                        new int[] {3, 3, 1}, new int[] {4, 2, 1}, 0, 0),
                Arguments.of("GRU", (Supplier<Layer>) () -> new GRU(3), new int[] {4, 2}, new int[] {3}, 63, 0),
                Arguments.of("GRU reset before, sequences", (Supplier<Layer>) () -> new GRU(2).resetAfter(false)
                        .returnSequences(true), new int[] {3, 2}, new int[] {3, 2}, 30, 0),
                Arguments.of("GRU no bias", (Supplier<Layer>) () -> new GRU(2).useBias(false), new int[] {3, 2},
                        new int[] {2}, 24, 0),
                Arguments.of("Bidirectional LSTM", (Supplier<Layer>) () -> new Bidirectional(new LSTM(2)),
                        new int[] {3, 2}, new int[] {4}, 80, 0),
                Arguments.of("Bidirectional GRU sum, sequences", (Supplier<Layer>) () -> new Bidirectional(
                        new GRU(2).returnSequences(true), "sum"), new int[] {3, 2}, new int[] {3, 2}, 72, 0),
                Arguments.of("Bidirectional SimpleRNN ave", (Supplier<Layer>) () -> new Bidirectional(
                        new SimpleRNN(3), "ave"), new int[] {3, 2}, new int[] {3}, 36, 0),
                Arguments.of("Bidirectional LSTM mul, sequences", (Supplier<Layer>) () -> new Bidirectional(
                        new LSTM(2).returnSequences(true), "mul"), new int[] {3, 2}, new int[] {3, 2}, 80, 0),
                Arguments.of("Bidirectional GRU concat, sequences", (Supplier<Layer>) () -> new Bidirectional(
                        new GRU(2).resetAfter(false).returnSequences(true)), new int[] {3, 2}, new int[] {3, 4}, 60,
                        0),
                Arguments.of("TimeDistributed Dense", (Supplier<Layer>) () -> new TimeDistributed(new Dense(3,
                        "tanh")), new int[] {4, 2}, new int[] {4, 3}, 9, 0),
                Arguments.of("Masking", (Supplier<Layer>) () -> new Masking(0.5), new int[] {3, 2}, new int[] {3, 2},
                        0, 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layers")
    void shapeParamsConfigSaveLoadAndGradients(String title, Supplier<Layer> factory, int[] in, int[] out, long params,
                                               long nonTrainable) {
        Layer layer = factory.get();
        assertArrayEquals(out, layer.computeOutputShape(in), "output shape");
        assertEquals(params, layer.countParams(in), "param count");
        assertEquals(nonTrainable, layer.countNonTrainableParams(in), "non-trainable params");

        layer.name("under_test");
        Layer copy = Layer.fromConfig(layer.getClassName(), layer.getConfig());
        assertEquals(layer.getConfig(), copy.getConfig(), "config round trip");

        Sequential model = new Sequential(new Input(in), layer);
        if (out.length == 3 || out.length == 2) {
            model.add(new Flatten());
        }
        model.add(new Dense(3, "softmax"));
        model.setSeed(7);
        model.compile("adam", "categorical_crossentropy", "accuracy");
        INDArray x = Arrays2.random(1, prepend(4, in));
        INDArray y = org.nd4j.linalg.factory.Nd4j.eye(3).getRows(0, 1, 2, 0);
        model.fit(x, y, new FitOptions().epochs(2).batchSize(2).verbose(0));

        Path file = temp.resolve(title.replace(' ', '_') + ".keras4j");
        model.save(file);
        Sequential loaded = Sequential.load(file);
        assertEquals(model.getLayer("under_test").getConfig(), loaded.getLayer("under_test").getConfig());
        assertEquals(model.summary(), loaded.summary());
        assertEquals(model.predict(x), loaded.predict(x), "a loaded model predicts identically");
        List<INDArray> weights = model.getLayer("under_test").getWeights();
        assertEquals(weights, loaded.getLayer("under_test").getWeights());

        assertTrue(GradientCheck.check(model, x, y), "backprop agrees with numerical gradients");
    }

    private static long[] prepend(long first, int[] rest) {
        long[] shape = new long[rest.length + 1];
        shape[0] = first;
        for (int i = 0; i < rest.length; i++) {
            shape[i + 1] = rest[i];
        }
        return shape;
    }
}
