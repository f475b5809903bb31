/**
 * Reference networks ("recipes") and what trains and serves them: each recipe is a network built
 * from keras4j's public API (a {@link keras4j.Model}, which lives in keras4j's core), the data set
 * it learns, its compile settings, default epochs and batch size, and the test accuracy it reaches.
 * This package holds no model classes of its own.
 *
 * <pre>{@code
 * Recipe recipe = Recipes.get("mnist-mlp");
 * Model model = recipe.build();                 // uncompiled (a Sequential): change it if you like
 * recipe.compile(model);                        // the recipe's optimizer, loss and metrics
 * TrainingResult result = recipe.train(model, new TrainOptions().epochs(2));
 * result.trainedModel().save(Path.of("mnist.keras4j"));   // the model, with its classes and preprocessing
 *
 * TrainedModel digits = TrainedModel.load(Path.of("mnist.keras4j"));
 * List<Prediction> top = digits.predictImage(Path.of("seven.png"), 3);   // [7: 98.1%, 2: 0.9%, 1: 0.4%]
 * }</pre>
 *
 * <p>{@link keras4j.models.Recipes} lists the recipes; {@link keras4j.models.DataSources} the data
 * they train on; {@link keras4j.models.TrainedModel} pairs a trained model (a {@code Sequential} or
 * a {@code Functional} with one input and one output) with what it was trained on (class names,
 * input preprocessing), which {@code keras4j predict} and {@code evaluate} need. A user's own data
 * is a {@link keras4j.models.CsvDataSource} (a table, for {@code Recipes.tableMlp}) or an
 * {@link keras4j.models.ImageFolderDataSource} (photos in class subfolders, for
 * {@code Recipes.imageCnn}).
 */
package keras4j.models;
