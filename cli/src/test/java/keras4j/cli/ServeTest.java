package keras4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.databind.JsonNode;

import keras4j.Model;
import keras4j.cli.serve.ModelServer;
import keras4j.internal.ModelFile;
import keras4j.models.DataSources;
import keras4j.models.ImagePreprocessing;
import keras4j.models.ModelInfo;
import keras4j.models.Prediction;
import keras4j.models.Recipe;
import keras4j.models.Recipes;
import keras4j.models.Task;
import keras4j.models.TrainedModel;

/**
 * {@code keras4j serve} over real HTTP on loopback: every endpoint answers as the model predicts
 * directly, concurrent clients get the answers they'd get one by one, bad input gets a 4xx JSON
 * error and the server goes on, and the command serves in its own JVM until SIGTERM.
 */
class ServeTest {
    @TempDir
    static Path dir;
    private static Path modelFile;
    private static TrainedModel direct;
    private static ModelServer server;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void serve() {
        Recipe recipe = Recipes.get("mnist-mlp");
        Model model = recipe.build().setSeed(11);
        recipe.compile(model);
        modelFile = dir.resolve("digits.keras4j");
        new TrainedModel(model, new ModelInfo("mnist-mlp", Task.CLASSIFICATION, DataSources.mnist().getConfig(),
                DataSources.DIGITS, List.of(), "class", new ImagePreprocessing(28, 28, true, 20))).save(modelFile);
        direct = TrainedModel.load(modelFile);
        server = new ModelServer(TrainedModel.load(modelFile), "digits", 3);
        server.start("127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    private static HttpResponse<String> send(String method, String path, byte[] body, String type) throws Exception {
        return send(server, method, path, body, type);
    }

    private static HttpResponse<String> send(ModelServer server, String method, String path, byte[] body,
                                             String type) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url()).resolve(path));
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body));
        if (type != null) {
            request.header("Content-Type", type);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return ModelFile.json().readTree(response.body());
    }

    private static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    /** @return a digit-like drawing: a dark ring on light paper, of the given size */
    private static BufferedImage drawing(int size) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, size, size);
        g.setColor(Color.DARK_GRAY);
        g.setStroke(new BasicStroke(size / 9f));
        g.drawOval(size / 4, size / 5, size / 2, size * 3 / 5);
        g.dispose();
        return image;
    }

    private static String instances(INDArray raw) {
        StringBuilder s = new StringBuilder("{\"instances\": [");
        for (int i = 0; i < raw.size(0); i++) {
            s.append(i == 0 ? "" : ",").append('[');
            for (int y = 0; y < raw.size(1); y++) {
                s.append(y == 0 ? "" : ",").append('[');
                for (int x = 0; x < raw.size(2); x++) {
                    s.append(x == 0 ? "" : ",").append(raw.getFloat(i, y, x));
                }
                s.append(']');
            }
            s.append(']');
        }
        return s.append("]}").toString();
    }

    private static INDArray pixels(long seed, int n) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, n, 28, 28).muli(255);
    }

    @Test
    void everyEndpointAnswersAsTheModelPredicts() throws Exception {
        HttpResponse<String> health = send("GET", "/healthz", null, null);
        assertEquals(200, health.statusCode());
        assertEquals("ok", json(health).get("status").asText());

        HttpResponse<String> page = send("GET", "/", null, null);
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(page.body().contains("<span id=\"model\">digits</span>") && page.body().contains("<canvas"),
                "the page, for this model");

        JsonNode meta = json(send("GET", "/v1/models/digits", null, null));
        assertEquals(10, meta.get("classes").size());
        assertEquals("[28,28]", meta.get("input").get("shape").toString());
        assertEquals("drawing", meta.get("input").get("kind").asText());
        assertEquals("AVAILABLE", meta.get("model_version_status").get(0).get("state").asText());

        INDArray raw = pixels(1, 3);
        HttpResponse<String> predicted = send("POST", "/v1/models/digits:predict",
                instances(raw).getBytes(StandardCharsets.UTF_8), "application/json");
        assertEquals(200, predicted.statusCode(), predicted.body());
        INDArray expected = direct.outputs(raw);
        JsonNode predictions = json(predicted).get("predictions");
        assertEquals(3, predictions.size());
        for (int i = 0; i < 3; i++) {
            for (int c = 0; c < 10; c++) {
                assertEquals(expected.getDouble(i, c), predictions.get(i).get(c).asDouble(), 1e-5, "instance " + i);
            }
        }

        BufferedImage image = drawing(90);
        List<Prediction> top = direct.predictImage(image, 3);
        byte[] png = png(image);
        JsonNode classified = json(send("POST", "/v1/models/digits:classify", png, "image/png"));
        assertEquals(top.get(0).label(), classified.get("label").asText());
        assertEquals(top.get(0).value(), classified.get("probability").asDouble(), 1e-6);
        assertEquals(3, classified.get("top_k").size());
        for (int k = 0; k < 3; k++) {
            assertEquals(top.get(k).label(), classified.get("top_k").get(k).get("label").asText());
        }
        assertTrue(classified.get("seen").asText().startsWith("data:image/png;base64,"));
        BufferedImage seen = ImageIO.read(new java.io.ByteArrayInputStream(java.util.Base64.getDecoder().decode(
                classified.get("seen").asText().substring("data:image/png;base64,".length()))));
        assertEquals(28, seen.getWidth(), "the example the model saw, 28 x 28");
        assertTrue(classified.get("milliseconds").asDouble() > 0);

        String boundary = "----keras4j-test";
        ByteArrayOutputStream form = new ByteArrayOutputStream();
        form.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n--" + boundary
                + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"ring.png\"\r\nContent-Type: "
                + "image/png\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        form.write(png);
        form.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
        JsonNode uploaded = json(send("POST", "/predict", form.toByteArray(),
                "multipart/form-data; boundary=" + boundary));
        assertEquals(classified.get("label"), uploaded.get("label"), "a form's upload, as the raw body");
        assertEquals(classified.get("probability").asDouble(), uploaded.get("probability").asDouble(), 1e-9);
    }

    @Test
    void concurrentClientsGetTheAnswersOfOneByOne() throws Exception {
        concurrentClients(server);
        ModelServer batching = new ModelServer(TrainedModel.load(modelFile), "digits", 3, 64);
        batching.start("127.0.0.1", 0);
        try {
            concurrentClients(batching);   // the waiting requests predicted together
        } finally {
            batching.stop();
        }
    }

    private static void concurrentClients(ModelServer server) throws Exception {
        int clients = 16;
        List<INDArray> inputs = new ArrayList<>();
        for (int i = 0; i < clients * 3; i++) {
            inputs.add(pixels(100 + i, 1 + i % 3));
        }
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<JsonNode>> answers = new ArrayList<>();
            for (INDArray raw : inputs) {
                answers.add(pool.submit(() -> json(send(server, "POST", "/v1/models/digits:predict",
                        instances(raw).getBytes(StandardCharsets.UTF_8), "application/json")).get("predictions")));
            }
            for (int i = 0; i < inputs.size(); i++) {
                INDArray expected = direct.outputs(inputs.get(i));
                JsonNode got = answers.get(i).get(60, TimeUnit.SECONDS);
                assertEquals(expected.size(0), got.size(), "request " + i);
                for (int r = 0; r < expected.size(0); r++) {
                    for (int c = 0; c < 10; c++) {
                        assertEquals(expected.getDouble(r, c), got.get(r).get(c).asDouble(), 1e-5, "request " + i);
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** @return a PNG of only a header claiming {@code width x height} pixels (with a valid checksum) */
    private static byte[] hugePngHeader(int width, int height) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DataOutputStream data = new DataOutputStream(out);
        data.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteArrayOutputStream chunk = new ByteArrayOutputStream();
        DataOutputStream c = new DataOutputStream(chunk);
        c.writeBytes("IHDR");
        c.writeInt(width);
        c.writeInt(height);
        c.write(new byte[] {8, 0, 0, 0, 0});
        data.writeInt(13);
        data.write(chunk.toByteArray());
        CRC32 crc = new CRC32();
        crc.update(chunk.toByteArray());
        data.writeInt((int) crc.getValue());
        return out.toByteArray();
    }

    @Test
    void badInputGetsOneClearErrorAndTheServerGoesOn() throws Exception {
        byte[] png = png(drawing(40));
        Map<String, Object[]> cases = new java.util.LinkedHashMap<>();
        cases.put("over the limit", new Object[] {"POST", "/predict", new byte[ModelServer.MAX_BODY_BYTES + 1],
                "image/png", 413, "over the limit"});
        cases.put("not an image", new Object[] {"POST", "/predict", "hello".getBytes(StandardCharsets.UTF_8),
                "image/png", 415, "not an image"});
        cases.put("truncated", new Object[] {"POST", "/predict", Arrays.copyOf(png, png.length / 2), "image/png",
                400, "can't be read"});
        cases.put("huge header", new Object[] {"POST", "/predict", hugePngHeader(100_000, 100_000), "image/png", 413,
                "100000 x 100000 pixels"});
        cases.put("empty", new Object[] {"POST", "/predict", new byte[0], "image/png", 400, "empty"});
        cases.put("not JSON", new Object[] {"POST", "/v1/models/digits:predict", "{\"instances\": [1, 2"
                .getBytes(StandardCharsets.UTF_8), "application/json", 400, "not JSON"});
        cases.put("other JSON", new Object[] {"POST", "/v1/models/digits:predict", "{\"inputs\": [1]}"
                .getBytes(StandardCharsets.UTF_8), "application/json", 400, "Expected {\"instances\""});
        cases.put("wrong shape", new Object[] {"POST", "/v1/models/digits:predict", "{\"instances\": [[1, 2, 3]]}"
                .getBytes(StandardCharsets.UTF_8), "application/json", 400, "instances[0] has 3 entries"});
        cases.put("NaN", new Object[] {"POST", "/v1/models/digits:predict", instances(pixels(5, 1))
                .replaceFirst("\\[\\[\\[[^,]*,", "[[[NaN,").getBytes(StandardCharsets.UTF_8), "application/json", 400,
                "instances"});
        cases.put("a string", new Object[] {"POST", "/v1/models/digits:predict", instances(pixels(5, 1))
                .replaceFirst("\\[\\[\\[[^,]*,", "[[[\"x\",").getBytes(StandardCharsets.UTF_8), "application/json",
                400, "not a number"});
        cases.put("unknown model", new Object[] {"POST", "/v1/models/fashion:predict", new byte[0], null, 404,
                "no model 'fashion'"});
        cases.put("unknown verb", new Object[] {"POST", "/v1/models/digits:train", new byte[0], null, 404,
                "Unknown method"});
        cases.put("wrong method", new Object[] {"GET", "/predict", null, null, 405, "takes POST"});
        cases.put("wrong method 2", new Object[] {"DELETE", "/v1/models/digits", null, null, 405, "takes GET"});
        cases.put("unknown path", new Object[] {"GET", "/models/../../etc/passwd", null, null, 404, "No such page"});
        cases.put("a file on disk", new Object[] {"GET", "/files" + modelFile.toAbsolutePath(), null, null, 404,
                "No such page"});
        for (Map.Entry<String, Object[]> e : cases.entrySet()) {
            Object[] c = e.getValue();
            HttpResponse<String> response = send((String) c[0], (String) c[1], (byte[]) c[2], (String) c[3]);
            assertEquals(c[4], response.statusCode(), e.getKey() + ": " + response.body());
            JsonNode error = json(response);
            assertTrue(error.get("error").asText().contains((String) c[5]), e.getKey() + ": " + response.body());
            assertTrue(!response.body().contains("Exception") && !response.body().contains("\tat "),
                    e.getKey() + " shows no stack trace: " + response.body());
            assertEquals(200, send("GET", "/healthz", null, null).statusCode(), "still serving after " + e.getKey());
        }
        assertEquals(200, send("POST", "/predict", png, "image/png").statusCode(), "and still predicting");
    }

    @Test
    void theCommandServesInItsOwnJvmUntilSigterm() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                "keras4j.cli.Main", "serve", modelFile.toString(), "--port", "0", "--top-k", "2")
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
            String line = out.readLine();
            assertTrue(line != null && line.startsWith("Serving " + modelFile + " as 'mnist-mlp' at http://127.0.0.1:"),
                    String.valueOf(line));
            String url = line.substring(line.indexOf("http://"), line.indexOf(" (Ctrl-C"));
            HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(URI.create(url + "healthz")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(url + "predict"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(png(drawing(50)))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(2, json(answer).get("top_k").size(), "--top-k");
            process.destroy();   // SIGTERM
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "stops on SIGTERM");
            assertArrayEquals(new int[] {143}, new int[] {process.exitValue()}, "the JVM's exit on SIGTERM");
        } finally {
            process.destroyForcibly();
        }
    }
}
