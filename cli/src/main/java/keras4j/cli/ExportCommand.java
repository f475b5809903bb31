package keras4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import keras4j.Keras4jException;
import keras4j.Model;
import keras4j.export.OnnxExport;
import keras4j.internal.Names;
import keras4j.internal.Shapes;

/**
 * {@code keras4j export}: writes a saved model (keras4j's, or a Keras .h5 file) in another format
 * for other runtimes, ONNX for now: {@code keras4j export model.keras4j --format onnx}.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export a model file for other runtimes: --format onnx writes an ONNX file (opset "
                + OnnxExport.OPSET + ") that computes what the model predicts.")
final class ExportCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "<model-file>", description = "A model file keras4j loads: saved by keras4j (or "
            + "'keras4j train'), or a Keras 2 .h5 file.")
    private Path modelFile;

    @Option(names = "--format", required = true, paramLabel = "FORMAT", description = "The format: onnx.")
    private String format;

    @Option(names = "--out", paramLabel = "FILE",
            description = "The file to write (default: the model file with the extension .onnx).")
    private Path out;

    @Override
    public Integer call() {
        if (!OnnxExport.FORMATS.contains(Names.normalize(format))) {
            throw new ParameterException(spec.commandLine(), "Unknown --format '" + format + "': keras4j exports to "
                    + String.join(", ", OnnxExport.FORMATS) + ".");
        }
        Path target = out != null ? out : withExtension(modelFile, "." + Names.normalize(format));
        if (target.toAbsolutePath().normalize().equals(modelFile.toAbsolutePath().normalize())) {
            throw new Keras4jException("The export would overwrite the model file " + modelFile + "; give another "
                    + "file with --out.");
        }
        Model model = Model.load(modelFile);
        model.export(target, format);
        PrintWriter printer = spec.commandLine().getOut();
        printer.println("Wrote " + target + " (ONNX opset " + OnnxExport.OPSET + "): inputs "
                + describe(model.getInputNames(), model.getInputShapes()) + "; outputs "
                + describe(model.getOutputNames(), model.getOutputShapes()) + ".");
        printer.flush();
        return 0;
    }

    /** @return "image (None, 28, 28, 1), side (None, 4)" */
    private static String describe(List<String> names, List<int[]> shapes) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            parts.add(names.get(i) + " " + Shapes.withBatch(shapes.get(i)));
        }
        return String.join(", ", parts);
    }

    /** @return the path with its file name's extension (if any) replaced: model.keras4j becomes model.onnx */
    private static Path withExtension(Path path, String extension) {
        String name = path.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return path.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + extension);
    }
}
