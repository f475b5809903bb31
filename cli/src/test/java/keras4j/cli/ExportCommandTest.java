package keras4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import keras4j.Model;
import keras4j.Sequential;
import keras4j.layers.Conv2D;
import keras4j.layers.Dense;
import keras4j.layers.Flatten;
import keras4j.layers.Input;
import keras4j.layers.MaxPooling2D;

/** {@code keras4j export}: a saved model (keras4j's or Keras's) becomes an ONNX file that predicts the same. */
class ExportCommandTest {

    @Test
    void aSavedModelIsExportedNextToItAndRunsInOnnxRuntimeAsItPredicts(@TempDir Path dir) throws Exception {
        Sequential model = Sequential.of(new Input(6, 6, 1).name("pixels"), new Conv2D(3, 3, "relu"),
                new MaxPooling2D(2), new Flatten(), new Dense(2, "softmax").name("classes"));
        model.setSeed(3).compile("adam", "sparse_categorical_crossentropy", "accuracy");
        Path file = dir.resolve("digits.keras4j");
        model.save(file);

        Cli.Run run = Cli.run("export", file.toString(), "--format", "onnx").assertOk();
        Path onnx = dir.resolve("digits.onnx");
        assertEquals("Wrote " + onnx + " (ONNX opset 17): inputs pixels (None, 6, 6, 1); outputs classes (None, 2).",
                run.out().strip());
        INDArray x = Nd4j.rand(DataType.FLOAT, 4, 6, 6, 1);
        float[] got = runOnnx(onnx, "pixels", x, "classes");
        float[] want = model.predict(x).reshape(8).toFloatVector();
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], 1e-5, "probability " + i);
        }

        Path keras = Path.of("..", "core", "src", "test", "resources", "keras4j", "keras", "cnn_batch_norm.h5");
        Path out = dir.resolve("keras.onnx");
        Cli.run("export", keras.toString(), "--format", "ONNX", "--out", out.toString()).assertOk();
        assertTrue(Files.size(out) > 1000, "the Keras model's weights are in the file");
    }

    @Test
    void badFormatsAndPathsAreRefusedInOneLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("m.keras4j");
        Model model = Sequential.of(new Input(2), new Dense(1));
        model.compile("sgd", "mse");
        model.save(file);
        Cli.run("export", file.toString()).assertUsageError("Missing required option: '--format=FORMAT'");
        Cli.run("export", file.toString(), "--format", "tf_saved_model")
                .assertUsageError("Unknown --format 'tf_saved_model': keras4j exports to onnx.");
        Cli.run("export", dir.resolve("missing.keras4j").toString(), "--format", "onnx")
                .assertUsageError("does not exist");
        Cli.run("export", file.toString(), "--format", "onnx", "--out", file.toString())
                .assertUsageError("would overwrite the model file");
        assertFalse(Files.exists(dir.resolve("m.onnx")));
    }

    private static float[] runOnnx(Path file, String input, INDArray x, String output) throws Exception {
        OrtEnvironment ort = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "keras4j-test");
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            try (OrtSession session = ort.createSession(file.toString(), options);
                 OnnxTensor tensor = OnnxTensor.createTensor(ort, FloatBuffer.wrap(x.dup('c').reshape(x.length())
                         .toFloatVector()), x.shape());
                 OrtSession.Result result = session.run(Map.of(input, tensor))) {
                assertEquals(List.of(output), List.copyOf(session.getOutputNames()));
                FloatBuffer values = ((OnnxTensor) result.get(output).orElseThrow()).getFloatBuffer();
                float[] out = new float[values.remaining()];
                values.get(out);
                return out;
            }
        }
    }
}
