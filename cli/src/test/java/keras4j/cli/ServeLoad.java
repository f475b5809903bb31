package keras4j.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import javax.imageio.ImageIO;

import keras4j.Model;
import keras4j.models.DataSources;
import keras4j.models.ImagePreprocessing;
import keras4j.models.ModelInfo;
import keras4j.models.Recipe;
import keras4j.models.Recipes;
import keras4j.models.Task;
import keras4j.models.TrainedModel;

/**
 * The load test of {@code keras4j serve} (its own command, {@code cli/load-test}; not a test of the
 * default run): a server in a child JVM on loopback (heap capped at {@code SERVER_HEAP}, 1g), then
 * bounded requests from concurrency 1, 8 and 32 clients, each level with and without batching;
 * requests/s, p50 / p99 latency, errors and the server's resident memory after each level; then
 * 10,000 more requests from 8 clients, the memory read every 2,000. Prints Markdown tables.
 *
 * <pre>{@code
 * cli/load-test                       # mnist-mlp's network (untrained), POST /predict of a 28 x 28 PNG
 * RECIPE=mnist-cnn REQUESTS=4000 cli/load-test
 * cli/load-test runs/fashion/model.keras4j
 * }</pre>
 */
public final class ServeLoad {
    private ServeLoad() {
    }

    /** @param args the model file (default: an untrained mnist-mlp digits model) @throws Exception on failure */
    public static void main(String[] args) throws Exception {
        int requests = Integer.parseInt(System.getenv().getOrDefault("REQUESTS", "2000"));
        Path model = args.length > 0 ? Path.of(args[0])
                : digitsModel(System.getenv().getOrDefault("RECIPE", "mnist-mlp"));
        byte[] png = drawing();
        System.out.println("| batching | concurrency | requests | requests/s | p50 ms | p99 ms | errors | server RSS MiB |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (int batch : new int[] {64, 1}) {
            Process server = serve(model, batch);
            try {
                String url = url(server);
                long pid = server.pid();
                run(url, png, 1, 200);   // warm up
                for (int concurrency : new int[] {1, 8, 32}) {
                    long[] times = new long[requests];
                    AtomicInteger errors = new AtomicInteger();
                    long start = System.nanoTime();
                    run(url, png, concurrency, requests, times, errors);
                    double seconds = (System.nanoTime() - start) / 1e9;
                    Arrays.sort(times);
                    System.out.printf(Locale.ROOT, "| %s | %d | %d | %.0f | %.1f | %.1f | %d | %d |%n",
                            batch > 1 ? "up to " + batch : "none", concurrency, requests, requests / seconds,
                            times[requests / 2] / 1e6, times[(int) (requests * 0.99)] / 1e6, errors.get(), rss(pid));
                }
                if (batch > 1) {
                    StringBuilder memory = new StringBuilder("memory (server RSS MiB) every 2,000 of 10,000 more "
                            + "requests from 8 clients:");
                    AtomicInteger errors = new AtomicInteger();
                    for (int k = 0; k < 5; k++) {
                        run(url, png, 8, 2000, new long[2000], errors);
                        memory.append(' ').append(rss(pid));
                    }
                    System.out.println();
                    System.out.println(memory + "; errors " + errors.get());
                    System.out.println();
                }
            } finally {
                server.destroy();
                server.waitFor();
            }
        }
    }

    private static void run(String url, byte[] png, int concurrency, int n) throws Exception {
        run(url, png, concurrency, n, new long[n], new AtomicInteger());
    }

    private static void run(String url, byte[] png, int concurrency, int n, long[] times, AtomicInteger errors)
            throws Exception {
        HttpClient client = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(2)).build();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        AtomicInteger next = new AtomicInteger();
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            workers.add(pool.submit(() -> {
                for (int i; (i = next.getAndIncrement()) < n; ) {
                    long t = System.nanoTime();
                    try {
                        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url + "predict"))
                                .POST(HttpRequest.BodyPublishers.ofByteArray(png)).header("Content-Type", "image/png")
                                .build(), HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() != 200) {
                            errors.incrementAndGet();
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                    times[i] = System.nanoTime() - t;
                }
                return null;
            }));
        }
        for (Future<?> w : workers) {
            w.get();
        }
        pool.shutdown();
    }

    private static Process serve(Path model, int batch) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new ProcessBuilder(java.toString(), "-Xmx" + System.getenv().getOrDefault("SERVER_HEAP", "1g"),
                "-Dkeras4j.serve.batch=" + batch, "-cp",
                System.getProperty("java.class.path"), "keras4j.cli.Main", "serve", model.toString(), "--port", "0")
                .redirectErrorStream(true).start();
    }

    private static String url(Process server) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null || !line.contains("http://")) {
            throw new IllegalStateException("the server didn't start: " + line);
        }
        return line.substring(line.indexOf("http://"), line.indexOf(" (Ctrl-C"));
    }

    /** @return the process's resident memory in MiB (Linux's /proc) */
    private static long rss(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        return -1;
    }

    private static Path digitsModel(String name) throws Exception {
        Recipe recipe = Recipes.get(name);
        Model model = recipe.build().setSeed(1);
        recipe.compile(model);
        Path file = Files.createTempFile("keras4j-load", ".keras4j");
        new TrainedModel(model, new ModelInfo("mnist-mlp", Task.CLASSIFICATION, DataSources.mnist().getConfig(),
                DataSources.DIGITS, List.of(), "class", new ImagePreprocessing(28, 28, true, 20))).save(file);
        file.toFile().deleteOnExit();
        return file;
    }

    private static byte[] drawing() throws Exception {
        BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.setStroke(new BasicStroke(3));
        g.drawOval(8, 5, 12, 18);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
