package keras4j.benchmarks;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.nd4j.shade.jackson.core.type.TypeReference;
import org.nd4j.shade.jackson.databind.ObjectMapper;

import keras4j.internal.AtomicFiles;
import keras4j.internal.ModelFile;

/**
 * Writes docs/benchmarks.md from the JSON files of one {@code benchmarks/run}: per network and
 * implementation, the later epochs' time, the first epoch against them, inference time, peak
 * memory, test accuracy and the fraction of the machine's GEMM limit; each keras4j figure against
 * the best peer; the targets, met or not; and where keras4j's memory goes.
 *
 * <p>Result files are {@code IMPL-NETWORK-rROUND.json} for the implementations {@link #IMPLS},
 * and {@code gemm-IMPL.json}. A figure over several rounds (fresh processes taking turns) is the
 * median of the rounds' figures; inference pools every round's timed runs.
 *
 * <pre>{@code
 * java -cp ... keras4j.benchmarks.Report results docs/benchmarks.md "benchmarks/run" "machine" benchmarks/notes.md
 * }</pre>
 */
public final class Report {
    private static final List<String> NETWORKS = List.of("mnist-mlp", "mnist-cnn", "lenet5");
    /** Every implementation measured, in the report's column order. */
    static final List<String> IMPLS = List.of("keras4j", "dl4j", "pytorch-default", "pytorch-tuned", "djl");
    /** The peers keras4j is measured against: the strongest of them on each figure is "the best peer". */
    private static final List<String> PEERS = List.of("pytorch-default", "pytorch-tuned", "djl");
    private static final Map<String, String> TITLES = Map.of(
            "keras4j", "keras4j", "dl4j", "raw DL4J", "pytorch-default", "PyTorch 1.13, default threads",
            "pytorch-tuned", "PyTorch 1.13, tuned threads", "djl", "DJL 0.36 + PyTorch 2.7.1");

    private final Path results;
    private final ObjectMapper json = new ObjectMapper();

    private Report(Path results) {
        this.results = results;
    }

    /**
     * @param args the results folder, the Markdown file to write, the command that produced it, a
     *             description of the machine, and optionally a Markdown file of notes to append
     * @throws Exception on a missing or unreadable result
     */
    public static void main(String[] args) throws Exception {
        Report report = new Report(Path.of(args[0]));
        String md = report.markdown(args[2], args[3])
                + notes(Path.of(args.length > 4 ? args[4] : "benchmarks/notes.md"));
        byte[] bytes = md.getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(Path.of(args[1]), out -> out.write(bytes));
        System.out.print(md);
    }

    private static String notes(Path notes) throws java.io.IOException {
        return Files.exists(notes) ? "\n" + Files.readString(notes) : "";
    }

    private String markdown(String command, String machine) throws java.io.IOException {
        Map<String, Object> torch = read("gemm-pytorch.json");
        Map<String, Object> djl = read("gemm-djl.json");
        Map<String, Object> nd4j = read("gemm-nd4j.json");
        double limit = Math.max(number(nd4j, "square_2048_gflops"),
                Math.max(number(torch, "square_2048_gflops"), number(djl, "square_2048_gflops")));
        StringBuilder md = new StringBuilder();
        md.append("# Benchmarks: keras4j against the strongest peers on the same CPU\n\n");
        md.append("Measured ").append(java.time.LocalDate.now()).append(" on ").append(machine).append(".\n");
        md.append("keras4j ").append(ModelFile.keras4jVersion()).append(", DL4J / ND4J ").append(ModelFile.dl4jVersion())
                .append(" (Java ").append(System.getProperty("java.version")).append("); PyTorch ")
                .append(torch.get("torch_version")).append(" (Debian's python3-torch with libopenblas0-pthread); ")
                .append("DJL 0.36.0 with PyTorch 2.7.1 (libtorch from Maven Central, with jemalloc). ")
                .append("Every implementation uses ").append(torch.get("threads")).append(" threads.\n\n");
        md.append("Command: `").append(command).append("`\n\n");
        md.append("""
                Same networks (the keras4j recipes), same scaled MNIST arrays, batch 100, Adam(0.001), data \
                reshuffled every epoch; every implementation runs in its own fresh process, and the \
                implementations take turns, round after round (the figures are the median over the rounds). \
                **Epoch** is the median of the epochs after the first; **first epoch** is the first one \
                (warm-up included) over that median. **Inference** is the 10 000 test images in batches of \
                1000 (median of every timed run of every round, each after a warm-up). **Peak memory** is \
                the peak resident set (VmHWM; for the JVMs it includes ND4J's native buffers). **Of the \
                limit** is the network's matrix-multiply work (`Flops.java`: forward, weight-gradient and \
                input-gradient products, none for the first layer's input) over the machine's float32 GEMM \
                peak, over the measured time: the fraction of the machine a perfect implementation would \
                reach 100 % of. Accuracy is on the test set after the epochs. Ratios are keras4j over the \
                best peer (below 1.00x keras4j is faster or smaller).

                PyTorch's default threads: Debian's PyTorch 1.13 uses OpenMP and a threaded OpenBLAS whose \
                idle threads spin and take the 2 cores from each other; tuned is `OMP_WAIT_POLICY=PASSIVE \
                OPENBLAS_THREAD_TIMEOUT=4`, the setting that is fastest for it here, with OpenBLAS's \
                kernels named for the CPU (`OPENBLAS_CORETYPE`, as keras4j names them for itself: both \
                OpenBLAS builds fall back to generic kernels on CPUs newer than they are). DJL runs with \
                `ai.djl.pytorch.num_threads=2`, one inter-op thread and jemalloc preloaded with the \
                `MALLOC_CONF` of PyTorch's CPU tuning guide.

                """);
        md.append("## The limit: float32 GEMM on this machine (GFLOP/s)\n\n");
        md.append("| BLAS | 2048 x 2048 x 2048 | 100 x 784 . 784 x 1000 (mnist-mlp's first layer) |\n|---|---|---|\n");
        md.append(String.format(Locale.ROOT, "| ND4J (%s) | %.0f | %.0f |%n", nd4j.get("blas"),
                number(nd4j, "square_2048_gflops"), number(nd4j, "mlp_100x784x1000_gflops")));
        md.append(String.format(Locale.ROOT, "| PyTorch 1.13 (Debian's OpenBLAS, tuned) | %.0f | %.0f |%n",
                number(torch, "square_2048_gflops"), number(torch, "mlp_100x784x1000_gflops")));
        md.append(String.format(Locale.ROOT, "| DJL's libtorch 2.7.1 (MKL) | %.0f | %.0f |%n%n",
                number(djl, "square_2048_gflops"), number(djl, "mlp_100x784x1000_gflops")));
        md.append(String.format(Locale.ROOT, "The limit used below is the fastest: %.0f GFLOP/s.%n%n", limit));

        md.append("## Speed and memory\n\n| network | figure |");
        for (String impl : IMPLS) {
            md.append(' ').append(TITLES.get(impl)).append(" |");
        }
        md.append(" best peer | keras4j / best peer |\n|---|---|");
        md.append("---|".repeat(IMPLS.size() + 2)).append('\n');
        List<String> targets = new ArrayList<>();
        for (String network : NETWORKS) {
            Map<String, Figures> figures = new LinkedHashMap<>();
            for (String impl : IMPLS) {
                figures.put(impl, figures(impl, network));
            }
            Figures k = figures.get("keras4j");
            double trainFlops = Flops.trainingPerExample(network) * k.examples;
            double inferFlops = Flops.inferencePerExample(network) * 10000;
            String size = " (" + k.examples + " examples)";
            row(md, network + size, "epoch (s)", figures, f -> f.epoch, "%.2f", true, targets,
                    network + " training epoch", 1.0);
            row(md, "", "first epoch / later", figures, f -> f.firstOverLater, "%.2f", false, targets,
                    network + " first epoch / later", 1.1);
            row(md, "", "inference (s)", figures, f -> f.inference, "%.3f", true, targets,
                    network + " inference", 1.0);
            row(md, "", "peak memory (MB)", figures, f -> f.peakRss, "%.0f", true, targets,
                    network + " peak memory / PyTorch's", 1.5);
            row(md, "", "training, of the limit", figures, f -> trainFlops / (limit * 1e9) / f.epoch, "%.0f%%",
                    false, null, null, 0);
            row(md, "", "inference, of the limit", figures, f -> inferFlops / (limit * 1e9) / f.inference, "%.0f%%",
                    false, null, null, 0);
            row(md, "", "test accuracy", figures, f -> f.accuracy, "%.4f", false, null, null, 0);
            if (network.equals("mnist-mlp")) {
                double fraction = trainFlops / (limit * 1e9) / k.epoch;
                targets.add(String.format(Locale.ROOT, "| mnist-mlp training, of the limit | %.0f %% | >= 40 %% | %s |",
                        100 * fraction, fraction >= 0.40 ? "met" : "**not met**"));
            }
        }
        md.append("\n## The targets (issue 15)\n\n| target | measured | asked | |\n|---|---|---|---|\n");
        for (String target : targets) {
            md.append(target).append('\n');
        }
        md.append(memory());
        return md.toString();
    }

    /** Where keras4j's memory goes, from the checkpoints Benchmark records, per network. */
    private String memory() throws java.io.IOException {
        StringBuilder md = new StringBuilder("""

                ## Where keras4j's memory goes (MB, median over the rounds)

                The resident set at the JVM's start, once ND4J's native libraries are loaded, once the \
                harness's own data arrays exist (MNIST as float32 with no second copy: the 60 000 training \
                images alone are 188 MB, as in PyTorch's script), after the training epochs, and at its \
                peak (inference and evaluation come after training). keras4j's own share is the peak over \
                the data-loaded figure. Heap is the Java heap's peak use and the most the JVM had committed \
                to it; the rest of the resident set is native: ND4J's arrays, which are freed when the \
                garbage collector finds their Java handles, the native libraries, and the JVM itself.

                | network | JVM start | + ND4J loaded | + harness data | after training | peak | keras4j's share | heap used / committed |
                |---|---|---|---|---|---|---|---|
                """);
        for (String network : NETWORKS) {
            List<Map<String, Object>> runs = runs("keras4j", network);
            md.append(String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f / %.0f |%n", network,
                    medianOf(runs, r -> at(r, "jvm_start_rss_mb")), medianOf(runs, r -> at(r, "nd4j_loaded_rss_mb")),
                    medianOf(runs, r -> at(r, "data_loaded_rss_mb")), medianOf(runs, r -> at(r, "trained_rss_mb")),
                    medianOf(runs, r -> number(r, "peak_rss_mb")),
                    medianOf(runs, r -> number(r, "peak_rss_mb") - at(r, "data_loaded_rss_mb")),
                    medianOf(runs, r -> number(r, "peak_heap_mb")), medianOf(runs, r -> number(r, "peak_heap_committed_mb"))));
        }
        return md.toString();
    }

    /** One implementation's figures on one network, over its rounds. */
    private record Figures(int examples, double epoch, double firstOverLater, double inference, double peakRss,
                           double accuracy) {
    }

    private Figures figures(String impl, String network) throws java.io.IOException {
        List<Map<String, Object>> runs = runs(impl, network);
        List<Double> inference = new ArrayList<>();
        for (Map<String, Object> run : runs) {
            inference.addAll(numbers(run, "inference_seconds"));
        }
        return new Figures(((Number) runs.get(0).get("train_examples")).intValue(),
                medianOf(runs, r -> median(later(r))),
                medianOf(runs, r -> numbers(r, "epoch_seconds").get(0) / median(later(r))),
                median(inference), medianOf(runs, r -> number(r, "peak_rss_mb")),
                medianOf(runs, r -> number(r, "test_accuracy")));
    }

    private static List<Double> later(Map<String, Object> run) {
        List<Double> epochs = numbers(run, "epoch_seconds");
        return epochs.size() > 1 ? epochs.subList(1, epochs.size()) : epochs;
    }

    private interface Figure {
        double of(Figures figures);
    }

    private interface RunFigure {
        double of(Map<String, Object> run);
    }

    /**
     * One row of the table; with {@code againstPeer}, the best (smallest) peer and keras4j's ratio to
     * it. A target row adds a line to {@code targets}: keras4j's ratio to the best peer (to PyTorch's
     * best for memory; keras4j's own first-epoch ratio) against {@code asked}.
     */
    private static void row(StringBuilder md, String network, String name, Map<String, Figures> figures, Figure figure,
                            String format, boolean againstPeer, List<String> targets, String target, double asked) {
        md.append("| ").append(network).append(" | ").append(name).append(" |");
        for (String impl : IMPLS) {
            double value = figure.of(figures.get(impl));
            md.append(' ').append(String.format(Locale.ROOT, format, format.contains("%%") ? 100 * value : value))
                    .append(" |");
        }
        double keras4j = figure.of(figures.get("keras4j"));
        if (againstPeer) {
            boolean memory = name.startsWith("peak memory");
            String best = null;
            for (String peer : PEERS) {
                if ((!memory || peer.startsWith("pytorch"))
                        && (best == null || figure.of(figures.get(peer)) < figure.of(figures.get(best)))) {
                    best = peer;
                }
            }
            double ratio = keras4j / figure.of(figures.get(best));
            md.append(' ').append(TITLES.get(best)).append(" | ")
                    .append(String.format(Locale.ROOT, "**%.2fx** |", ratio)).append('\n');
            if (targets != null) {
                targets.add(String.format(Locale.ROOT, "| %s | %.2fx (%s) | <= %.1fx | %s |", target, ratio,
                        TITLES.get(best), asked, ratio <= asked ? "met" : "**not met**"));
            }
        } else {
            md.append(" | |\n");
            if (targets != null) {
                targets.add(String.format(Locale.ROOT, "| %s | %.2fx | <= %.1fx | %s |", target, keras4j, asked,
                        keras4j <= asked ? "met" : "**not met**"));
            }
        }
    }

    private List<Map<String, Object>> runs(String impl, String network) throws java.io.IOException {
        List<Map<String, Object>> runs = new ArrayList<>();
        for (int round = 1; Files.exists(results.resolve(impl + "-" + network + "-r" + round + ".json")); round++) {
            runs.add(read(impl + "-" + network + "-r" + round + ".json"));
        }
        if (runs.isEmpty()) {
            throw new java.io.FileNotFoundException(results.resolve(impl + "-" + network + "-r1.json").toString());
        }
        return runs;
    }

    private Map<String, Object> read(String file) throws java.io.IOException {
        return json.readValue(results.resolve(file).toFile(), new TypeReference<Map<String, Object>>() { });
    }

    @SuppressWarnings("unchecked")
    private static double at(Map<String, Object> run, String key) {
        return number((Map<String, Object>) run.get("memory_at"), key);
    }

    private static double number(Map<String, Object> result, String key) {
        return ((Number) result.get(key)).doubleValue();
    }

    @SuppressWarnings("unchecked")
    private static List<Double> numbers(Map<String, Object> result, String key) {
        List<Double> values = new ArrayList<>();
        for (Number n : (List<Number>) result.get(key)) {
            values.add(n.doubleValue());
        }
        return values;
    }

    private static double medianOf(List<Map<String, Object>> runs, RunFigure figure) {
        List<Double> values = new ArrayList<>();
        for (Map<String, Object> run : runs) {
            values.add(figure.of(run));
        }
        return median(values);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
