package keras4j.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import keras4j.Keras4jException;
import keras4j.datasets.internal.CsvReader;

/**
 * Reads {@code --delimiter}: one character, or {@code \t} / {@code tab} for a tab (a shell passes
 * {@code '\t'} as two characters). The CSV reader's own rules (no quote, nothing that appears in
 * numbers) are checked here too, so a bad delimiter fails before any file is read.
 *
 * <pre>{@code
 * @Option(names = "--delimiter", converter = DelimiterConverter.class, defaultValue = ",")
 * private char delimiter;
 * }</pre>
 */
final class DelimiterConverter implements ITypeConverter<Character> {
    @Override
    public Character convert(String value) {
        char delimiter;
        if (value.equals("\\t") || value.equalsIgnoreCase("tab")) {
            delimiter = '\t';
        } else if (value.length() == 1) {
            delimiter = value.charAt(0);
        } else {
            throw new TypeConversionException((value.isEmpty() ? "it is empty" : CsvReader.quote(value)
                    + " is not one character") + "; give the one character between cells, e.g. ',' or ';', or "
                    + "'\\t' for a tab.");
        }
        try {
            CsvReader.checkDelimiter(delimiter);
        } catch (Keras4jException e) {
            throw new TypeConversionException(e.getMessage());
        }
        return delimiter;
    }
}
