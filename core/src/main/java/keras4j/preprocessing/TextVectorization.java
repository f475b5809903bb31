package keras4j.preprocessing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import keras4j.Keras4jException;

/**
 * Keras's {@code TextVectorization}: turns strings into token ids (or multi-hot, count or TF-IDF
 * vectors) with a vocabulary learned by {@link #adapt}, with Keras's arguments, defaults and
 * vocabulary order. Keras runs it as a layer on string tensors; keras4j's models take numbers, so
 * here it runs before the model, on Java strings, and its output feeds {@code fit} or
 * {@code predict} (ids into an {@code Embedding}).
 *
 * <pre>{@code
 * TextVectorization vectorizer = new TextVectorization().maxTokens(20_000).outputSequenceLength(200);
 * vectorizer.adapt(trainingTexts);                       // learns the vocabulary
 * INDArray ids = vectorizer.apply(List.of("A great film!", "Dull."));   // [2, 200], 0-padded
 * vectorizer.getVocabulary();                            // ["", "[UNK]", "the", ...]
 * }</pre>
 *
 * <p>As Keras: text is lower-cased (ASCII letters, as TensorFlow's {@code strings.lower}) and
 * stripped of ASCII punctuation, split on whitespace, optionally joined into n-grams; the
 * vocabulary holds the most frequent tokens, ties broken by the token in reverse byte order (as
 * Keras's {@code np.lexsort}); in {@code "int"} mode index 0 is padding ({@code ""}) and 1 the
 * out-of-vocabulary token {@code "[UNK]"}, in the other modes index 0 is {@code "[UNK]"}. The
 * arrays are float32 (Keras: int64 ids), which DL4J models take directly; ids are exact up to
 * 2<sup>24</sup>. Not thread-safe while adapting.
 */
public final class TextVectorization {
    /** Keras's out-of-vocabulary token. */
    public static final String OOV_TOKEN = "[UNK]";
    /** Keras's padding (mask) token in {@code "int"} mode. */
    public static final String MASK_TOKEN = "";
    /** The punctuation Keras strips: its regular expression, character for character. */
    private static final Pattern PUNCTUATION = Pattern.compile("[!\"#$%&()\\*\\+,-\\./:;<=>?@\\[\\\\\\]^_`{|}~']");
    /** TensorFlow's whitespace for {@code strings.split}: ASCII space, tab, newline, vertical tab, form feed, return. */
    private static final Pattern WHITESPACE = Pattern.compile("[ \\t\\n\\u000B\\f\\r]+");
    private static final List<String> MODES = List.of("int", "multi_hot", "count", "tf_idf");

    private Integer maxTokens;
    private String standardize = "lower_and_strip_punctuation";
    private Function<String, String> customStandardize;
    private String split = "whitespace";
    private Function<String, List<String>> customSplit;
    private int[] ngrams;
    private Integer ngramsArgument;
    private String outputMode = "int";
    private Integer outputSequenceLength;
    private boolean padToMaxTokens;
    private String name = "text_vectorization";

    /** The learned or given tokens, without the special ones. */
    private List<String> tokens = List.of();
    private Map<String, Integer> index = Map.of();
    /** For "tf_idf": the weight of each vocabulary index (OOV first), or null. */
    private double[] idfWeights;
    private boolean hasInputVocabulary;

    /** Keras's defaults: lower-case, strip punctuation, split on whitespace, {@code "int"} ids. */
    public TextVectorization() {
    }

    /**
     * @param maxTokens the vocabulary's size, special tokens included, or null for no limit
     *                  (Keras: {@code max_tokens})
     * @return this
     */
    public TextVectorization maxTokens(Integer maxTokens) {
        if (maxTokens != null && maxTokens <= 1) {
            throw new Keras4jException("TextVectorization: if set, `max_tokens` must be greater than 1. Received: "
                    + "max_tokens=" + maxTokens);
        }
        this.maxTokens = maxTokens;
        return this;
    }

    /**
     * @param standardize {@code "lower_and_strip_punctuation"} (default), {@code "lower"},
     *                    {@code "strip_punctuation"}, or null for none
     * @return this
     */
    public TextVectorization standardize(String standardize) {
        if (standardize != null && !List.of("lower_and_strip_punctuation", "lower", "strip_punctuation")
                .contains(standardize)) {
            throw new Keras4jException("The standardize argument of layer TextVectorization received an invalid value "
                    + standardize + ". Allowed values are: lower_and_strip_punctuation, lower, strip_punctuation, "
                    + "null, or a function.");
        }
        this.standardize = standardize;
        this.customStandardize = null;
        return this;
    }

    /** @param standardize a function applied to each whole string instead (Keras: a callable) @return this */
    public TextVectorization standardize(Function<String, String> standardize) {
        this.customStandardize = Objects.requireNonNull(standardize, "standardize");
        this.standardize = null;
        return this;
    }

    /**
     * @param split {@code "whitespace"} (default), {@code "character"}, or null for one token per
     *              string
     * @return this
     */
    public TextVectorization split(String split) {
        if (split != null && !List.of("whitespace", "character").contains(split)) {
            throw new Keras4jException("The split argument of layer TextVectorization received an invalid value "
                    + split + ". Allowed values are: whitespace, character, null, or a function.");
        }
        this.split = split;
        this.customSplit = null;
        return this;
    }

    /** @param split a function from a standardized string to its tokens (Keras: a callable) @return this */
    public TextVectorization split(Function<String, List<String>> split) {
        this.customSplit = Objects.requireNonNull(split, "split");
        this.split = null;
        return this;
    }

    /**
     * @param ngrams n-grams of widths 1 to {@code ngrams}, each joined by a space (Keras:
     *               {@code ngrams=N})
     * @return this
     */
    public TextVectorization ngrams(int ngrams) {
        ngrams(range(ngrams));
        this.ngramsArgument = ngrams;
        return this;
    }

    /** @param widths the n-gram widths, in order (Keras: {@code ngrams=(1, 3)}) @return this */
    public TextVectorization ngrams(int... widths) {
        for (int w : widths) {
            if (w < 1) {
                throw new Keras4jException("TextVectorization: `ngrams` widths must be positive integers. Received: "
                        + Arrays.toString(widths));
            }
        }
        this.ngrams = widths.length == 0 ? null : widths.clone();
        this.ngramsArgument = null;
        return this;
    }

    /**
     * @param outputMode {@code "int"} (default: ids), {@code "multi_hot"} (or {@code "binary"}),
     *                   {@code "count"} or {@code "tf_idf"} (or {@code "tf-idf"})
     * @return this
     */
    public TextVectorization outputMode(String outputMode) {
        String mode = "binary".equals(outputMode) ? "multi_hot" : "tf-idf".equals(outputMode) ? "tf_idf" : outputMode;
        if (!MODES.contains(mode)) {
            throw new Keras4jException("The output_mode argument of layer TextVectorization received an invalid value "
                    + outputMode + ". Allowed values are: " + String.join(", ", MODES)
                    + (Objects.equals(outputMode, "one_hot") ? " (keras4j has no one_hot for text: use multi_hot)"
                    : "") + ".");
        }
        if (!mode.equals("int") && outputSequenceLength != null) {
            throw sequenceLengthNeedsInt(mode);
        }
        this.outputMode = mode;
        return this;
    }

    /**
     * @param length in {@code "int"} mode, every row padded with 0 or truncated to this length
     *               (Keras: {@code output_sequence_length}); null pads to the longest row
     * @return this
     */
    public TextVectorization outputSequenceLength(Integer length) {
        if (length != null && length < 1) {
            throw new Keras4jException("TextVectorization: `output_sequence_length` must be a positive integer. "
                    + "Received: output_sequence_length=" + length);
        }
        if (length != null && !outputMode.equals("int")) {
            throw sequenceLengthNeedsInt(outputMode);
        }
        this.outputSequenceLength = length;
        return this;
    }

    private static Keras4jException sequenceLengthNeedsInt(String mode) {
        return new Keras4jException("`output_sequence_length` must not be set if `output_mode` is not 'int'. "
                + "Received output_mode=" + mode + ".");
    }

    /**
     * @param pad in the vector modes, whether the width is {@code maxTokens} even when the
     *            vocabulary is smaller (Keras: {@code pad_to_max_tokens})
     * @return this
     */
    public TextVectorization padToMaxTokens(boolean pad) {
        this.padToMaxTokens = pad;
        return this;
    }

    /** @param name Keras's layer name, in the config @return this */
    public TextVectorization name(String name) {
        this.name = Objects.requireNonNull(name, "name");
        return this;
    }

    /**
     * Sets the vocabulary instead of learning it (Keras: {@code vocabulary=} or
     * {@code set_vocabulary}). Special tokens at its start (as {@link #getVocabulary()} returns
     * them) are taken as such.
     *
     * @param vocabulary the tokens, most frequent first
     * @return this
     */
    public TextVectorization vocabulary(List<String> vocabulary) {
        return vocabulary(vocabulary, null);
    }

    /**
     * @param vocabulary the tokens, most frequent first
     * @param idfWeights for {@code "tf_idf"}: one weight per token of {@code vocabulary}
     * @return this
     */
    public TextVectorization vocabulary(List<String> vocabulary, double[] idfWeights) {
        List<String> given = new ArrayList<>(vocabulary);
        List<String> special = specialTokens();
        if (given.size() >= special.size() && given.subList(0, special.size()).equals(special)) {
            given = given.subList(special.size(), given.size());
            if (idfWeights != null && idfWeights.length == vocabulary.size()) {
                idfWeights = Arrays.copyOfRange(idfWeights, special.size(), idfWeights.length);
            }
        }
        if (outputMode.equals("tf_idf") != (idfWeights != null)) {
            throw new Keras4jException(outputMode.equals("tf_idf")
                    ? "TextVectorization: `idf_weights` must be set if output_mode is 'tf_idf' and a vocabulary is "
                    + "given; pass one weight per token, or adapt() instead."
                    : "TextVectorization: `idf_weights` should only be set if output_mode is 'tf_idf'.");
        }
        if (idfWeights != null && idfWeights.length != given.size()) {
            throw new Keras4jException("TextVectorization: `idf_weights` must be the same length as the vocabulary ("
                    + given.size() + " tokens); received " + idfWeights.length + " weights.");
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < given.size(); i++) {
            String token = given.get(i);
            if (token == null || special.contains(token) || seen.put(token, i) != null) {
                throw new Keras4jException("TextVectorization: the vocabulary " + (token == null ? "holds null"
                        : special.contains(token) ? "holds the special token '" + token + "' at index "
                        + (i + special.size()) + " (special tokens go first, or not at all)"
                        : "repeats the token '" + token + "'") + ".");
            }
        }
        if (maxTokens != null && given.size() + special.size() > maxTokens) {
            throw new Keras4jException("TextVectorization: the vocabulary holds " + (given.size() + special.size())
                    + " tokens with the special ones, more than max_tokens=" + maxTokens + ".");
        }
        setTokens(given, idfWeights == null ? null : withOovWeight(idfWeights));
        hasInputVocabulary = true;
        return this;
    }

    /**
     * Learns the vocabulary (and, for {@code "tf_idf"}, the inverse document frequencies) from
     * texts, replacing any earlier one (Keras: {@code adapt}).
     *
     * @param texts the documents
     */
    public void adapt(Iterable<String> texts) {
        Map<String, long[]> counts = new HashMap<>();   // token -> {count, documents}
        long documents = 0;
        for (String text : texts) {
            documents++;
            Map<String, Boolean> inDocument = new HashMap<>();
            for (String token : tokens(text, documents - 1)) {
                long[] c = counts.computeIfAbsent(token, t -> new long[2]);
                c[0]++;
                if (inDocument.put(token, Boolean.TRUE) == null) {
                    c[1]++;
                }
            }
        }
        List<String> special = specialTokens();
        counts.keySet().removeAll(special);
        List<Map.Entry<String, long[]>> entries = new ArrayList<>(counts.entrySet());
        entries.sort((a, b) -> {
            int byCount = Long.compare(b.getValue()[0], a.getValue()[0]);
            return byCount != 0 ? byCount : compareBytes(b.getKey(), a.getKey());
        });
        int keep = maxTokens == null ? entries.size() : Math.min(entries.size(), maxTokens - special.size());
        List<String> learned = new ArrayList<>(keep);
        double[] idf = outputMode.equals("tf_idf") ? new double[keep] : null;
        for (int i = 0; i < keep; i++) {
            learned.add(entries.get(i).getKey());
            if (idf != null) {
                idf[i] = Math.log(1 + (double) documents / (1 + entries.get(i).getValue()[1]));
            }
        }
        setTokens(learned, idf == null ? null : withOovWeight(idf));
        hasInputVocabulary = false;
    }

    /** Keras gives the OOV index the mean of the tokens' weights. */
    private static double[] withOovWeight(double[] tokenWeights) {
        double[] all = new double[tokenWeights.length + 1];
        all[0] = Arrays.stream(tokenWeights).average().orElse(0);
        System.arraycopy(tokenWeights, 0, all, 1, tokenWeights.length);
        return all;
    }

    private void setTokens(List<String> learned, double[] idf) {
        this.tokens = List.copyOf(learned);
        Map<String, Integer> map = new HashMap<>();
        int start = specialTokens().size();
        for (int i = 0; i < learned.size(); i++) {
            map.put(learned.get(i), start + i);
        }
        this.index = map;
        this.idfWeights = idf;
    }

    /**
     * Vectorizes texts (Keras: calling the layer).
     *
     * @param texts the strings
     * @return {@code "int"}: ids [n, length]; the other modes: [n, vocabulary size] (or
     *         {@code maxTokens} with {@code padToMaxTokens})
     */
    public INDArray apply(List<String> texts) {
        List<int[]> rows = new ArrayList<>(texts.size());
        int longest = 0;
        for (int r = 0; r < texts.size(); r++) {
            List<String> tokenList = tokens(texts.get(r), r);
            int[] ids = new int[tokenList.size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = idOf(tokenList.get(i));
            }
            rows.add(ids);
            longest = Math.max(longest, ids.length);
        }
        if (outputMode.equals("int")) {
            int length = outputSequenceLength != null ? outputSequenceLength : longest;
            float[][] out = new float[texts.size()][length];
            for (int r = 0; r < out.length; r++) {
                int[] ids = rows.get(r);
                for (int i = 0; i < Math.min(length, ids.length); i++) {
                    out[r][i] = ids[i];
                }
            }
            return texts.isEmpty() ? Nd4j.create(DataType.FLOAT, 0, length) : Nd4j.createFromArray(out);
        }
        int width = padToMaxTokens && maxTokens != null ? maxTokens : vocabularySize();
        float[][] out = new float[texts.size()][width];
        for (int r = 0; r < out.length; r++) {
            for (int id : rows.get(r)) {
                out[r][id] = outputMode.equals("multi_hot") ? 1 : out[r][id] + 1;
            }
            if (outputMode.equals("tf_idf")) {
                for (int j = 0; j < idfWeights.length; j++) {
                    out[r][j] *= (float) idfWeights[j];
                }
            }
        }
        return texts.isEmpty() ? Nd4j.create(DataType.FLOAT, 0, width) : Nd4j.createFromArray(out);
    }

    /** @param texts the strings @return as {@link #apply(List)} */
    public INDArray apply(String... texts) {
        return apply(Arrays.asList(texts));
    }

    private int idOf(String token) {
        Integer id = index.get(token);
        if (id != null) {
            return id;
        }
        if (!outputMode.equals("int")) {
            return 0;   // "[UNK]"
        }
        return token.equals(MASK_TOKEN) ? 0 : 1;
    }

    /** @return the text standardized, split and joined into n-grams, as Keras's preprocessing does */
    private List<String> tokens(String text, long row) {
        if (text == null) {
            throw new Keras4jException("TextVectorization received null for text " + row
                    + "; pass a string (an empty one for no text).");
        }
        String s = text;
        if (customStandardize != null) {
            s = customStandardize.apply(s);
        } else if (standardize != null) {
            if (standardize.startsWith("lower")) {
                s = lowerAscii(s);
            }
            if (standardize.endsWith("strip_punctuation")) {
                s = PUNCTUATION.matcher(s).replaceAll("");
            }
        }
        List<String> parts;
        if (customSplit != null) {
            parts = customSplit.apply(s);
        } else if ("whitespace".equals(split)) {
            String trimmed = WHITESPACE.matcher(s).replaceAll(" ").strip();
            parts = trimmed.isEmpty() ? List.of() : Arrays.asList(trimmed.split(" "));
        } else if ("character".equals(split)) {
            parts = s.codePoints().mapToObj(Character::toString).toList();
        } else {
            parts = List.of(s);
        }
        if (ngrams == null) {
            return parts;
        }
        List<String> out = new ArrayList<>();
        for (int width : ngrams) {
            for (int i = 0; i + width <= parts.size(); i++) {
                out.add(String.join(" ", parts.subList(i, i + width)));
            }
        }
        return out;
    }

    private static String lowerAscii(String s) {
        char[] chars = s.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            if (chars[i] >= 'A' && chars[i] <= 'Z') {
                chars[i] = (char) (chars[i] + ('a' - 'A'));
            }
        }
        return new String(chars);
    }

    private static int compareBytes(String a, String b) {
        return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static int[] range(int n) {
        if (n < 1) {
            throw new Keras4jException("TextVectorization: `ngrams` must be None, an integer, or a tuple of integers. "
                    + "Received: ngrams=" + n);
        }
        int[] widths = new int[n];
        for (int i = 0; i < n; i++) {
            widths[i] = i + 1;
        }
        return widths;
    }

    private List<String> specialTokens() {
        return outputMode.equals("int") ? List.of(MASK_TOKEN, OOV_TOKEN) : List.of(OOV_TOKEN);
    }

    /** @return the vocabulary, special tokens first, most frequent token next (Keras: {@code get_vocabulary()}) */
    public List<String> getVocabulary() {
        List<String> vocabulary = new ArrayList<>(specialTokens());
        vocabulary.addAll(tokens);
        return Collections.unmodifiableList(vocabulary);
    }

    /** @return the number of vocabulary entries, special tokens included (Keras: {@code vocabulary_size()}) */
    public int vocabularySize() {
        return specialTokens().size() + tokens.size();
    }

    /** @return for {@code "tf_idf"}: each vocabulary index's weight, OOV first; else null */
    public double[] getIdfWeights() {
        return idfWeights == null ? null : idfWeights.clone();
    }

    /**
     * @return Keras's {@code get_config()} keys; the vocabulary (without special tokens) and IDF
     *         weights are always included, so {@link #fromConfig} restores a learned one too
     */
    public Map<String, Object> getConfig() {
        if (customStandardize != null || customSplit != null) {
            throw new Keras4jException("TextVectorization '" + name + "' uses a custom standardize or split function, "
                    + "which a config can't hold; rebuild it in code and set its vocabulary.");
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("name", name);
        config.put("trainable", true);
        config.put("dtype", "string");
        config.put("max_tokens", maxTokens);
        config.put("standardize", standardize);
        config.put("split", split);
        config.put("ngrams", ngramsArgument != null ? ngramsArgument
                : ngrams == null ? null : Arrays.stream(ngrams).boxed().toList());
        config.put("output_mode", outputMode);
        config.put("output_sequence_length", outputSequenceLength);
        config.put("pad_to_max_tokens", padToMaxTokens);
        config.put("sparse", false);
        config.put("ragged", false);
        config.put("vocabulary", tokens.isEmpty() && !hasInputVocabulary ? null : tokens);
        config.put("idf_weights", idfWeights == null ? null
                : Arrays.stream(idfWeights, 1, idfWeights.length).boxed().toList());
        config.put("encoding", "utf-8");
        config.put("vocabulary_size", vocabularySize());
        return config;
    }

    /**
     * @param config a {@link #getConfig()} or Keras's config of a {@code TextVectorization}
     * @return the vectorizer, with the config's vocabulary
     */
    public static TextVectorization fromConfig(Map<String, ?> config) {
        TextVectorization v = new TextVectorization();
        if (config.get("name") instanceof String n) {
            v.name(n);
        }
        if (config.get("output_mode") instanceof String mode) {
            v.outputMode(mode);
        }
        if (config.get("max_tokens") instanceof Number n) {
            v.maxTokens(n.intValue());
        }
        if (config.containsKey("standardize")) {
            v.standardize((String) config.get("standardize"));
        }
        if (config.containsKey("split")) {
            v.split((String) config.get("split"));
        }
        Object ngrams = config.get("ngrams");
        if (ngrams instanceof Number n) {
            v.ngrams(n.intValue());
        } else if (ngrams instanceof List<?> list) {
            v.ngrams(list.stream().mapToInt(o -> ((Number) o).intValue()).toArray());
        }
        if (config.get("output_sequence_length") instanceof Number n) {
            v.outputSequenceLength(n.intValue());
        }
        if (config.get("pad_to_max_tokens") instanceof Boolean b) {
            v.padToMaxTokens(b);
        }
        if (Boolean.TRUE.equals(config.get("sparse")) || Boolean.TRUE.equals(config.get("ragged"))) {
            throw new Keras4jException("TextVectorization: keras4j makes dense arrays; sparse and ragged outputs are "
                    + "not offered.");
        }
        if (config.get("vocabulary") instanceof List<?> vocabulary) {
            double[] idf = config.get("idf_weights") instanceof List<?> w
                    ? w.stream().mapToDouble(o -> ((Number) o).doubleValue()).toArray() : null;
            v.vocabulary(vocabulary.stream().map(String::valueOf).toList(), idf);
        }
        return v;
    }
}
