package keras4j.datasets;

import static keras4j.datasets.internal.Fixtures.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import keras4j.Keras4jException;
import keras4j.datasets.internal.CsvReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTest {
    @TempDir
    Path dir;

    private Path write(String text) throws IOException {
        Path file = dir.resolve("data.csv");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void labelLastByDefault() throws IOException {
        LabeledData data = Csv.load(write("1,2,0\n3,4.5,1\n-1,0,1\n"));
        assertArrayEquals(new float[][] {{1, 2}, {3, 4.5f}, {-1, 0}}, data.x().toFloatMatrix());
        assertArrayEquals(new float[] {0, 1, 1}, data.y().toFloatVector());
    }

    @Test
    void headerDelimiterLabelColumnAndClassNames() throws IOException {
        Path file = write("kind;a;b\ncat;1;2\n\ndog;3;4\n");
        LabeledData data = Csv.load(file, new CsvOptions().header(true).delimiter(';').labelColumn(0)
                .classNames(List.of("dog", "cat")));
        assertArrayEquals(new float[][] {{1, 2}, {3, 4}}, data.x().toFloatMatrix());
        assertArrayEquals(new float[] {1, 0}, data.y().toFloatVector());
    }

    @Test
    void badCellNamesRowAndColumn() throws IOException {
        Path file = write("a,b,label\n1,2,0\n3,x7,1\n");
        Keras4jException e = assertThrows(Keras4jException.class,
                () -> Csv.load(file, new CsvOptions().header(true)));
        assertMessage(e, "row 3, column 2 ('b')", file.toString(), "'x7', not a number");

        Path headerless = write("a,b,label\n1,2,0\n");
        assertMessage(assertThrows(Keras4jException.class, () -> Csv.load(headerless)), "row 1, column 1",
                "header(true)");

        Path nan = write("1,NaN,0\n");
        assertMessage(assertThrows(Keras4jException.class, () -> Csv.load(nan)), "row 1, column 2", "'NaN'");

        Path empty = write("1,,0\n");
        assertMessage(assertThrows(Keras4jException.class, () -> Csv.load(empty)), "row 1, column 2", "''");
    }

    @Test
    void otherMistakes() throws IOException {
        Path ragged = write("1,2,0\n3,1\n");
        assertMessage(assertThrows(Keras4jException.class, () -> Csv.load(ragged)), "Row 2", "has 2 cells, expected 3");

        Path unknownClass = write("1,2,cat\n1,2,cow\n");
        assertMessage(assertThrows(Keras4jException.class,
                () -> Csv.load(unknownClass, new CsvOptions().classNames(List.of("cat", "dog")))),
                "row 2, column 3", "'cow'", "[cat, dog]");

        Path narrow = write("1,2\n");
        assertMessage(assertThrows(Keras4jException.class, () -> Csv.load(narrow, new CsvOptions().labelColumn(5))),
                "label column is 5");

        assertMessage(assertThrows(Keras4jException.class, () -> Csv.load(write("a,b\n"),
                new CsvOptions().header(true))), "no data rows");
        assertMessage(assertThrows(Keras4jException.class, () -> Csv.load(dir.resolve("nope.csv"))),
                "nope.csv does not exist");
    }

    @Test
    void aByteOrderMarkIsSkippedWithOrWithoutAHeader() throws IOException {
        LabeledData headerless = Csv.load(write("\ufeff1,2,0\n3,4,1\n"));
        assertArrayEquals(new float[][] {{1, 2}, {3, 4}}, headerless.x().toFloatMatrix());
        LabeledData withHeader = Csv.load(write("\ufeffa,b,kind\n1,2,cat\n"), new CsvOptions().header(true)
                .classNames(List.of("cat")));
        assertArrayEquals(new float[][] {{1, 2}}, withHeader.x().toFloatMatrix());
    }

    @Test
    void quotedCellsMayHoldTheDelimiterAndQuotes() throws IOException {
        Path file = write("\"length, cm\",width,kind\r\n\"5.1\",3.5,\"big, red\"\r\n4.9,3,\"a \"\"b\"\" c\"\r\n"
                + "1,2,C:\\dir\rgap,");
        assertMessage(assertThrows(Keras4jException.class, () -> Csv.load(file, new CsvOptions().header(true)
                .classNames(List.of("big, red", "a \"b\" c", "C:\\dir")))), "Row 5 of", "has 2 cells, expected 3");
        Path good = write("\"length, cm\",width,kind\r\n\"5.1\",3.5,\"big, red\"\r\n4.9,3,\"a \"\"b\"\" c\"\r"
                + "1,2,C:\\dir\n");
        LabeledData data = Csv.load(good, new CsvOptions().header(true).classNames(List.of("big, red", "a \"b\" c",
                "C:\\dir")));
        assertArrayEquals(new float[][] {{5.1f, 3.5f}, {4.9f, 3}, {1, 2}}, data.x().toFloatMatrix());
        assertArrayEquals(new float[] {0, 1, 2}, data.y().toFloatVector());
        assertMessage(assertThrows(Keras4jException.class, () -> Csv.load(write("1,2,0\n1,\"2,0\n"))),
                "Line 2 of", "has a quote (\") that is not closed on that line");
    }

    @Test
    void textThatIsNotUtf8IsRefusedNamingTheLine() throws IOException {
        Path latin1 = dir.resolve("latin1.csv");
        Files.write(latin1, "a,b,kind\n1,2,caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        Keras4jException e = assertThrows(Keras4jException.class, () -> Csv.load(latin1, new CsvOptions().header(true)
                .classNames(List.of("caf\u00e9"))));
        assertMessage(e, "Line 2 of " + latin1, "is not UTF-8 text: byte 0xE9 after '1,2,caf'", "save it as UTF-8");
        assertFalse(e.getMessage().contains("Input length"), e.getMessage());
        Path utf16 = dir.resolve("utf16.csv");
        Files.write(utf16, "\ufeff1,2,0\n".getBytes(StandardCharsets.UTF_16LE));
        assertMessage(assertThrows(Keras4jException.class, () -> Csv.load(utf16)), "is UTF-16 text", "UTF-8");
        assertMessage(assertThrows(Keras4jException.class, () -> Csv.load(new ByteArrayInputStream(
                new byte[] {'1', ',', 0, '\n'}), "nul.csv", new CsvOptions())), "Line 1 of nul.csv holds a NUL byte");
    }

    @Test
    void theHeaderHintIsOnlyForCallersWhoDidNotSay() throws IOException {
        Path file = write("a,b,label\n1,2,0\n");
        assertMessage(assertThrows(Keras4jException.class, () -> Csv.load(file)), "header(true)");
        Keras4jException e = assertThrows(Keras4jException.class, () -> Csv.load(file, new CsvOptions().header(false)));
        assertMessage(e, "row 1, column 1", "'a', not a number");
        assertFalse(e.getMessage().contains("header(true)"), e.getMessage());
        assertMessage(assertThrows(Keras4jException.class, () -> Csv.load(write("1,1e39,0\n"))),
                "'1e39', beyond the range of a float");
        for (String javaOnly : List.of("1f", "2d", "0x10", "0x1p3", "Infinity", "-NaN")) {
            assertMessage(assertThrows(Keras4jException.class, () -> Csv.load(write("1," + javaOnly + ",0\n"))),
                    "'" + javaOnly + "', not a number");
        }
        assertMessage(assertThrows(Keras4jException.class, () -> Csv.load(write("1;5,1;0\n"), new CsvOptions()
                .delimiter(';'))), "'5,1', not a number (numbers need a decimal point: 5.1, not 5,1)");
        assertArrayEquals(new float[][] {{-0.5f, 5, 1e-3f, 0.25f}}, Csv.load(write("-.5,+5.,1E-3,.25,0\n")).x()
                .toFloatMatrix());
        assertMessage(assertThrows(Keras4jException.class, () -> Csv.load(write("1,\u0007x\u200b,0\n"))),
                "'\\u0007x\\u200b', not a number");
    }

    @Test
    void delimitersThatSplitNumbersOrQuotesAreRefused() {
        for (char bad : new char[] {'.', '-', '1', 'e', '"', '\n'}) {
            assertMessage(assertThrows(Keras4jException.class, () -> new CsvOptions().delimiter(bad)),
                    "The CSV delimiter can't be");
        }
        assertEquals('\t', new CsvOptions().delimiter('\t').delimiter());
    }

    @Test
    void theReaderCountsLinesAcrossEveryLineBreak() {
        byte[] text = "\ufeffa,b\r\n\r\n1,2\r3,4\n\n5,\"6\"".getBytes(StandardCharsets.UTF_8);
        try (CsvReader csv = new CsvReader(new ByteArrayInputStream(text), "t.csv", ',')) {
            assertEquals(List.of("a", "b"), csv.next());
            assertEquals(1, csv.line());
            assertEquals(List.of("1", "2"), csv.next());
            assertEquals(3, csv.line());
            assertEquals(List.of("3", "4"), csv.next());
            assertEquals(4, csv.line());
            assertEquals(List.of("5", "6"), csv.next());
            assertEquals(6, csv.line());
            assertNull(csv.next());
        }
    }
}
