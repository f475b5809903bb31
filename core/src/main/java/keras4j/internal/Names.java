package keras4j.internal;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;

import keras4j.Keras4jException;

/**
 * Explains an unknown name (optimizer, loss, activation, ...) the Keras way: what was received,
 * every valid name, and the nearest one.
 *
 * <pre>{@code
 * throw Names.unknown("activation", "rellu", List.of("relu", "tanh"), "layer 'dense'");
 * }</pre>
 */
public final class Names {
    private Names() {
    }

    /** @return the normalized form of a user-given name: trimmed, lower case */
    public static String normalize(String name) {
        return name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    }

    /**
     * @param kind  what the name stands for, e.g. "optimizer"
     * @param given the name received
     * @param valid every valid name
     * @param where where it was given (a layer's name, "compile"), or null
     * @return the exception to throw
     */
    public static Keras4jException unknown(String kind, String given, Collection<String> valid, String where) {
        String nearest = valid.stream()
                .min(Comparator.comparingInt(v -> distance(normalize(given), v)))
                .orElse(null);
        StringBuilder message = new StringBuilder("Unknown ").append(kind).append(": '").append(given).append("'");
        if (where != null) {
            message.append(" (in ").append(where).append(")");
        }
        message.append(". Valid ").append(kind).append(" names: ").append(String.join(", ", valid)).append('.');
        if (nearest != null && distance(normalize(given), nearest) <= Math.max(2, nearest.length() / 3)) {
            message.append(" Did you mean '").append(nearest).append("'?");
        }
        return new Keras4jException(message.toString());
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
