package keras4j.datasets.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Small folder chores for the sources' scratch folders.
 *
 * <pre>{@code
 * Path work = Files.createTempDirectory(root, "keras4j-npm-");
 * try { ... } finally { Folders.deleteQuietly(work); }
 * }</pre>
 */
public final class Folders {
    private Folders() {
    }

    /** @param folder a folder to remove with everything in it; failures are ignored */
    public static void deleteQuietly(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // A scratch folder we cannot remove is not worth failing a load for.
        }
    }

    /**
     * @param folder a folder
     * @param suffix a file name ending, e.g. {@code .tgz}
     * @return the files directly in it with that ending, sorted
     * @throws IOException when it cannot be listed
     */
    public static List<Path> filesEndingWith(Path folder, String suffix) throws IOException {
        try (Stream<Path> list = Files.list(folder)) {
            return list.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }
}
