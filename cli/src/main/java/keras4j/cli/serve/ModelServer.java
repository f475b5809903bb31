package keras4j.cli.serve;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

import keras4j.Keras4jException;
import keras4j.internal.ModelFile;
import keras4j.models.ImagePreprocessing;
import keras4j.models.PhotoPreprocessing;
import keras4j.models.Prediction;
import keras4j.models.TablePreprocessing;
import keras4j.models.TrainedModel;

/**
 * A trained model as a local web page and a JSON API, what {@code keras4j serve} runs: the page
 * ({@code GET /}) classifies an image picked, dropped, pasted or drawn; the API has TensorFlow
 * Serving's {@code POST /v1/models/NAME:predict} ({@code {"instances": [...]}} to
 * {@code {"predictions": [...]}}), {@code POST /v1/models/NAME:classify} and {@code POST /predict}
 * (an image file as the body, answered with its label, probability and top classes),
 * {@code GET /v1/models/NAME} (input, classes, keras4j's version) and {@code GET /healthz}.
 *
 * <pre>{@code
 * ModelServer server = new ModelServer(TrainedModel.load(Path.of("model.keras4j")), "fashion", 5);
 * server.start("127.0.0.1", 8080);
 * System.out.println(server.url());   // http://127.0.0.1:8080/
 * server.stop();
 * }</pre>
 *
 * <p>It runs on the JDK's own HTTP server ({@code com.sun.net.httpserver}): nothing to add, and
 * enough for a model served on one machine. Requests run on a bounded pool with a bounded queue
 * (a full one makes the accepting thread wait); the model itself, which isn't thread-safe, runs on
 * one thread, which can take the requests waiting and predict them as one batch
 * ({@code -Dkeras4j.serve.batch=64}; by default each alone, measured faster on two cores). Bad input (a body
 * over {@link #MAX_BODY_BYTES}, an image over {@link #MAX_PIXELS} pixels or not an image, JSON of
 * another shape, a number that isn't finite, an unknown model, path or method) is a 4xx answer
 * {@code {"error": "..."}}, and the server goes on serving; no stack trace reaches a client.
 */
public final class ModelServer {
    /** The largest request body read, 16 MiB. */
    public static final int MAX_BODY_BYTES = 16 << 20;
    /** The largest image decoded, in pixels (a 100 000 x 100 000 header is refused before decoding). */
    public static final long MAX_PIXELS = 40_000_000L;
    /**
     * The most examples predicted in one call by default: the system property
     * {@code keras4j.serve.batch}, else 1 (each request alone), which {@code cli/load-test} measured
     * faster on two cores than batching up to 64 (docs/serving.md).
     */
    static final int DEFAULT_BATCH = Math.max(1, Integer.getInteger("keras4j.serve.batch", 1));
    private static final ObjectMapper JSON = ModelFile.json();

    private final TrainedModel model;
    private final String name;
    private final int topK;
    private final Batcher batcher;
    private HttpServer http;
    private ThreadPoolExecutor pool;

    /**
     * @param model the model, with its classes and preprocessing ({@code TrainedModel.load})
     * @param name  the name in the API's paths, {@code /v1/models/NAME}
     * @param topK  how many classes an answer lists
     */
    public ModelServer(TrainedModel model, String name, int topK) {
        this(model, name, topK, DEFAULT_BATCH);
    }

    /**
     * @param model    the model
     * @param name     the name in the API's paths
     * @param topK     how many classes an answer lists
     * @param maxBatch the most examples of waiting requests predicted in one call (1: each alone)
     */
    public ModelServer(TrainedModel model, String name, int topK, int maxBatch) {
        if (topK < 1) {
            throw new Keras4jException("--top-k must be at least 1; received " + topK + ".");
        }
        if (maxBatch < 1) {
            throw new Keras4jException("A batch holds at least 1 example; received " + maxBatch + ".");
        }
        if (name == null || !name.matches("[A-Za-z0-9._-]+")) {
            throw new Keras4jException("The model's name in the API's paths must be letters, digits, '.', '_' or "
                    + "'-'; received '" + name + "'. Give --name NAME.");
        }
        this.model = model;
        this.name = name;
        this.topK = topK;
        this.batcher = new Batcher(model, maxBatch);
    }

    /**
     * Starts serving.
     *
     * @param host the address to bind: 127.0.0.1 (this machine only) unless the machine's others should
     *             reach it
     * @param port the port, or 0 for any free one ({@link #getPort()})
     * @throws Keras4jException when the address can't be bound (in use, not this machine's)
     */
    public void start(String host, int port) {
        // The JDK's server writes a response's headers and body apart; without TCP_NODELAY each small answer
        // waits for the client's delayed ACK (about 40 ms on Linux). Read once, when its first server starts.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        try {
            http = HttpServer.create(new InetSocketAddress(host, port), 64);
        } catch (IOException e) {
            throw new Keras4jException("Can't serve on " + host + ":" + port + ": " + e.getMessage()
                    + ". Choose another --port (or --host).");
        }
        int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
        pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(256),
                new ThreadPoolExecutor.CallerRunsPolicy());
        http.setExecutor(pool);
        http.createContext("/", this::handle);
        batcher.start();
        http.start();
    }

    /** Stops accepting requests, lets the ones being answered finish (for up to a second), and stops. */
    public void stop() {
        if (http != null) {
            http.stop(1);
            pool.shutdown();
            batcher.stop();
            http = null;
        }
    }

    /** @return the port served on */
    public int getPort() {
        return http.getAddress().getPort();
    }

    /** @return the page's address, e.g. {@code http://127.0.0.1:8080/} */
    public String url() {
        String host = http.getAddress().getAddress().getHostAddress();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + getPort() + "/";
    }

    /** A request's answer: a status and a JSON body. */
    record Answer(int status, Object body) {
    }

    /** A refusal of a request, as its client gets it. */
    static final class BadRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;

        BadRequest(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Answer answer;
            try {
                answer = route(exchange);
            } catch (BadRequest e) {
                answer = new Answer(e.status, Map.of("error", e.getMessage()));
            } catch (Keras4jException e) {
                answer = new Answer(400, Map.of("error", e.getMessage()));
            } catch (RuntimeException e) {
                answer = new Answer(500, Map.of("error", "The server failed on this request ("
                        + e.getClass().getSimpleName() + "); it goes on serving others."));
            }
            if (answer == null) {
                return;   // answered already (the page)
            }
            byte[] body = JSON.writer().withoutFeatures(org.nd4j.shade.jackson.databind.SerializationFeature
                    .INDENT_OUTPUT).writeValueAsBytes(answer.body());
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            exchange.sendResponseHeaders(answer.status(), body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private Answer route(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        String method = exchange.getRequestMethod();
        String prefix = "/v1/models/";
        if (path.equals("/") || path.equals("/index.html")) {
            requireMethod(method, "GET", path);
            page(exchange);
            return null;
        }
        if (path.equals("/healthz")) {
            requireMethod(method, "GET", path);
            return new Answer(200, Map.of("status", "ok"));
        }
        if (path.equals("/predict")) {
            requireMethod(method, "POST", path);
            return new Answer(200, classify(body(exchange), contentType(exchange)));
        }
        if (path.startsWith(prefix)) {
            String rest = URLDecoder.decode(path.substring(prefix.length()), StandardCharsets.UTF_8);
            int colon = rest.indexOf(':');
            String model = colon < 0 ? rest : rest.substring(0, colon);
            String verb = colon < 0 ? null : rest.substring(colon + 1);
            if (!model.equals(name)) {
                throw new BadRequest(404, "There is no model '" + model + "' here; this server serves '" + name
                        + "' (GET /v1/models/" + name + ").");
            }
            if (verb == null || verb.equals("metadata")) {
                requireMethod(method, "GET", path);
                return new Answer(200, metadata());
            }
            requireMethod(method, "POST", path);
            return switch (verb) {
                case "predict" -> new Answer(200, predict(body(exchange)));
                case "classify" -> new Answer(200, classify(body(exchange), contentType(exchange)));
                default -> throw new BadRequest(404, "Unknown method ':" + verb + "'; the model answers :predict "
                        + "(JSON instances) and :classify (an image).");
            };
        }
        throw new BadRequest(404, "No such page or endpoint: " + path + ". This server has GET /, GET /healthz, "
                + "GET /v1/models/" + name + ", POST /v1/models/" + name + ":predict, POST /v1/models/" + name
                + ":classify and POST /predict.");
    }

    private static void requireMethod(String method, String wanted, String path) {
        if (!method.equals(wanted)) {
            throw new BadRequest(405, path + " takes " + wanted + ", not " + method + ".");
        }
    }

    private static String contentType(HttpExchange exchange) {
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        return type == null ? "" : type.toLowerCase(Locale.ROOT);
    }

    /** @return the request's body, refused past {@link #MAX_BODY_BYTES} */
    private static byte[] body(HttpExchange exchange) throws IOException {
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        InputStream in = exchange.getRequestBody();
        if (length != null && length.matches("\\d+") && Long.parseLong(length) > MAX_BODY_BYTES) {
            discard(in);
            throw new BadRequest(413, "The request body is " + length + " bytes, over the limit of " + MAX_BODY_BYTES
                    + " bytes.");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 << 10];
        for (int n; (n = in.read(buffer)) > 0; ) {
            out.write(buffer, 0, n);
            if (out.size() > MAX_BODY_BYTES) {
                discard(in);
                throw new BadRequest(413, "The request body is over the limit of " + MAX_BODY_BYTES + " bytes.");
            }
        }
        return out.toByteArray();
    }

    /**
     * Reads and drops the rest of a refused body, up to 4 times the limit, so that the client, still
     * sending, reads the refusal instead of a reset connection; past that the connection is closed.
     */
    private static void discard(InputStream in) throws IOException {
        byte[] buffer = new byte[64 << 10];
        long left = 4L * MAX_BODY_BYTES;
        for (int n; left > 0 && (n = in.read(buffer)) > 0; ) {
            left -= n;
        }
    }

    private void page(HttpExchange exchange) throws IOException {
        byte[] html;
        try (InputStream in = ModelServer.class.getResourceAsStream("index.html")) {
            html = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("{{MODEL}}", name)
                    .getBytes(StandardCharsets.UTF_8);
        }
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.sendResponseHeaders(200, html.length);
        exchange.getResponseBody().write(html);
    }

    /** @return the model's description: its name, input, classes and keras4j's version, and TF Serving's status */
    Map<String, Object> metadata() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", name);
        out.put("keras4j_version", keras4jVersion());
        out.put("recipe", model.info().recipe());
        out.put("task", model.info().task().name().toLowerCase(Locale.ROOT));
        out.put("dataset", model.info().datasetName());
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("kind", kind());
        input.put("shape", exampleShape());
        if (model.info().preprocessing() instanceof TablePreprocessing) {
            input.put("features", model.info().featureNames());
        }
        out.put("input", input);
        out.put("classes", model.info().classNames());
        out.put("top_k", topK);
        out.put("model_version_status", List.of(Map.of("version", "1", "state", "AVAILABLE",
                "status", Map.of("error_code", "OK", "error_message", ""))));
        return out;
    }

    private String kind() {
        return model.info().preprocessing() instanceof ImagePreprocessing ? "drawing"
                : model.info().preprocessing() instanceof PhotoPreprocessing ? "photo" : "table";
    }

    /** @return one raw example's shape, as {@code :predict}'s instances give it */
    private int[] exampleShape() {
        if (model.info().preprocessing() instanceof ImagePreprocessing images) {
            return new int[] {images.height(), images.width()};
        }
        if (model.info().preprocessing() instanceof PhotoPreprocessing photos) {
            return new int[] {photos.height(), photos.width(), photos.channels()};
        }
        return new int[] {model.info().featureNames().size()};
    }

    private static String keras4jVersion() {
        java.util.Properties versions = new java.util.Properties();
        try (InputStream in = ModelServer.class.getResourceAsStream("/keras4j/version.properties")) {
            if (in != null) {
                versions.load(in);
            }
        } catch (IOException e) {
            return "unknown";
        }
        return versions.getProperty("keras4j.version", "unknown");
    }

    /** TensorFlow Serving's predict: each instance one raw example; each prediction the model's outputs for it. */
    private Map<String, Object> predict(byte[] body) {
        JsonNode request;
        try {
            request = JSON.readTree(body);
        } catch (IOException e) {
            throw new BadRequest(400, "The body is not JSON: " + firstLine(e.getMessage()) + ". Send "
                    + "{\"instances\": [...]}.");
        }
        if (request == null || !request.isObject() || !request.has("instances") || !request.get("instances")
                .isArray()) {
            throw new BadRequest(400, "Expected {\"instances\": [...]}, TensorFlow Serving's row format: one raw "
                    + "example of shape " + java.util.Arrays.toString(exampleShape()) + " per instance.");
        }
        JsonNode instances = request.get("instances");
        if (instances.size() == 0 || instances.size() > 1024) {
            throw new BadRequest(400, "Send 1 to 1024 instances; received " + instances.size() + ".");
        }
        int[] shape = exampleShape();
        int size = 1;
        for (int d : shape) {
            size *= d;
        }
        float[] values = new float[instances.size() * size];
        for (int i = 0; i < instances.size(); i++) {
            int[] at = {i * size};
            flatten(instances.get(i), shape, 0, values, at, "instances[" + i + "]");
        }
        long[] batchShape = new long[shape.length + 1];
        batchShape[0] = instances.size();
        for (int d = 0; d < shape.length; d++) {
            batchShape[d + 1] = shape[d];
        }
        INDArray raw = Nd4j.create(values, batchShape, 'c');
        INDArray outputs = batcher.outputs(raw);
        List<double[]> predictions = new ArrayList<>();
        for (int i = 0; i < outputs.size(0); i++) {
            predictions.add(outputs.getRow(i).toDoubleVector());
        }
        return Map.of("predictions", predictions);
    }

    private static void flatten(JsonNode node, int[] shape, int axis, float[] out, int[] at, String where) {
        if (axis == shape.length) {
            if (!node.isNumber()) {
                throw new BadRequest(400, where + " is " + shown(node) + ", not a number.");
            }
            double v = node.doubleValue();
            if (!Double.isFinite(v)) {
                throw new BadRequest(400, where + " is " + v + "; every value must be a finite number.");
            }
            out[at[0]++] = (float) v;
            return;
        }
        if (!node.isArray() || node.size() != shape[axis]) {
            throw new BadRequest(400, where + " has " + (node.isArray() ? node.size() + " entries" : "no array ("
                    + shown(node) + ")") + " where the model's example has " + shape[axis] + " (an instance is "
                    + java.util.Arrays.toString(shape) + ").");
        }
        for (int i = 0; i < node.size(); i++) {
            flatten(node.get(i), shape, axis + 1, out, at, where + "[" + i + "]");
        }
    }

    private static String shown(JsonNode node) {
        String text = node.toString();
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }

    /** An image's top classes, the example the model saw (as a PNG) and how long it took. */
    private Map<String, Object> classify(byte[] body, String contentType) {
        long start = System.nanoTime();
        if (model.info().preprocessing() instanceof TablePreprocessing) {
            throw new BadRequest(400, "This model takes rows of " + model.info().featureNames().size() + " features, "
                    + "not images; use :predict with {\"instances\": [[...]]}.");
        }
        byte[] image = contentType.startsWith("multipart/form-data") ? Multipart.file(body, contentType) : body;
        BufferedImage decoded = decode(image);
        INDArray example = model.exampleOf(decoded);
        List<Prediction> top = model.predictions(batcher.outputs(example), topK).get(0);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("label", top.get(0).label());
        out.put("class_id", top.get(0).classId());
        out.put("probability", top.get(0).value());
        List<Map<String, Object>> list = new ArrayList<>();
        for (Prediction p : top) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("label", p.label());
            entry.put("class_id", p.classId());
            entry.put("probability", p.value());
            list.add(entry);
        }
        out.put("top_k", list);
        out.put("seen", seen(example));
        out.put("milliseconds", (System.nanoTime() - start) / 1e6);
        return out;
    }

    /** @return the image, its size checked before its pixels are decoded */
    static BufferedImage decode(byte[] bytes) {
        if (bytes.length == 0) {
            throw new BadRequest(400, "The body is empty; send a PNG, JPEG, GIF or BMP image.");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new BadRequest(415, "The body is not an image keras4j reads (PNG, JPEG, GIF or BMP).");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels > MAX_PIXELS) {
                    throw new BadRequest(413, "The image is " + reader.getWidth(0) + " x " + reader.getHeight(0)
                            + " pixels, over the limit of " + MAX_PIXELS + " pixels; send a smaller image.");
                }
                return reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof BadRequest bad) {
                throw bad;
            }
            throw new BadRequest(400, "The image can't be read (" + firstLine(e.getMessage() == null
                    ? e.getClass().getSimpleName() : e.getMessage()) + "): is it whole?");
        }
    }

    /** @return the example as a PNG data URL, gray or color, 0..255 */
    private static String seen(INDArray example) {
        long h = example.size(1);
        long w = example.size(2);
        boolean color = example.rank() == 4 && example.size(3) == 3;
        BufferedImage image = new BufferedImage((int) w, (int) h, color ? BufferedImage.TYPE_INT_RGB
                : BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (color) {
                    int r = clamp(example.getDouble(0, y, x, 0));
                    int g = clamp(example.getDouble(0, y, x, 1));
                    int b = clamp(example.getDouble(0, y, x, 2));
                    image.setRGB(x, y, (r << 16) | (g << 8) | b);
                } else {
                    image.getRaster().setSample(x, y, 0, clamp(example.rank() == 4 ? example.getDouble(0, y, x, 0)
                            : example.getDouble(0, y, x)));
                }
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", png);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(png.toByteArray());
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }

    private static String firstLine(String text) {
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }

}
