/**
 * Keras's preprocessing that works on data a model can't take directly (strings), run before the
 * model: {@link keras4j.preprocessing.TextVectorization}.
 *
 * <pre>{@code
 * TextVectorization vectorizer = new TextVectorization().maxTokens(10_000).outputSequenceLength(100);
 * vectorizer.adapt(texts);
 * model.fit(vectorizer.apply(texts), labels, new FitOptions().epochs(5));
 * }</pre>
 */
package keras4j.preprocessing;
