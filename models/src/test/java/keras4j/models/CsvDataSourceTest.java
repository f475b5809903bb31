package keras4j.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import keras4j.Keras4jException;

class CsvDataSourceTest {

    static Path table(Path dir, String name, String header, int rows, boolean wordLabels) throws Exception {
        StringBuilder s = new StringBuilder(header == null ? "" : header + "\n");
        for (int i = 0; i < rows; i++) {
            int label = i % 2;
            double a = label * 2 + (i % 5) * 0.1;
            double b = -label + (i % 3) * 0.2;
            s.append(label == 0 && wordLabels ? "small" : wordLabels ? "large" : Integer.toString(label)).append(',')
                    .append(a).append(',').append(b).append('\n');
        }
        return Files.writeString(dir.resolve(name), s.toString());
    }

    @Test
    void findsTheHeaderTheLabelColumnAndTheClasses(@TempDir Path dir) throws Exception {
        Path file = table(dir, "t.csv", "size,a,b", 40, true);
        RecipeData data = new CsvDataSource(file).labelColumn("size").load();
        assertEquals(Task.CLASSIFICATION, data.task());
        assertEquals(List.of("large", "small"), data.classNames());
        assertEquals(List.of("a", "b"), data.featureNames());
        assertEquals("size", data.targetName());
        assertEquals(32, data.trainSize());
        assertEquals(8, data.testSize());
        RecipeData byIndex = new CsvDataSource(file).labelColumn("0").load();
        assertEquals(data.classNames(), byIndex.classNames());
    }

    @Test
    void aHeaderlessTableWithWordLabelsIsNotMistakenForAHeader(@TempDir Path dir) throws Exception {
        Path file = table(dir, "t.csv", null, 20, true);
        RecipeData data = new CsvDataSource(file).labelColumn("0").load();
        assertEquals(List.of("x1", "x2"), data.featureNames());
        assertEquals(20, data.trainSize() + data.testSize());
    }

    @Test
    void decidesTheTaskFromTheLabels(@TempDir Path dir) throws Exception {
        Path classes = table(dir, "c.csv", "k,a,b", 20, false);
        assertEquals(Task.CLASSIFICATION, new CsvDataSource(classes).labelColumn("k").task());
        Path values = Files.writeString(dir.resolve("v.csv"), "x,y\n1,0.5\n2,1.7\n3,2.25\n4,3.1\n5,4.9\n");
        CsvDataSource regression = new CsvDataSource(values);
        assertEquals(Task.REGRESSION, regression.task());
        assertEquals(List.of(), regression.load().classNames());
        Keras4jException e = assertThrows(Keras4jException.class,
                () -> new CsvDataSource(table(dir, "w.csv", "k,a,b", 10, true)).labelColumn("k")
                        .task(Task.REGRESSION).load());
        assertTrue(e.getMessage().contains("not a number") && e.getMessage().contains("--task"), e.getMessage());
    }

    @Test
    void namesTheColumnsWhenTheLabelColumnIsUnknown(@TempDir Path dir) throws Exception {
        Path file = table(dir, "t.csv", "size,a,b", 10, true);
        Keras4jException e = assertThrows(Keras4jException.class,
                () -> new CsvDataSource(file).labelColumn("species").load());
        assertTrue(e.getMessage().contains("no column 'species'") && e.getMessage().contains("size, a, b"),
                e.getMessage());
        e = assertThrows(Keras4jException.class, () -> new CsvDataSource(dir.resolve("none.csv")).load());
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void readsRowsToPredictOnByHeaderNameOrInOrder(@TempDir Path dir) throws Exception {
        Path named = Files.writeString(dir.resolve("named.csv"), "b,size,a\n2,small,1\n4,large,3\n");
        List<double[]> rows = CsvDataSource.readFeatureRows(named, ',', List.of("a", "b"));
        assertArrayEquals(new double[] {1, 2}, rows.get(0));
        assertArrayEquals(new double[] {3, 4}, rows.get(1));
        Path plain = Files.writeString(dir.resolve("plain.csv"), "1,2\n");
        assertArrayEquals(new double[] {1, 2}, CsvDataSource.readFeatureRows(plain, ',', List.of("a", "b")).get(0));
        Path extra = Files.writeString(dir.resolve("extra.csv"), "1,2,3\n");
        Keras4jException e = assertThrows(Keras4jException.class,
                () -> CsvDataSource.readFeatureRows(extra, ',', List.of("a", "b")));
        assertTrue(e.getMessage().contains("has 3 values, but the model needs 2"), e.getMessage());
    }

    @Test
    void configRoundTrips(@TempDir Path dir) throws Exception {
        Path file = table(dir, "t.csv", "size,a,b", 10, true);
        CsvDataSource source = new CsvDataSource(file).labelColumn("size").task(Task.CLASSIFICATION).testSize(0.3)
                .seed(7);
        DataSource back = DataSources.fromConfig(source.getConfig());
        assertEquals(source.getConfig(), back.getConfig());
    }
}
