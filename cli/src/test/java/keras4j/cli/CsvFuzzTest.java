package keras4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Feeds thousands of damaged and odd CSV files through the real command line, in-process:
 * {@code train-csv} (one epoch of a tiny MLP), {@code predict} and {@code evaluate --dataset} against
 * a model trained once here. Each case must succeed (status 0) or be refused with status 2 and one
 * line {@code Error: ...} on standard error naming no exception; anything else is unexpected, and
 * there must be none. {@code -Dkeras4j.fuzz.cases=N} (default 2000) and
 * {@code -Dkeras4j.fuzz.seconds=S} (default 30) bound the run; {@code -Dkeras4j.fuzz.seed} varies it.
 */
class CsvFuzzTest {
    @TempDir
    static Path dir;

    static Path model;

    private static final String[] COMMANDS = {"train-csv", "predict", "evaluate"};

    /** Odd bits of CSV: delimiters, quotes, line breaks, marks, non-numbers, non-ASCII. */
    private static final String[] TOKENS = {",", ";", "\t", " ", "\"", "\"\"", "\n", "\r", "\r\n", "\ufeff", "\u0000",
        "NaN", "Infinity", "-", "1e400", "1e39", "x", "caf\u00e9", "\u2028", "\\", "'", "\"a,b\"", ",,", "0x1p3", "1f",
        "", "\u00a0", "\ud83d\ude00"};

    private final Random random = new Random(Long.getLong("keras4j.fuzz.seed", 20261123L));

    static String classTable(String delimiter, boolean header, boolean quoted) {
        StringBuilder s = new StringBuilder(header ? (quoted ? "\"a\"" : "a") + delimiter + "b" + delimiter + "kind\n"
                : "");
        for (int i = 0; i < 12; i++) {
            boolean cat = i % 2 == 0;
            s.append(cat ? 1.5 + i * 0.1 : -0.5 - i * 0.1).append(delimiter).append(cat ? "2" : "3e-1")
                    .append(delimiter).append(quoted ? (cat ? "\"cat, big\"" : "\"dog\"") : header ? (cat ? "cat"
                    : "dog") : cat ? "0" : "1").append('\n');
        }
        return s.toString();
    }

    @BeforeAll
    static void trainTheModelToPredictWith() throws Exception {
        Path csv = Files.writeString(dir.resolve("train.csv"), classTable(",", true, false));
        Path out = dir.resolve("model-run");
        Cli.run("train-csv", csv.toString(), "--hidden", "2", "--epochs", "1", "--verbose", "0", "--out",
                out.toString()).assertOk();
        model = out.resolve("model.keras4j");
    }

    private static List<byte[]> originals() {
        List<String> texts = List.of(classTable(",", true, false), classTable(",", false, false),
                "\ufeff" + classTable(",", true, true).replace("\n", "\r\n"), classTable(";", true, false),
                "a,b\n1,2\n3.5,-4\n", "b,kind,a\n2,cat,1\n0.5,dog,7\n", "1,2\n3,4\n", "\ufeff\"b\",\"a\"\r\n1,2\r\n");
        return texts.stream().map(t -> t.getBytes(StandardCharsets.UTF_8)).toList();
    }

    private String token() {
        return TOKENS[random.nextInt(TOKENS.length)];
    }

    /** One to three damages, to the bytes or to the text's lines and cells. */
    private byte[] mutate(byte[] original) {
        byte[] bytes = original.clone();
        for (int i = 0, n = 1 + random.nextInt(3); i < n; i++) {
            bytes = mutateOnce(bytes);
        }
        return bytes;
    }

    private byte[] mutateOnce(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        int line = random.nextInt(lines.size());
        switch (random.nextInt(12)) {
            case 0 -> {
                return Arrays.copyOf(bytes, random.nextInt(bytes.length + 1));
            }
            case 1 -> {
                for (int i = 0, n = 1 + random.nextInt(4); i < n && bytes.length > 0; i++) {
                    bytes[random.nextInt(bytes.length)] ^= (byte) (1 + random.nextInt(255));
                }
                return bytes;
            }
            case 2 -> {
                byte[] junk = new byte[random.nextInt(64)];
                random.nextBytes(junk);
                return random.nextBoolean() ? junk : concat(bytes, junk);
            }
            case 3 -> {
                int at = random.nextInt(text.length() + 1);
                text = text.substring(0, at) + token() + text.substring(at);
            }
            case 4 -> {
                String[] cells = lines.get(line).split("[,;]", -1);
                cells[random.nextInt(cells.length)] = token();
                lines.set(line, String.join(random.nextBoolean() ? "," : ";", cells));
                text = String.join("\n", lines);
            }
            case 5 -> {
                lines.remove(line);
                text = String.join("\n", lines);
            }
            case 6 -> {
                lines.add(random.nextInt(lines.size() + 1), lines.get(line));
                text = String.join("\n", lines);
            }
            case 7 -> {
                String[] cells = lines.get(line).split(",", -1);
                lines.set(line, String.join(",", Arrays.copyOf(cells, Math.max(0, cells.length + random.nextInt(3)
                        - 1))));
                text = String.join("\n", lines);
            }
            case 8 -> {
                return text.getBytes(random.nextBoolean() ? StandardCharsets.ISO_8859_1
                        : random.nextBoolean() ? StandardCharsets.UTF_16 : StandardCharsets.UTF_16LE);
            }
            case 9 -> text = random.nextBoolean() ? text.replace("\n", "\r\n") : text.replace("\n", "\r");
            case 10 -> text = text.replaceAll("(?m)^(.)", "\"$1").replace(",", "\",\"");
            default -> {
                StringBuilder s = new StringBuilder(lines.get(line));
                for (int i = 0, n = random.nextInt(30); i < n; i++) {
                    s.append('\n').append(lines.get(line));
                }
                lines.set(line, s.toString());
                text = String.join("\n", lines);
            }
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }

    /** The command line of a case: the command, its file, and now and then odd options. */
    private String[] arguments(String command, Path file, Path out, byte[] original) {
        List<String> args = new ArrayList<>();
        switch (command) {
            case "train-csv" -> {
                args.addAll(List.of("train-csv", file.toString(), "--hidden", "2", "--epochs", "1", "--verbose", "0",
                        "--out", out.toString()));
                if (random.nextInt(4) == 0) {
                    args.addAll(List.of("--label-column", List.of("kind", "0", "1", "2", "9", "a", "b").get(
                            random.nextInt(7))));
                }
                if (random.nextInt(5) == 0) {
                    args.addAll(List.of("--task", random.nextBoolean() ? "classification" : "regression"));
                }
            }
            case "predict" -> args.addAll(List.of("predict", model.toString(), file.toString(), "--top",
                    Integer.toString(1 + random.nextInt(2))));
            default -> args.addAll(List.of("evaluate", model.toString(), "--dataset", file.toString()));
        }
        if (!command.equals("evaluate") && random.nextInt(4) == 0) {
            args.addAll(List.of("--delimiter", List.of(",", ";", "\\t", "tab", "", ";;", "\"", ".", "|").get(
                    random.nextInt(9))));
        } else if (!command.equals("evaluate") && new String(original, StandardCharsets.UTF_8).contains(";")) {
            args.addAll(List.of("--delimiter", ";"));
        }
        return args.toArray(new String[0]);
    }

    @Test
    void damagedCsvFilesThroughTheCommandLineSucceedOrAreRefusedInOneLine() throws Exception {
        int cases = Integer.getInteger("keras4j.fuzz.cases", 2000);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Integer.getInteger("keras4j.fuzz.seconds", 30));
        List<byte[]> originals = originals();
        Path file = dir.resolve("case.csv");
        int[][] counts = new int[COMMANDS.length][3];
        List<String> unexpected = new ArrayList<>();
        Cli.Reused cli = new Cli.Reused();
        int tried = 0;
        for (; tried < cases && System.nanoTime() < deadline; tried++) {
            byte[] original = originals.get(random.nextInt(originals.size()));
            byte[] bytes = random.nextInt(20) == 0 ? original : mutate(original);
            Files.write(file, bytes);
            int roll = random.nextInt(10);
            int command = roll < 4 ? 0 : roll < 8 ? 1 : 2;
            // A run folder of its own: a finished run's folder is not trained into again.
            String[] args = arguments(COMMANDS[command], file, dir.resolve("case-run-" + tried), original);
            Cli.Run run;
            try {
                run = cli.run(args);
                if (tried % 25 == 0) {
                    String[] again = args.clone();
                    int at = List.of(again).indexOf("--out");
                    if (at >= 0) {
                        again[at + 1] = again[at + 1] + "-fresh";
                    }
                    Cli.Run fresh = Cli.run(again);
                    if (fresh.status() != run.status() || !fresh.err().equals(run.err())) {
                        run = new Cli.Run(-1, "", "a fresh command line gave status " + fresh.status() + ", "
                                + fresh.err().strip() + "; the reused one " + run.status() + ", " + run.err().strip());
                    }
                }
            } catch (RuntimeException | Error e) {
                run = new Cli.Run(-1, "", String.valueOf(e));
            }
            int outcome = outcome(run);
            counts[command][outcome]++;
            if (outcome == 2 && unexpected.size() < 10) {
                unexpected.add(String.join(" ", args) + " on " + show(bytes) + " -> status " + run.status() + ": "
                        + run.err().strip());
            }
        }
        StringBuilder figures = new StringBuilder();
        int[] total = new int[3];
        for (int c = 0; c < COMMANDS.length; c++) {
            figures.append(String.format("; %s %d/%d/%d", COMMANDS[c], counts[c][0], counts[c][1], counts[c][2]));
            for (int k = 0; k < 3; k++) {
                total[k] += counts[c][k];
            }
        }
        System.out.printf("CLI CSV fuzz: %d cases, %d accepted, %d refused clearly, %d unexpected "
                + "(accepted/refused/unexpected%s)%n", tried, total[0], total[1], total[2], figures);
        assertEquals(List.of(), unexpected);
    }

    /** 0 succeeded, 1 refused in one line, 2 anything else. */
    private static int outcome(Cli.Run run) {
        boolean namesAnException = run.err().contains("Exception") || run.err().contains("\tat ");
        if (run.status() == 0 && !namesAnException) {
            return 0;
        }
        boolean oneLine = run.err().lines().count() == 1 && run.err().startsWith("Error: ");
        return run.status() == 2 && oneLine && !namesAnException ? 1 : 2;
    }

    private static String show(byte[] bytes) {
        StringBuilder s = new StringBuilder("\"");
        for (int i = 0; i < Math.min(bytes.length, 200); i++) {
            int b = bytes[i] & 0xff;
            s.append(b >= 0x20 && b < 0x7f && b != '"' && b != '\\' ? String.valueOf((char) b)
                    : String.format("\\x%02x", b));
        }
        return s.append(bytes.length > 200 ? "...\"" : "\"").toString();
    }
}
