/**
 * Scale-out, optional: trains and scores keras4j models on an Apache Spark cluster. Nothing else in
 * keras4j depends on this module (artifact {@code keras4j-spark}); add it, with Spark 3.5 (Scala
 * 2.12) {@code provided} by the cluster, to train the same compiled {@link keras4j.Sequential} or
 * {@link keras4j.Functional} model with DL4J's parameter averaging ({@link keras4j.spark.SparkTrainer})
 * and to score a Spark table with any keras4j model ({@link keras4j.spark.SparkPredictor}).
 *
 * <pre>{@code
 * SparkSession spark = Keras4jSpark.session("local[2]");
 * History history = new SparkTrainer(spark).fit(model, table, "features", "label",
 *         new FitOptions().epochs(10).batchSize(32));
 * Dataset<Row> scored = new SparkPredictor(spark, model).transform(table);
 * }</pre>
 */
package keras4j.spark;
