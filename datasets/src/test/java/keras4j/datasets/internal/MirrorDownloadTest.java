package keras4j.datasets.internal;

import static keras4j.datasets.internal.Fixtures.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import keras4j.Keras4jException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mirror path against an HTTP server on loopback that misbehaves in the ways networks do. */
class MirrorDownloadTest {
    @TempDir
    Path home;
    @TempDir
    Path work;

    private HttpServer server;
    private String base;
    private final AtomicInteger requests = new AtomicInteger();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        Map<String, byte[]> contents = Fixtures.contents();
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            String[] parts = exchange.getRequestURI().getPath().split("/");
            String mode = parts[1];
            String name = parts[parts.length - 1].replace(".gz", "");
            byte[] gz = contents.containsKey(name) ? Fixtures.gzip(contents.get(name)) : null;
            switch (mode) {
                case "good" -> send(exchange, 200, gz);
                case "raw" -> send(exchange, 200, contents.get(name));
                case "wrong" -> send(exchange, 200, Fixtures.gzip(Fixtures.labels(3, 2)));
                case "html" -> send(exchange, 200, "<html>moved</html>".getBytes());
                case "drop" -> {
                    // Announce the whole file, send half of it, hang up.
                    exchange.sendResponseHeaders(200, gz.length);
                    OutputStream out = exchange.getResponseBody();
                    out.write(gz, 0, gz.length / 2);
                    out.flush();
                    exchange.close();
                }
                default -> send(exchange, 404, "not here".getBytes());
            }
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private ImageDatasetStore store(String... mirrors) {
        ImageDatasetSpec spec = Fixtures.spec("tiny", List.of(), List.of(mirrors), List.of());
        return new ImageDatasetStore(spec, Fixtures.settings(home, "", work));
    }

    private Path cache() {
        return home.resolve("datasets").resolve("tiny");
    }

    @Test
    void downloadsVerifiesAndCachesUncompressed() throws IOException {
        ImageDatasetStore store = store(base + "good/");

        Map<IdxFile, Path> files = store.ensure();

        assertEquals(Fixtures.allNames(), Fixtures.listing(cache()));
        for (Map.Entry<IdxFile, Path> e : files.entrySet()) {
            assertEquals(cache().resolve(e.getKey().name()), e.getValue());
            assertArrayEquals(Fixtures.contents().get(e.getKey().name()), Files.readAllBytes(e.getValue()));
        }
        assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(cache().resolve("t10k-labels-idx1-ubyte"))));
        int afterFirst = requests.get();
        assertEquals(4, afterFirst);
        store.ensure();
        assertEquals(afterFirst, requests.get(), "a complete cache needs no download");
    }

    @Test
    void acceptsAMirrorThatServesUncompressedFiles() {
        store(base + "raw").ensure();
        assertEquals(Fixtures.allNames(), Fixtures.listing(cache()));
    }

    @Test
    void connectionDroppedMidFileLeavesNothingBehind() {
        Keras4jException e = assertThrows(Keras4jException.class, () -> store(base + "drop/").ensure());
        assertMessage(e, "Data set 'tiny' is not available", base + "drop/train-images-idx3-ubyte.gz",
                "download failed");
        assertEquals(List.of(), Fixtures.listing(cache()));
    }

    @Test
    void wrongBytesAreNeverUsedNorLeftBehind() {
        Keras4jException e = assertThrows(Keras4jException.class, () -> store(base + "wrong/").ensure());
        assertMessage(e, base + "wrong/train-labels-idx1-ubyte.gz has SHA-256", "expected "
                + Fixtures.spec("x", List.of(), List.of(), List.of()).trainLabels().sha256());
        assertEquals(List.of(), Fixtures.listing(cache()));

        e = assertThrows(Keras4jException.class, () -> store(base + "html/").ensure());
        assertMessage(e, base + "html/t10k-images-idx3-ubyte.gz has SHA-256");
        assertEquals(List.of(), Fixtures.listing(cache()));
    }

    @Test
    void fallsBackToTheNextMirror() {
        store(base + "missing/", base + "drop/", base + "good/").ensure();
        assertEquals(Fixtures.allNames(), Fixtures.listing(cache()));
    }

    @Test
    void unreachableMirrorIsTriedOnceAndEveryPlaceIsListed() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String dead = "http://127.0.0.1:" + closedPort + "/mnist/";

        Keras4jException e = assertThrows(Keras4jException.class, () -> store(dead, base + "missing/").ensure());

        assertMessage(e, "4 of its 4 files", "1. cache " + cache(), "no train-images-idx3-ubyte",
                "2. mirror " + dead + ": cannot reach the host", "its other files were not tried",
                "3. mirror " + base + "missing/: ", "HTTP 404", "To fix:", "keras4j.datasets.mirrors.tiny");
        assertEquals(4, requests.get(), "the 404 mirror is asked for every file, the dead one for none");
        assertEquals(List.of(), Fixtures.listing(cache()));
    }

    @Test
    void corruptCacheFileIsReplaced() throws IOException {
        store(base + "good/").ensure();
        Path labels = cache().resolve("train-labels-idx1-ubyte");
        Files.write(labels, Fixtures.labels(Fixtures.TRAIN, 2));

        store(base + "good/").ensure();

        assertArrayEquals(Fixtures.contents().get("train-labels-idx1-ubyte"), Files.readAllBytes(labels));
        assertEquals(Fixtures.allNames(), Fixtures.listing(cache()));
    }

    @Test
    void corruptCacheFileWithNowhereToFetchFromIsDeletedAndReported() throws IOException {
        store(base + "good/").ensure();
        Path labels = cache().resolve("train-labels-idx1-ubyte");
        Files.write(labels, Fixtures.labels(Fixtures.TRAIN, 2));

        Keras4jException e = assertThrows(Keras4jException.class, () -> store().ensure());

        assertMessage(e, "train-labels-idx1-ubyte failed its SHA-256 check (deleted)");
        assertTrue(Files.notExists(labels));
    }

    @Test
    void staleTemporaryFilesOfAKilledDownloadAreCleared() throws IOException {
        Files.createDirectories(cache());
        Path stale = Files.writeString(cache().resolve(".train-images-idx3-ubyte.123.tmp"), "half");
        Files.setLastModifiedTime(stale, java.nio.file.attribute.FileTime.fromMillis(0));
        Path recent = Files.writeString(cache().resolve(".t10k-images-idx3-ubyte.456.tmp"), "in progress elsewhere");

        store(base + "good/").ensure();

        assertTrue(Files.notExists(stale));
        assertTrue(Files.exists(recent), "a young one may be another process's download");
    }
}
