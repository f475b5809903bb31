package keras4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import keras4j.cli.serve.ModelServer;

/** {@code keras4j serve}: a saved model as a local web page and a JSON API, until Ctrl-C. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve a saved model: a web page that classifies an image picked, dropped, pasted or drawn, "
                + "and a JSON API (POST /v1/models/NAME:predict with TensorFlow Serving's {\"instances\": [...]}, "
                + "POST /v1/models/NAME:classify or /predict with an image, GET /v1/models/NAME, GET /healthz). "
                + "Runs until Ctrl-C (or SIGTERM)."})
final class ServeCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<model-file>", description = "A model saved by 'keras4j train' or "
            + "TrainedModel.save (its classes and preprocessing inside), or by Keras with --dataset.")
    private Path modelFile;

    @Option(names = "--port", paramLabel = "N", defaultValue = "8080",
            description = "The port (default: ${DEFAULT-VALUE}; 0 for any free one).")
    private int port;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "The address to listen on (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0 for every "
                    + "network the machine is on).")
    private String host;

    @Option(names = "--top-k", paramLabel = "K", defaultValue = "5",
            description = "How many classes an answer lists (default: ${DEFAULT-VALUE}).")
    private int topK;

    @Option(names = "--name", paramLabel = "NAME",
            description = "The model's name in the API's paths (default: its recipe's, e.g. fashion-mlp; for a Keras "
                    + "file, the file's name without its extension).")
    private String name;

    @Option(names = "--dataset", paramLabel = "NAME", description = "For a Keras model file: the data set it was "
            + "trained on, which gives the class names and the image size.")
    private String dataset;

    @Mixin
    private KerasFileOptions kerasFiles;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        KerasFileOptions.Loaded loaded = kerasFiles.trainedModel(modelFile, dataset, note -> err.println("Note: "
                + note));
        String recipe = loaded.model().info().recipe();
        String served = name != null ? name : defaultName(recipe == null || recipe.equals(
                keras4j.models.ModelInfo.KERAS_RECIPE) ? modelFile.getFileName().toString() : recipe + ".");
        ModelServer server = new ModelServer(loaded.model(), served, topK);
        server.start(host, port);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            server.stop();
            stopped.countDown();
        }, "keras4j-serve-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        PrintWriter out = spec.commandLine().getOut();
        out.println("Serving " + modelFile + " as '" + served + "' at " + server.url() + " (Ctrl-C stops)");
        out.println("API: " + server.url() + "v1/models/" + served + " (:predict, :classify), " + server.url()
                + "healthz");
        out.flush();
        stopped.await();
        return 0;
    }

    /** @return a file's name without its extension, made a valid model name */
    static String defaultName(String base) {
        int dot = base.lastIndexOf('.');
        String stem = (dot > 0 ? base.substring(0, dot) : base).replaceAll("[^A-Za-z0-9._-]", "-");
        return stem.isEmpty() ? "model" : stem.toLowerCase(Locale.ROOT);
    }
}
