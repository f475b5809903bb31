package keras4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import keras4j.models.ModelInfo;
import keras4j.models.TrainedModel;

/**
 * CSV files as spreadsheets write them, through train-csv, predict and evaluate: Excel's "CSV UTF-8"
 * (a byte-order mark, CRLF, quoted cells holding the delimiter), other delimiters, and the messages
 * for what can't be read.
 */
class CsvInputTest {
    @TempDir
    static Path dir;

    static Path model;

    /** 40 rows of two well-separated classes, as Excel's "CSV UTF-8" writes them: BOM, quotes, CRLF. */
    static String excelTable() {
        StringBuilder s = new StringBuilder("\ufeff\"length, cm\",width,kind\r\n");
        for (int i = 0; i < 40; i++) {
            boolean big = i % 2 == 0;
            s.append(big ? 8 + i % 3 * 0.1 : 2 + i % 4 * 0.1).append(',').append(big ? 5 : 1 + i % 3 * 0.1)
                    .append(',').append(big ? "\"big, red\"" : "small").append("\r\n");
        }
        return s.toString();
    }

    @BeforeAll
    static void trainOnAnExcelCsv() throws Exception {
        Path csv = Files.writeString(dir.resolve("excel.csv"), excelTable());
        Path out = dir.resolve("excel-run");
        Cli.Run run = Cli.run("train-csv", csv.toString(), "--hidden", "4", "--epochs", "1", "--verbose", "0",
                "--out", out.toString()).assertOk();
        assertTrue(run.out().startsWith("Task: classification (from the labels; choose with --task). Model: MLP 2-4-2 "
                + "on excel.csv."), run.out());
        model = out.resolve("model.keras4j");
    }

    @Test
    void theExcelTableKeepsItsNamesAndEveryRow() throws Exception {
        ModelInfo info = TrainedModel.load(model).info();
        assertEquals(List.of("length, cm", "width"), info.featureNames());
        assertEquals(List.of("big, red", "small"), info.classNames());
        Cli.Run evaluated = Cli.run("evaluate", model.toString(), "--dataset", dir.resolve("excel.csv").toString())
                .assertOk();
        assertTrue(evaluated.out().contains("(40 examples)"), evaluated.out());

        Path headerless = Files.writeString(dir.resolve("bom-headerless.csv"), "\ufeff1,2,0\n3,4,1\n5,6,0\n7,8,1\n"
                + "9,10,0\n11,12,1\n13,14,0\n15,16,1\n17,18,0\n19,20,1\n");
        Cli.run("train-csv", headerless.toString(), "--hidden", "2", "--epochs", "1", "--verbose", "0", "--out",
                dir.resolve("headerless-run").toString()).assertOk();
        Cli.Run all = Cli.run("evaluate", dir.resolve("headerless-run/model.keras4j").toString(), "--dataset",
                headerless.toString()).assertOk();
        assertTrue(all.out().contains("(10 examples)"), "the first row is data, not a header: " + all.out());
    }

    @Test
    void predictReadsOrdinaryBomQuotedAndOtherDelimitedFiles() throws Exception {
        Path ordinary = Files.writeString(dir.resolve("ordinary.csv"), "\"length, cm\",width\n8.1,5\n2.2,1.1\n");
        Path bomHeaderless = Files.writeString(dir.resolve("bom.csv"), "\ufeff8.1,5\r\n2.2,1.1\r\n");
        Path semicolons = Files.writeString(dir.resolve("semi.csv"), "\ufeffkind;width;length, cm\nsmall;1.1;2.2\n");
        Path tabs = Files.writeString(dir.resolve("tabs.csv"), "width\tlength, cm\n5\t8.1\n");
        String label = "(big, red|small) \\([0-9.]+%\\)";
        List<String> lines = Cli.run("predict", model.toString(), ordinary.toString(), bomHeaderless.toString(),
                "--top", "1").assertOk().out().lines().toList();
        assertEquals(4, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(0).matches(".*ordinary.csv row 1: " + label), lines.get(0));
        assertTrue(lines.get(3).matches(".*bom.csv row 2: " + label), lines.get(3));
        String semi = Cli.run("predict", model.toString(), semicolons.toString(), "--delimiter", ";").assertOk().out();
        assertTrue(semi.strip().matches(".*semi.csv row 1: " + label + ", " + label), semi);
        String tab = Cli.run("predict", model.toString(), tabs.toString(), "--delimiter", "\\t").assertOk().out();
        assertEquals(1, tab.lines().count(), tab);
    }

    @Test
    void whatCantBeReadIsExplainedInCommandLineTerms() throws Exception {
        Path csv = dir.resolve("excel.csv");
        for (String command : List.of("train-csv", "predict")) {
            List<String> args = command.equals("predict") ? List.of("predict", model.toString(), csv.toString())
                    : List.of("train-csv", csv.toString());
            String[] empty = concat(args, "--delimiter", "");
            assertFalse(Cli.run(empty).assertUsageError("Invalid value for option '--delimiter': it is empty; give "
                    + "the one character between cells").err().contains("Exception"));
            Cli.run(concat(args, "--delimiter", ";;")).assertUsageError("';;' is not one character");
            Cli.run(concat(args, "--delimiter", ".")).assertUsageError("can't be '.': it appears in numbers");
        }

        Path latin1 = dir.resolve("latin1.csv");
        Files.write(latin1, "Gr\u00f6\u00dfe,width,kind\n1,2,a\n3,4,b\n".getBytes(StandardCharsets.ISO_8859_1));
        String err = Cli.run("train-csv", latin1.toString()).assertUsageError("Line 1 of " + latin1.toAbsolutePath()
                + " is not UTF-8 text: byte 0xF6 after 'Gr'. keras4j reads CSV files as UTF-8: save it as UTF-8")
                .err();
        assertFalse(err.contains("Input length"), err);
        Cli.run("predict", model.toString(), latin1.toString()).assertUsageError("is not UTF-8 text");

        Path typo = Files.writeString(dir.resolve("typo.csv"), "8.1,abc\n");
        err = Cli.run("predict", model.toString(), typo.toString()).assertUsageError("Line 1 of " + typo + " has "
                + "'abc' for feature 'width' (column 2), not a number.").err();
        assertFalse(err.contains("header"), err);

        Path constant = Files.writeString(dir.resolve("constant.csv"), "a,b,kind\n1,2,x\n3,4,x\n5,6,x\n");
        err = Cli.run("train-csv", constant.toString()).assertUsageError("The label column 'kind' of "
                + constant.toAbsolutePath() + " holds only one value, 'x', so there is nothing to tell apart").err();
        assertFalse(err.toLowerCase(java.util.Locale.ROOT).contains("softmax"), err);

        Path words = Files.writeString(dir.resolve("words.csv"), "1,x,0\n2,y,1\n3,z,0\n");
        err = Cli.run("train-csv", words.toString()).assertUsageError("Line 1 of " + words.toAbsolutePath()
                + " has 'x' in column 2 (index 1), not a number").err();
        assertTrue(err.contains("--label-column 1") && !err.contains("CsvOptions"), err);

        Path unclosed = Files.writeString(dir.resolve("unclosed.csv"), "a,b,kind\n1,2,\"x\n3,4,y\n");
        Cli.run("train-csv", unclosed.toString()).assertUsageError("Line 2 of " + unclosed.toAbsolutePath()
                + " has a quote (\") that is not closed on that line");
    }

    private static String[] concat(List<String> args, String... more) {
        List<String> all = new java.util.ArrayList<>(args);
        all.addAll(List.of(more));
        return all.toArray(new String[0]);
    }
}
