package keras4j.benchmarks;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.nd4j.shade.jackson.core.type.TypeReference;
import org.nd4j.shade.jackson.databind.ObjectMapper;

import keras4j.internal.AtomicFiles;
import keras4j.internal.ModelFile;

/**
 * Writes docs/benchmarks.md from the JSON files {@link Benchmark} and the PyTorch script wrote:
 * per network, median epoch time, inference time, peak memory and test accuracy for keras4j,
 * hand-written DL4J and PyTorch, with the ratios keras4j / PyTorch and keras4j / DL4J.
 *
 * <pre>{@code
 * java -cp ... keras4j.benchmarks.Report target/bench-results docs/benchmarks.md "benchmarks/run"
 * }</pre>
 */
public final class Report {
    private static final List<String> NETWORKS = List.of("mnist-mlp", "mnist-cnn", "lenet5");

    private Report() {
    }

    /**
     * @param args the results folder, the Markdown file to write, the command that produced it, a
     *             description of the machine, and optionally a Markdown file of notes to append
     * @throws Exception on a missing or unreadable result
     */
    public static void main(String[] args) throws Exception {
        Path results = Path.of(args[0]);
        Path markdown = Path.of(args[1]);
        String command = args[2];
        String machine = args[3];
        ObjectMapper json = new ObjectMapper();
        StringBuilder md = new StringBuilder();
        md.append("# Benchmarks: keras4j, hand-written DL4J and PyTorch on the same CPU\n\n");
        md.append("Measured ").append(java.time.LocalDate.now()).append(" on ").append(machine).append(".\n");
        Map<String, Object> torchInfo = read(json, results.resolve("pytorch-mnist-mlp.json"));
        md.append("keras4j ").append(ModelFile.keras4jVersion()).append(", DL4J / ND4J ").append(ModelFile.dl4jVersion())
                .append(" (Java ").append(System.getProperty("java.version")).append("), PyTorch ")
                .append(torchInfo.get("torch_version")).append(" (Debian's python3-torch with libopenblas0-pthread). ")
                .append("Every implementation uses ").append(torchInfo.get("threads")).append(" threads.\n\n");
        md.append("Command: `").append(command).append("`\n\n");
        md.append("Same networks (the keras4j recipes), same scaled MNIST arrays, batch 100, Adam(0.001), data "
                + "reshuffled every epoch. Epoch time is the median over the epochs run; inference is the 10 000 "
                + "test images in batches of 1000, median of " + Benchmark.INFERENCE_RUNS + " runs after a warm-up (for keras4j "
                + "and raw DL4J, of those runs in 3 rounds of fresh JVMs taking turns, since one JVM's speed drifts "
                + "by 10–20 % on a shared VM); accuracy is on the test set "
                + "after the same epochs. Memory: peak resident set (VmHWM; for the JVMs it includes ND4J's native "
                + "buffers) and the peak Java heap. Ratios below 1.00× mean keras4j is faster or smaller."
                + "\n\n");
        md.append("| network | train examples × epochs | figure | keras4j | raw DL4J | PyTorch | keras4j / PyTorch | "
                + "keras4j / raw DL4J |\n|---|---|---|---|---|---|---|---|\n");
        for (String network : NETWORKS) {
            Map<String, Object> k = read(json, results.resolve("keras4j-" + network + ".json"));
            Map<String, Object> d = read(json, results.resolve("dl4j-" + network + ".json"));
            Map<String, Object> p = read(json, results.resolve("pytorch-" + network + ".json"));
            String size = k.get("train_examples") + " × " + k.get("epochs");
            row(md, network, size, "epoch time (s)", median(k, "epoch_seconds"), median(d, "epoch_seconds"),
                    median(p, "epoch_seconds"), "%.2f", true);
            row(md, "", "", "inference, 10 000 images (s)", inference(json, results, "keras4j", network, k),
                    inference(json, results, "dl4j", network, d), median(p, "inference_seconds"), "%.3f", true);
            row(md, "", "", "test accuracy", number(k, "test_accuracy"), number(d, "test_accuracy"),
                    number(p, "test_accuracy"), "%.4f", false);
            row(md, "", "", "peak resident memory (MB)", number(k, "peak_rss_mb"), number(d, "peak_rss_mb"),
                    number(p, "peak_rss_mb"), "%.0f", true);
            md.append(String.format(Locale.ROOT, "| | | peak Java heap (MB) | %.0f | %.0f | – | | |%n",
                    number(k, "peak_heap_mb"), number(d, "peak_heap_mb")));
        }
        Path notes = Path.of(args.length > 4 ? args[4] : "benchmarks/notes.md");
        if (Files.exists(notes)) {
            md.append('\n').append(Files.readString(notes));
        }
        byte[] bytes = md.toString().getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(markdown, out -> out.write(bytes));
        System.out.print(md);
    }

    private static void row(StringBuilder md, String network, String size, String figure, double keras4j, double dl4j,
                            double pytorch, String format, boolean ratios) {
        md.append("| ").append(network).append(" | ").append(size).append(" | ").append(figure).append(" | ")
                .append(String.format(Locale.ROOT, format, keras4j)).append(" | ")
                .append(String.format(Locale.ROOT, format, dl4j)).append(" | ")
                .append(String.format(Locale.ROOT, format, pytorch)).append(" | ");
        if (ratios) {
            md.append(String.format(Locale.ROOT, "%.2f×", keras4j / pytorch)).append(" | ")
                    .append(String.format(Locale.ROOT, "%.2f×", keras4j / dl4j));
        } else {
            md.append(" | ");
        }
        md.append(" |\n");
    }

    private static Map<String, Object> read(ObjectMapper json, Path file) throws java.io.IOException {
        return json.readValue(file.toFile(), new TypeReference<Map<String, Object>>() { });
    }

    /**
     * The median inference time over the alternating inference-only rounds ({@code
     * inference-IMPL-NETWORK-ROUND.json}) if there are any, else over the training run's.
     */
    @SuppressWarnings("unchecked")
    private static double inference(ObjectMapper json, Path results, String impl, String network,
                                    Map<String, Object> trainingRun) throws java.io.IOException {
        List<Object> pooled = new ArrayList<>();
        for (int round = 1; Files.exists(results.resolve(roundFile(impl, network, round))); round++) {
            pooled.addAll((List<Object>) read(json, results.resolve(roundFile(impl, network, round)))
                    .get("inference_seconds"));
        }
        return pooled.isEmpty() ? median(trainingRun, "inference_seconds")
                : median(Map.of("inference_seconds", pooled), "inference_seconds");
    }

    private static String roundFile(String impl, String network, int round) {
        return "inference-" + impl + "-" + network + "-" + round + ".json";
    }

    private static double number(Map<String, Object> result, String key) {
        return ((Number) result.get(key)).doubleValue();
    }

    @SuppressWarnings("unchecked")
    private static double median(Map<String, Object> result, String key) {
        List<Double> values = new ArrayList<>();
        for (Number n : (List<Number>) result.get(key)) {
            values.add(n.doubleValue());
        }
        values.sort(null);
        int n = values.size();
        return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
    }
}
