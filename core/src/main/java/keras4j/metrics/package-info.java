/**
 * Keras's metrics as stateful objects over an epoch: accuracies (exact, binary, categorical,
 * sparse categorical, top-k), precision, recall, AUC (ROC and PR), F1 score, mean squared and
 * absolute error, and a confusion matrix of class ids.
 *
 * <pre>{@code
 * model.compile(new Adam(), Loss.get("binary_crossentropy"), new Precision(), new Recall(), new AUC());
 * Map<String, Double> logs = model.evaluate(x, y);   // {loss=..., precision=..., recall=..., auc=...}
 * }</pre>
 */
package keras4j.metrics;
