package keras4j.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
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

    static void assertMessage(Keras4jException e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), () -> "expected '" + part + "' in: " + e.getMessage());
        }
    }

    @Test
    void aByteOrderMarkNeitherMakesAHeaderNorRenamesTheFirstColumn(@TempDir Path dir) throws Exception {
        Path headerless = table(dir, "h.csv", null, 20, false);
        Files.writeString(headerless, "\ufeff" + Files.readString(headerless));
        RecipeData data = new CsvDataSource(headerless).load();
        assertEquals(List.of("x1", "x2"), data.featureNames());
        assertEquals(20, data.trainSize() + data.testSize(), "no row taken for a header");
        Path named = table(dir, "n.csv", "\ufeffsize,a,b", 20, true);
        RecipeData withHeader = new CsvDataSource(named).labelColumn("size").load();
        assertEquals(List.of("a", "b"), withHeader.featureNames());
        assertEquals("size", new CsvDataSource(table(dir, "l.csv", "\ufeffsize,a,b", 20, true)).labelColumn("0").load()
                .targetName());
        Path bomRows = Files.writeString(dir.resolve("rows.csv"), "\ufeffb,a\n2,1\n");
        assertArrayEquals(new double[] {1, 2}, CsvDataSource.readFeatureRows(bomRows, ',', List.of("a", "b")).get(0));
    }

    @Test
    void quotedCellsHoldTheDelimiter(@TempDir Path dir) throws Exception {
        StringBuilder s = new StringBuilder("\"length, cm\";width;\"kind; sort\"\r\n");
        for (int i = 0; i < 20; i++) {
            s.append(i % 2 == 0 ? "\"1.5\";2;\"big; red\"\r\n" : "0.5;\"1\";small\r\n");
        }
        Path file = Files.writeString(dir.resolve("q.csv"), s);
        RecipeData data = new CsvDataSource(file).delimiter(';').load();
        assertEquals(List.of("length, cm", "width"), data.featureNames());
        assertEquals("kind; sort", data.targetName());
        assertEquals(List.of("big; red", "small"), data.classNames());
        Path rows = Files.writeString(dir.resolve("r.csv"), "width;\"length, cm\"\n\"2\";1.5\n");
        assertArrayEquals(new double[] {1.5, 2}, CsvDataSource.readFeatureRows(rows, ';', data.featureNames()).get(0));
    }

    @Test
    void aWordInTheFirstRowToPredictOnIsReportedAsSuchNotAsAHeader(@TempDir Path dir) throws Exception {
        Path typo = Files.writeString(dir.resolve("typo.csv"), "1,abc\n");
        Keras4jException e = assertThrows(Keras4jException.class,
                () -> CsvDataSource.readFeatureRows(typo, ',', List.of("a", "b")));
        assertMessage(e, "Line 1 of", "has 'abc' for feature 'b' (column 2), not a number");
        assertFalse(e.getMessage().contains("header"), e.getMessage());
        Path twoLines = Files.writeString(dir.resolve("two.csv"), "1,abc\n2,xyz\n");
        assertMessage(assertThrows(Keras4jException.class,
                () -> CsvDataSource.readFeatureRows(twoLines, ',', List.of("a", "b"))), "Line 1 of", "'abc'");
        Path otherNames = Files.writeString(dir.resolve("other.csv"), "c,d\n1,2\n");
        assertMessage(assertThrows(Keras4jException.class,
                () -> CsvDataSource.readFeatureRows(otherNames, ',', List.of("a", "b"))),
                "has a header without the column 'a'. Its columns are c, d; the model needs the columns a, b");
        Path ragged = Files.writeString(dir.resolve("ragged.csv"), "b,a\n1,2\n3\n");
        assertMessage(assertThrows(Keras4jException.class,
                () -> CsvDataSource.readFeatureRows(ragged, ',', List.of("a", "b"))),
                "Line 3 of", "has 1 cells, but its header has 2");
    }

    @Test
    void latin1IsRefusedNamingTheLineAndTheFix(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("latin1.csv");
        Files.write(file, "Gr\u00f6\u00dfe,a,kind\n1,2,x\n3,4,y\n".getBytes(StandardCharsets.ISO_8859_1));
        Keras4jException e = assertThrows(Keras4jException.class, () -> new CsvDataSource(file).load());
        assertMessage(e, "Line 1 of " + file, "is not UTF-8 text: byte 0xF6 after 'Gr'", "save it as UTF-8");
        e = assertThrows(Keras4jException.class, () -> CsvDataSource.readFeatureRows(file, ',', List.of("a")));
        assertMessage(e, "Line 1 of " + file, "byte 0xF6");
    }

    @Test
    void tablesThatCantTrainAClassifierSaySoInCommandLineTerms(@TempDir Path dir) throws Exception {
        Path constant = Files.writeString(dir.resolve("c.csv"), "a,b,kind\n1,2,cat\n3,4,cat\n5,6,cat\n");
        assertMessage(assertThrows(Keras4jException.class, () -> new CsvDataSource(constant).load()),
                "The label column 'kind' of", "holds only one value, 'cat'", "at least 2 classes", "--label-column");
        Path lonely = Files.writeString(dir.resolve("l.csv"), "a,b,kind\n1,2,cat\n3,4,cat\n5,6,dog\n");
        assertMessage(assertThrows(Keras4jException.class, () -> new CsvDataSource(lonely).load()),
                "The class 'dog' (label column 'kind') has only 1 row");
        Path one = Files.writeString(dir.resolve("one.csv"), "a,b,y\n1,2,0.5\n");
        assertMessage(assertThrows(Keras4jException.class, () -> new CsvDataSource(one).load()),
                "has only 1 data row");
        Path wordsFirst = table(dir, "w.csv", "kind,a,b", 10, true);
        Keras4jException e = assertThrows(Keras4jException.class, () -> new CsvDataSource(wordsFirst).load());
        assertMessage(e, "Line 2 of", "has 'small' in column 'kind', not a number", "the label column is 'b' (the last",
                "pass --label-column kind if that column is the label");
        assertFalse(e.getMessage().contains("CsvOptions"), e.getMessage());
        Path noHeader = Files.writeString(dir.resolve("nh.csv"), "1,x,0\n2,y,1\n");
        e = assertThrows(Keras4jException.class, () -> new CsvDataSource(noHeader).load());
        assertMessage(e, "Line 1 of", "has 'x' in column 2 (index 1), not a number", "--label-column 1");
        assertFalse(e.getMessage().contains("CsvOptions"), e.getMessage());
        Path unnamed = Files.writeString(dir.resolve("u.csv"), ",a,kind\n0,1,x\n1,2,y\n");
        assertMessage(assertThrows(Keras4jException.class, () -> new CsvDataSource(unnamed).load()),
                "Column 1 of", "has no name in the header", "index=False");
        Path twice = Files.writeString(dir.resolve("t.csv"), "a,a,kind\n0,1,x\n1,2,y\n");
        assertMessage(assertThrows(Keras4jException.class, () -> new CsvDataSource(twice).load()),
                "Columns 1 and 2 of", "are both named 'a'");
    }
}
