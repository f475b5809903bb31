package keras4j.models;

import java.util.Map;

/**
 * Where a recipe's examples come from: a named data set ({@link DataSources#get(String)}) or a
 * user's CSV file ({@link CsvDataSource}). Construction is cheap; {@link #load()} reads (and, for
 * MNIST and Fashion-MNIST, fetches when missing) the data.
 *
 * <pre>{@code
 * RecipeData data = DataSources.get("iris").load();
 * }</pre>
 */
public interface DataSource {
    /** @return the name, e.g. {@code mnist}, {@code iris} or {@code csv} */
    String name();

    /** @return one line about it */
    String description();

    /** @return classification or regression */
    Task task();

    /**
     * @return the training and test examples, split the same way on every call
     * @throws keras4j.Keras4jException when the data can't be found, fetched or read
     */
    RecipeData load();

    /** @return a JSON-ready description that {@link DataSources#fromConfig(Map)} turns back into a source */
    Map<String, Object> getConfig();
}
