/**
 * Implementation detail of keras4j: the lowering of Keras-level layers, losses and optimizers to
 * DL4J, the training loop's plumbing, file handling. Not part of the public API; it may change in
 * any release. Other keras4j modules may use it.
 */
package keras4j.internal;
