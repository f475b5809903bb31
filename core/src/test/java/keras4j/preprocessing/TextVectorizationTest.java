package keras4j.preprocessing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import keras4j.ErrorMessagesTest;
import keras4j.FitOptions;
import keras4j.Sequential;
import keras4j.layers.Dense;
import keras4j.layers.Embedding;
import keras4j.layers.GlobalAveragePooling1D;
import keras4j.layers.Input;

/** TextVectorization against Keras's rules, worked out by hand. */
class TextVectorizationTest {
    private static final List<String> TEXTS = List.of("The cat sat.", "the  DOG sat\t", "A cat!");

    @Test
    void adaptOrdersTheVocabularyByCountThenByTokenDescendingAsKeras() {
        TextVectorization v = new TextVectorization();
        v.adapt(TEXTS);
        // counts: the 2, cat 2, sat 2, dog 1, a 1; Keras's lexsort breaks ties by token, reversed
        assertEquals(List.of("", "[UNK]", "the", "sat", "cat", "dog", "a"), v.getVocabulary());
        INDArray ids = v.apply("the cat, the bird", "Sat");
        // padded to the longest row with 0; "bird" is out of vocabulary (1)
        assertArrayEquals(new float[][] {{2, 4, 2, 1}, {3, 0, 0, 0}}, ids.toFloatMatrix());

        v.outputSequenceLength(2);
        assertArrayEquals(new float[][] {{2, 4}, {3, 0}}, v.apply("the cat the", "sat").toFloatMatrix());

        TextVectorization small = new TextVectorization().maxTokens(4);
        small.adapt(TEXTS);
        assertEquals(List.of("", "[UNK]", "the", "sat"), small.getVocabulary(), "max_tokens counts the special ones");
    }

    @Test
    void standardizeSplitAndNgrams() {
        TextVectorization chars = new TextVectorization().split("character").standardize("lower");
        chars.adapt(List.of("Ab.", "b"));
        assertEquals(List.of("", "[UNK]", "b", "a", "."), chars.getVocabulary());

        TextVectorization bigrams = new TextVectorization().ngrams(2).outputMode("count");
        bigrams.adapt(List.of("x y z"));
        // unigrams, then bigrams (tf.strings.ngrams); all counts 1, so reverse byte order
        assertEquals(List.of("[UNK]", "z", "y z", "y", "x y", "x"), bigrams.getVocabulary());
        assertArrayEquals(new float[] {3, 0, 0, 2, 2, 2}, bigrams.apply("x y x y w").toFloatVector(),
                "counts; w, 'y x' and 'y w' out of vocabulary, at index 0");

        TextVectorization none = new TextVectorization().standardize((String) null).split((String) null);
        none.adapt(List.of("Hello, World", "Hello, World", "x"));
        assertEquals(List.of("", "[UNK]", "Hello, World", "x"), none.getVocabulary());
        TextVectorization unicode = new TextVectorization();
        unicode.adapt(List.of("ÉCOLE école"));
        // TensorFlow lower-cases ASCII letters only: "ÉCOLE" becomes "École", another token than "école"
        assertEquals(List.of("", "[UNK]", "école", "École"), unicode.getVocabulary());
    }

    @Test
    void multiHotAndTfIdfFollowKerasFormulas() {
        TextVectorization hot = new TextVectorization().outputMode("binary");
        hot.adapt(TEXTS);
        assertEquals(List.of("[UNK]", "the", "sat", "cat", "dog", "a"), hot.getVocabulary());
        assertArrayEquals(new float[] {1, 1, 0, 1, 0, 0}, hot.apply("cat cat the fish").toFloatVector());
        hot.maxTokens(8).padToMaxTokens(true);
        assertEquals(8, hot.apply("cat").size(1));

        TextVectorization tfidf = new TextVectorization().outputMode("tf_idf");
        tfidf.adapt(TEXTS);
        double idfThe = Math.log(1 + 3.0 / (1 + 2));   // in 2 of 3 documents
        double idfDog = Math.log(1 + 3.0 / (1 + 1));
        double oov = (3 * idfThe + 2 * idfDog) / 5;     // the mean of the token weights
        float[] row = tfidf.apply("the the dog zebra").toFloatVector();
        assertEquals(oov, row[0], 1e-6);
        assertEquals(2 * idfThe, row[1], 1e-6);
        assertEquals(idfDog, row[4], 1e-6);
    }

    @Test
    void configRoundTripKeepsTheVocabularyAndItFeedsAnEmbedding() {
        TextVectorization v = new TextVectorization().maxTokens(50).outputSequenceLength(5).name("vectorizer");
        v.adapt(TEXTS);
        Map<String, Object> config = v.getConfig();
        assertEquals(50, config.get("max_tokens"));
        assertEquals("lower_and_strip_punctuation", config.get("standardize"));
        assertNull(config.get("ngrams"));
        TextVectorization copy = TextVectorization.fromConfig(config);
        assertEquals(v.getVocabulary(), copy.getVocabulary());
        assertEquals(config, copy.getConfig());
        assertEquals(v.apply(TEXTS), copy.apply(TEXTS));

        Sequential model = Sequential.of(new Input(5), new Embedding(v.vocabularySize(), 4),
                new GlobalAveragePooling1D(), new Dense(1, "sigmoid"));
        model.compile("adam", "binary_crossentropy");
        model.fit(v.apply(TEXTS), keras4j.Arrays2.f(1, 0, 1), new FitOptions().verbose(0));
        assertEquals(3, model.predict(v.apply(TEXTS)).size(0));
    }

    @Test
    void badArgumentsAreExplained() {
        ErrorMessagesTest.fails(() -> new TextVectorization().outputMode("one_hot"), "use multi_hot");
        ErrorMessagesTest.fails(() -> new TextVectorization().outputMode("count").outputSequenceLength(3),
                "`output_sequence_length` must not be set if `output_mode` is not 'int'");
        ErrorMessagesTest.fails(() -> new TextVectorization().maxTokens(1), "greater than 1");
        ErrorMessagesTest.fails(() -> new TextVectorization().vocabulary(List.of("a", "b", "a")), "repeats the token 'a'");
        ErrorMessagesTest.fails(() -> new TextVectorization().outputMode("tf_idf").vocabulary(List.of("a")),
                "`idf_weights` must be set");
        ErrorMessagesTest.fails(() -> new TextVectorization().apply(java.util.Arrays.asList("a", null)),
                "null for text 1");
    }
}
