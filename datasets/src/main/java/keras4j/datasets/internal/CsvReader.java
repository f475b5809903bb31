package keras4j.datasets.internal;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

import keras4j.Keras4jException;
import org.datavec.api.records.reader.impl.csv.SerializableCSVParser;

/**
 * The one CSV reader behind every keras4j path that reads a table ({@code Csv.load}, the command
 * line's header detection, the rows {@code predict} and {@code evaluate} read): UTF-8 text, with or
 * without a byte-order mark, one record per line ({@code \n}, {@code \r\n} or {@code \r}), cells
 * split by DataVec's quote-aware {@link SerializableCSVParser} as RFC 4180 has it ({@code "a,b"}
 * is one cell, {@code ""} inside quotes is a quote, a backslash is an ordinary character). Cells are
 * stripped of surrounding spaces; blank lines are skipped.
 *
 * <p>Bytes that are not UTF-8 are refused, naming the line, rather than decoded by a guess: names
 * from a header become a model's feature and class names, and a wrong guess (Latin-1, Windows-1252
 * and others can't be told apart from the bytes) would be silent.
 *
 * <pre>{@code
 * try (CsvReader csv = CsvReader.open(Path.of("data.csv"), ',')) {
 *     for (List<String> cells = csv.next(); cells != null; cells = csv.next()) {
 *         System.out.println("line " + csv.line() + ": " + cells);
 *     }
 * }
 * }</pre>
 */
public final class CsvReader implements Closeable {
    private static final int LONGEST_SHOWN = 40;
    /** A plain decimal number: no Java suffixes ({@code 1f}, {@code 2d}), no hex, no words ({@code NaN}). */
    /** How spreadsheets in many languages write 5.1, in files delimited by ';'. */
    private static final Pattern DECIMAL_COMMA = Pattern.compile("[+-]?\\d+,\\d+");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?");
    private static final String SAVE_AS_UTF8 = "keras4j reads CSV files as UTF-8: save it as UTF-8 (in Excel: "
            + "Save As, 'CSV UTF-8')";

    private final InputStream in;
    private final String name;
    private final SerializableCSVParser parser;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final byte[] buffer = new byte[1 << 16];
    private int position;
    private int limit;
    private byte[] lineBytes = new byte[256];
    private int line;
    private boolean pendingNewline;

    /**
     * @param in        the CSV bytes; closed by {@link #close()}
     * @param name      how errors name the source, e.g. the file
     * @param delimiter the character between cells
     */
    public CsvReader(InputStream in, String name, char delimiter) {
        checkDelimiter(delimiter);
        this.in = in;
        this.name = name;
        this.parser = new SerializableCSVParser(delimiter, '"', SerializableCSVParser.NULL_CHARACTER);
    }

    /**
     * @param file      the CSV file
     * @param delimiter the character between cells
     * @return a reader of that file, named by its path in errors
     */
    public static CsvReader open(Path file, char delimiter) {
        checkDelimiter(delimiter);
        if (!Files.isRegularFile(file)) {
            throw new Keras4jException("CSV file " + file + " does not exist (or is not a file). Check the path.");
        }
        try {
            return new CsvReader(Files.newInputStream(file), file.toString(), delimiter);
        } catch (IOException e) {
            throw new Keras4jException("CSV file " + file + " can't be opened (" + e + "). Check that it is "
                    + "readable.", e);
        }
    }

    /**
     * Refuses a delimiter that would split numbers or quotes.
     *
     * @param delimiter the character between cells
     */
    public static void checkDelimiter(char delimiter) {
        String why = null;
        if (delimiter == '"') {
            why = "it quotes cells";
        } else if (delimiter == '\n' || delimiter == '\r') {
            why = "it ends lines";
        } else if (Character.isLetterOrDigit(delimiter) || delimiter == '.' || delimiter == '-' || delimiter == '+') {
            why = "it appears in numbers";
        }
        if (why != null) {
            throw new Keras4jException("The CSV delimiter can't be " + quote(String.valueOf(delimiter)) + ": " + why
                    + ". Use the character between your file's cells, e.g. ',', ';', '|' or a tab.");
        }
    }

    /** @return how errors name the source */
    public String name() {
        return name;
    }

    /** @return the 1-based line of the record {@link #next()} returned last (0 before the first) */
    public int line() {
        return line;
    }

    /**
     * @return the next record's cells, stripped; {@code null} after the last record
     * @throws Keras4jException when the bytes are not UTF-8 text or a quote is not closed
     */
    public List<String> next() {
        String text;
        do {
            text = readLine();
            if (text == null) {
                return null;
            }
        } while (text.isBlank());
        String[] cells;
        try {
            cells = parser.parseLine(text);
        } catch (IOException e) {
            throw new Keras4jException("Line " + line + " of " + name + " has a quote (\") that is not closed on "
                    + "that line. Each row must be one line: close the quoted cell, or remove the stray quote.", e);
        }
        List<String> stripped = new ArrayList<>(cells.length);
        for (String cell : cells) {
            stripped.add(cell.strip());
        }
        return stripped;
    }

    /** The next line's text without its line break, or null at the end; checks the encoding. */
    private String readLine() {
        int length = 0;
        boolean any = false;
        for (int b = read(); b >= 0; b = read()) {
            if (pendingNewline) {
                pendingNewline = false;
                if (b == '\n') {
                    continue;
                }
            }
            if (b == '\n' || b == '\r') {
                pendingNewline = b == '\r';
                line++;
                return decode(length);
            }
            any = true;
            if (length == lineBytes.length) {
                lineBytes = Arrays.copyOf(lineBytes, length * 2);
            }
            lineBytes[length++] = (byte) b;
        }
        if (!any) {
            return null;
        }
        line++;
        return decode(length);
    }

    private String decode(int length) {
        int start = 0;
        if (line == 1) {
            if (startsWith(length, 0xEF, 0xBB, 0xBF)) {
                start = 3;
            } else if (startsWith(length, 0xFF, 0xFE) || startsWith(length, 0xFE, 0xFF)) {
                throw new Keras4jException(name + " is UTF-16 text (it starts with a UTF-16 byte-order mark). "
                        + SAVE_AS_UTF8 + ".");
            }
        }
        for (int i = start; i < length; i++) {
            if (lineBytes[i] == 0) {
                throw new Keras4jException("Line " + line + " of " + name + " holds a NUL byte, so it is not CSV "
                        + "text (or it is UTF-16 without a byte-order mark). Expected a CSV file; " + SAVE_AS_UTF8
                        + ".");
            }
        }
        ByteBuffer bytes = ByteBuffer.wrap(lineBytes, start, length - start);
        CharBuffer chars = CharBuffer.allocate(length - start);
        decoder.reset();
        CoderResult result = decoder.decode(bytes, chars, true);
        if (result.isError()) {
            chars.flip();
            String before = chars.length() > LONGEST_SHOWN ? chars.subSequence(chars.length() - LONGEST_SHOWN,
                    chars.length()).toString() : chars.toString();
            throw new Keras4jException("Line " + line + " of " + name + " is not UTF-8 text: byte "
                    + String.format("0x%02X", bytes.get(bytes.position()) & 0xff) + (before.isEmpty() ? " at its start"
                    : " after " + quote(before)) + ". " + SAVE_AS_UTF8 + ".");
        }
        decoder.flush(chars);
        chars.flip();
        return chars.toString();
    }

    private boolean startsWith(int length, int... prefix) {
        if (length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((lineBytes[i] & 0xff) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private int read() {
        if (position == limit) {
            try {
                limit = in.read(buffer);
            } catch (IOException e) {
                throw new Keras4jException("CSV " + name + " can't be read after line " + line + " (" + e + "). "
                        + "Check that it is a readable file.", e);
            }
            position = 0;
            if (limit <= 0) {
                limit = 0;
                return -1;
            }
        }
        return buffer[position++] & 0xff;
    }

    /**
     * Whether a cell is a feature value: a plain decimal number ({@code 5.1}, {@code -2}, {@code 1e-3})
     * that a float holds. {@code NaN}, {@code Infinity}, {@code 1f}, {@code 0x10} and {@code 1e39} are not.
     *
     * @param cell a cell's text, stripped
     * @return whether it is a finite float
     */
    public static boolean isNumber(String cell) {
        return DECIMAL.matcher(cell).matches() && Float.isFinite(Float.parseFloat(cell));
    }

    /**
     * @param cell a cell that is not {@link #isNumber(String) a number}
     * @return why, for an error message: {@code "not a number"} (saying so when it has a decimal
     *         comma), or that it is beyond a float's range
     */
    public static String whyNotANumber(String cell) {
        if (DECIMAL.matcher(cell).matches()) {
            return "beyond the range of a float (about -3.4e38 to 3.4e38)";
        }
        if (DECIMAL_COMMA.matcher(cell).matches()) {
            return "not a number (numbers need a decimal point: " + cell.replace(',', '.') + ", not " + cell + ")";
        }
        return "not a number";
    }

    /**
     * How errors show a cell: quoted, control and invisible characters escaped, long ones cut.
     *
     * @param cell a cell's text
     * @return e.g. {@code 'x7'}
     */
    public static String quote(String cell) {
        String s = cell;
        if (s.length() > LONGEST_SHOWN) {
            int end = Character.isHighSurrogate(s.charAt(LONGEST_SHOWN - 1)) ? LONGEST_SHOWN - 1 : LONGEST_SHOWN;
            s = s.substring(0, end) + "...";
        }
        StringBuilder out = new StringBuilder("'");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int type = Character.getType(c);
            if (Character.isISOControl(c) || type == Character.FORMAT || type == Character.UNASSIGNED
                    || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('\'').toString();
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            // Read only: nothing is lost.
        }
    }
}
