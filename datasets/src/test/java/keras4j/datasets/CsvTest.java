package keras4j.datasets;

import static keras4j.datasets.internal.Fixtures.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import keras4j.Keras4jException;
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
}
