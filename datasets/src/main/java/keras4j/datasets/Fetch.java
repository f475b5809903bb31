package keras4j.datasets;

import java.util.ArrayList;
import java.util.List;

import keras4j.Keras4jException;

/**
 * Fetches data sets into the cache from the command line, e.g. in CI before the tests:
 * {@code mvn -pl datasets exec:java -Dexec.mainClass=keras4j.datasets.Fetch -Dexec.args="mnist fashion-mnist"}.
 * With no names, or {@code all}, fetches every data set; {@code --list} only lists where each is.
 * Exits with status 1 when a data set cannot be fetched, 2 for an unknown name.
 *
 * <pre>{@code
 * Fetch.main(new String[] {"mnist"});
 * }</pre>
 */
public final class Fetch {
    private Fetch() {
    }

    /**
     * @param args data set names, {@code all}, or {@code --list}
     */
    public static void main(String[] args) {
        List<String> names = new ArrayList<>(List.of(args));
        if (names.equals(List.of("--list"))) {
            for (DatasetStatus status : Datasets.list()) {
                System.out.println(status.name() + ": " + status.where());
            }
            return;
        }
        if (names.isEmpty() || names.contains(Datasets.ALL)) {
            names = Datasets.names();
        }
        for (String name : names) {
            if (!Datasets.names().contains(name)) {
                System.err.println("keras4j: unknown data set '" + name + "'. Known: "
                        + String.join(", ", Datasets.names()) + ", " + Datasets.ALL + ".");
                System.exit(2);
            }
        }
        for (String name : names) {
            try {
                DatasetStatus status = Datasets.fetch(name);
                System.out.println(status.name() + ": " + status.where());
            } catch (Keras4jException e) {
                System.err.println("keras4j: " + e.getMessage());
                System.exit(1);
            }
        }
    }
}
