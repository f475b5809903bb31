package keras4j.datasets;

import java.nio.file.Path;
import java.util.List;

/**
 * Whether a data set is on this machine, and where: what {@code keras4j datasets} lists.
 *
 * <pre>{@code
 * for (DatasetStatus s : Datasets.list()) {
 *     System.out.println(s.name() + "  " + (s.available() ? s.where() : "missing"));
 * }
 * }</pre>
 *
 * @param name        the name {@link Datasets#fetch(String)} takes, e.g. {@code mnist}
 * @param description one line
 * @param available   whether loading it needs no download
 * @param where       the folder (or folders) holding its verified files, "inside the keras4j-datasets jar",
 *                    or what is missing
 * @param files       its verified files on this machine (empty for a data set inside the jar)
 */
public record DatasetStatus(String name, String description, boolean available, String where, List<Path> files) {
    // Copies the list, so a status never changes.
    public DatasetStatus {
        files = List.copyOf(files);
    }
}
