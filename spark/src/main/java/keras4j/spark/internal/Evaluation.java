package keras4j.spark.internal;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.nd4j.linalg.dataset.DataSet;

import keras4j.Model;

/**
 * Keras's {@code evaluate} over an RDD of examples: each partition scores its examples with a copy
 * of the model (broadcast once as its file's bytes); the partitions' losses and metrics are
 * averaged, weighted by their examples (exact for means such as the loss, accuracy or MAE).
 *
 * <pre>{@code
 * Map<String, Double> logs = Evaluation.evaluate(sc, model, examples, 256);   // {loss=0.31, accuracy=0.9}
 * }</pre>
 */
public final class Evaluation {
    private Evaluation() {
    }

    /** One partition's examples and its scores. */
    private record Part(long examples, LinkedHashMap<String, Double> scores) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /**
     * @param sc        the Spark context
     * @param model     the model, compiled
     * @param examples  checked examples ({@link Examples})
     * @param batchSize examples per forward pass
     * @return the loss and the compiled metrics, by name
     */
    public static Map<String, Double> evaluate(JavaSparkContext sc, Model model, JavaRDD<DataSet> examples,
                                               int batchSize) {
        Broadcast<byte[]> bytes = sc.broadcast(ModelCache.bytesOf(model));
        try {
            long id = bytes.id();
            List<Part> parts = examples.mapPartitions((Iterator<DataSet> sets) -> {
                List<DataSet> all = new ArrayList<>();
                sets.forEachRemaining(all::add);
                if (all.isEmpty()) {
                    return List.<Part>of().iterator();
                }
                DataSet merged = all.size() == 1 ? all.get(0) : DataSet.merge(all);
                Model copy = ModelCache.get(id, bytes.value(), Model::load);
                Map<String, Double> scores = copy.evaluate(merged.getFeatures(), merged.getLabels(), batchSize);
                return List.of(new Part(merged.numExamples(), new LinkedHashMap<>(scores))).iterator();
            }).collect();
            Map<String, Double> sums = new LinkedHashMap<>();
            long total = 0;
            for (Part part : parts) {
                total += part.examples();
                part.scores().forEach((k, v) -> sums.merge(k, v * part.examples(), Double::sum));
            }
            Map<String, Double> out = new LinkedHashMap<>();
            long n = total;
            sums.forEach((k, v) -> out.put(k, n == 0 ? Double.NaN : v / n));
            return out;
        } finally {
            bytes.destroy();
        }
    }
}
