package keras4j.export;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import keras4j.Keras4jException;
import keras4j.Model;
import keras4j.internal.AtomicFiles;
import keras4j.internal.Names;
import onnx.Onnx;

/**
 * Writes a keras4j model as an ONNX file, for ONNX Runtime and the other ONNX tools: what
 * {@link Model#export(Path, String)} does with format "onnx", as Keras 3's
 * {@code model.export(path, format="onnx")}. The graph computes what {@code predict} computes,
 * in float32, with the model's input and output names, each input and output with a dynamic
 * batch axis ("batch") and keras4j's sample shape (images channels-last, as keras4j takes them).
 * Every keras4j layer is written: Input, Dense and Conv2D (with each of keras4j's activations),
 * Activation, MaxPooling2D, AveragePooling2D, GlobalAveragePooling2D, Flatten, Dropout and the
 * layers active only in training (SpatialDropout1D/2D, GaussianNoise, GaussianDropout: the
 * identity, as at inference), BatchNormalization (its moving statistics), LayerNormalization,
 * Normalization, Rescaling, Resizing (ONNX's half-pixel Resize) and CenterCrop, the merges Add,
 * Subtract, Multiply, Average, Maximum, Minimum and Concatenate, and whole models used as layers.
 *
 * <pre>{@code
 * Model model = Model.load(Path.of("mnist.keras4j"));
 * model.export(Path.of("mnist.onnx"), "onnx");
 * OnnxExport.write(model, Path.of("mnist.onnx"));   // the same
 * }</pre>
 *
 * <p>The file uses ONNX opset {@value #OPSET} (IR version 8; keras4j's tests run it in ONNX
 * Runtime 1.20). It is written atomically: a failure leaves any earlier file at the path as it was.
 */
public final class OnnxExport {
    /** The ONNX operator set the exported graphs use. */
    public static final int OPSET = 17;
    /** The formats {@link #export} writes. */
    public static final List<String> FORMATS = List.of("onnx");

    private static final long IR_VERSION = 8;

    private OnnxExport() {
    }

    /**
     * Exports a model in one of {@link #FORMATS}.
     *
     * @param model  the model (built first if it isn't yet)
     * @param path   the file to write
     * @param format "onnx"
     * @throws Keras4jException for another format, naming the formats there are, or when the file
     *                          can't be written
     */
    public static void export(Model model, Path path, String format) {
        if (format == null || !FORMATS.contains(Names.normalize(format))) {
            throw new Keras4jException("Unknown export format " + (format == null ? "null" : "'" + format + "'")
                    + " for " + path + ". keras4j exports to: " + String.join(", ", FORMATS) + " (save(path) writes a "
                    + "keras4j model file).");
        }
        write(model, path);
    }

    /**
     * Writes a model as an ONNX file.
     *
     * @param model the model (built first if it isn't yet)
     * @param path  the file, e.g. {@code model.onnx}
     * @throws Keras4jException when the file can't be written; an earlier file there is unchanged
     */
    public static void write(Model model, Path path) {
        Onnx.ModelProto proto = toProto(model);
        try {
            AtomicFiles.write(path, proto::writeTo);
        } catch (IOException e) {
            throw new Keras4jException("Could not export the model to " + path + ": " + e.getMessage() + ". Check that "
                    + "the folder exists and is writable; any earlier file there is unchanged.", e);
        }
    }

    /** @return the model as an ONNX ModelProto */
    static Onnx.ModelProto toProto(Model model) {
        OnnxGraph graph = new OnnxGraph();
        new OnnxLowering(graph).lowerModel(model.getGraph());
        return Onnx.ModelProto.newBuilder().setIrVersion(IR_VERSION).setProducerName("keras4j")
                .setProducerVersion(version()).setDocString("A keras4j " + model.getClassName() + " model, '"
                        + model.getName() + "'.")
                .addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(graph.build(model.getName())).build();
    }

    private static String version() {
        Properties versions = new Properties();
        try (InputStream in = OnnxExport.class.getResourceAsStream("/keras4j/version.properties")) {
            if (in != null) {
                versions.load(in);
            }
        } catch (IOException e) {
            // The version is information only.
        }
        return versions.getProperty("keras4j.version", "unknown");
    }
}
