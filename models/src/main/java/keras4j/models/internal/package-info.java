/**
 * Implementation detail of keras4j-models (shaping arrays for a model, image resampling, JSON). Not
 * part of the public API; it may change in any release.
 */
package keras4j.models.internal;
