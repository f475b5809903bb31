package keras4j.datasets.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A Debian package carrying a data set's files: {@code apt-get download NAME} into a scratch
 * folder (after {@code apt-get update} when the package lists do not know it yet), then
 * {@code dpkg-deb -x} to unpack it. Neither needs root, apart from the update.
 *
 * <pre>{@code
 * new AptSource(new RegistryPackage(Client.APT, "dataset-fashion-mnist", "usr/share/datasets/fashion-mnist/"),
 *         runner, workDir).fetch(missing, store, notes);
 * }</pre>
 */
public final class AptSource implements Source {
    private final RegistryPackage pkg;
    private final ProcessRunner runner;
    private final Path workRoot;

    /**
     * @param pkg      the package and the folder inside it
     * @param runner   runs {@code apt-get} and {@code dpkg-deb}
     * @param workRoot where the scratch folder is made
     */
    public AptSource(RegistryPackage pkg, ProcessRunner runner, Path workRoot) {
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
        for (String client : List.of("apt-get", "dpkg-deb")) {
            if (runner.find(client).isEmpty()) {
                notes.add("`" + client + "` is not on the PATH (" + runner.searchPath() + ")");
                return;
            }
        }
        Path work = null;
        try {
            Files.createDirectories(workRoot);
            work = Files.createTempDirectory(workRoot, "keras4j-apt-");
            List<String> download = List.of("apt-get", "download", pkg.name());
            ProcessRunner.Result downloaded = runner.run(download, work);
            if (!downloaded.ok() && packageListsLackIt(downloaded.output())) {
                ProcessRunner.Result updated = runner.run(List.of("apt-get", "update"), work);
                if (!updated.ok()) {
                    notes.add(downloaded.describe());
                    notes.add(updated.describe() + "\n      (apt-get update needs root: run `sudo apt-get update` "
                            + "once, or `sudo apt-get install " + pkg.name() + "`)");
                    return;
                }
                downloaded = runner.run(download, work);
            }
            if (!downloaded.ok()) {
                notes.add(downloaded.describe());
                return;
            }
            List<Path> debs = Folders.filesEndingWith(work, ".deb");
            if (debs.isEmpty()) {
                notes.add(downloaded.describe() + "\n      but it left no .deb file");
                return;
            }
            Path unpacked = work.resolve("unpacked");
            ProcessRunner.Result extracted = runner.run(
                    List.of("dpkg-deb", "-x", debs.get(0).toString(), unpacked.toString()), work);
            if (!extracted.ok()) {
                notes.add(extracted.describe());
                return;
            }
            for (IdxFile file : wanted) {
                Path found = findIn(unpacked.resolve(pkg.folder()), file);
                if (found == null) {
                    notes.add("has no " + pkg.folder() + file.name() + " (or .gz)");
                    continue;
                }
                try (InputStream in = Files.newInputStream(found)) {
                    store.put(file, in, describe() + " file /" + unpacked.relativize(found), null);
                } catch (IOException e) {
                    notes.add("/" + unpacked.relativize(found) + ": " + e.getMessage());
                }
            }
        } catch (IOException e) {
            notes.add("failed: " + e);
        } finally {
            if (work != null) {
                Folders.deleteQuietly(work);
            }
        }
    }

    private static boolean packageListsLackIt(String output) {
        String lower = output.toLowerCase(Locale.ROOT);
        return lower.contains("unable to locate package") || lower.contains("no candidate")
                || lower.contains("can't select");
    }

    private static Path findIn(Path folder, IdxFile file) {
        for (String name : List.of(file.name(), file.gzipName())) {
            Path candidate = folder.resolve(name);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
