/**
 * keras4j-spark's implementation (rows to arrays, the model on the executors, test hooks); not
 * part of the API, and may change in any release.
 */
package keras4j.spark.internal;
