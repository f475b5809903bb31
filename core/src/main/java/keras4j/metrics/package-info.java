/**
 * Keras's metrics as stateful objects over an epoch: accuracies (exact, binary, categorical,
 * sparse categorical, top-k), precision, recall, AUC (ROC and PR), F1 score, the counts of true
 * and false positives and negatives, the rates at thresholds (sensitivity at specificity,
 * precision at recall, ...), R², the regression errors (mean squared, root mean squared, absolute,
 * percentage, squared logarithmic, log-cosh, cosine similarity), the probabilistic and hinge
 * losses as metrics, and a confusion matrix of class ids.
 *
 * <pre>{@code
 * model.compile(new Adam(), Loss.get("binary_crossentropy"), new Precision(), new Recall(), new AUC());
 * Map<String, Double> logs = model.evaluate(x, y);   // {loss=..., precision=..., recall=..., auc=...}
 * }</pre>
 */
package keras4j.metrics;
