package keras4j.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

import keras4j.Arrays2;
import keras4j.FitOptions;
import keras4j.Functional;
import keras4j.Model;
import keras4j.Sequential;
import keras4j.graph.KerasTensor;

/**
 * Activation and Dropout layers at prediction time: they leave the caller's arrays and every other
 * layer's output as they were, and run anywhere in a model, right after its Input included.
 */
class WeightlessLayersTest {
    private static final INDArray X = Arrays2.random(3, 5, 4);
    private static final INDArray Y = Arrays2.classIds(4, 5, 2);

    /** predict, evaluate and fit on x and y, asserting none of them changes x or y. */
    private static void leavesTheCallersArraysAlone(Model model) {
        INDArray x = X.dup();
        INDArray y = Y.dup();
        model.predict(x);
        assertEquals(X, x, "predict left x as it was");
        model.compile("sgd", "sparse_categorical_crossentropy");
        model.evaluate(x, y);
        model.fit(x, y, new FitOptions().epochs(1).batchSize(5).verbose(0));
        model.predict(x);
        assertEquals(X, x, "evaluate, fit and predict left x as it was");
        assertEquals(Y, y, "and y");
    }

    @Test
    void anActivationRightAfterTheInputLeavesTheCallersArrayAlone() {
        leavesTheCallersArraysAlone(new Sequential(new Input(4), new Activation("relu"), new Dense(2, "softmax")));
        KerasTensor in = Input.tensor(4);
        leavesTheCallersArraysAlone(new Functional(in, new Dense(2, "softmax").apply(new Activation("relu").apply(in))));
    }

    @Test
    void anActivationOfAModelOutputLeavesThatOutputAsItWas() {
        KerasTensor in = Input.tensor(4);
        KerasTensor d = new Dense(3).name("d").apply(in);
        Functional model = new Functional(List.of(in), List.of(d, new Activation("sigmoid").apply(d)));
        model.getLayer("d").setWeights(List.of(Arrays2.random(5, 4, 3), Arrays2.f(0.5, -0.5, 0)));
        INDArray expected = X.mmul(Arrays2.random(5, 4, 3)).addRowVector(Arrays2.f(0.5, -0.5, 0));
        List<INDArray> out = model.predict(List.of(X), 32);
        assertArrayEquals(expected.toFloatMatrix()[0], out.get(0).toFloatMatrix()[0], 1e-5f, "output d is d");
        assertArrayEquals(Transforms.sigmoid(expected).toFloatMatrix()[0], out.get(1).toFloatMatrix()[0], 1e-5f,
                "and the second output is sigmoid(d)");
    }

    @Test
    void anActivationOfALayerReadByAnotherLeavesWhatTheOtherReads() {
        // y = relu(d) + d: the Add must see d, not relu(d).
        KerasTensor in = Input.tensor(4);
        KerasTensor d = new Dense(3).name("d").apply(in);
        Functional model = new Functional(in, new Add().apply(new Activation("relu").apply(d), d));
        model.getLayer("d").setWeights(List.of(Arrays2.random(5, 4, 3), Arrays2.f(0.5, -0.5, 0)));
        INDArray z = X.mmul(Arrays2.random(5, 4, 3)).addRowVector(Arrays2.f(0.5, -0.5, 0));
        INDArray expected = Transforms.relu(z, true).add(z);
        assertEquals(expected.toString(), model.predict(X).toString());
        // evaluate scores what predict computes (DL4J scores with every activation in one workspace).
        model.compile("sgd", "mse");
        INDArray y = Arrays2.random(7, 5, 3);
        double mse = expected.sub(y).muli(expected.sub(y)).meanNumber().doubleValue();
        assertEquals(mse, model.evaluate(X, y).get("loss"), 1e-6);
    }

    @Test
    void twoWeightlessLayersRightAfterTheInputPredict() {
        INDArray kernel = Arrays2.random(6, 4, 2);
        for (String pair : List.of("Activation, Dropout", "Dropout, Activation", "Dropout, Dropout")) {
            INDArray expected = (pair.contains("Activation") ? Transforms.relu(X, true) : X).mmul(kernel);
            Layer[] layers = weightless(pair);
            Sequential sequential = new Sequential(new Input(4), layers[0], layers[1], new Dense(2).name("d"));
            sequential.getLayer("d").setWeights(List.of(kernel, Arrays2.f(0, 0)));
            assertEquals(expected.toString(), sequential.predict(X).toString(), "Sequential, " + pair);
            layers = weightless(pair);
            leavesTheCallersArraysAlone(new Sequential(new Input(4), layers[0], layers[1], new Dense(2, "softmax")));

            layers = weightless(pair);
            KerasTensor in = Input.tensor(4);
            Functional functional = new Functional(in, new Dense(2).name("d").apply(layers[1].apply(
                    layers[0].apply(in))));
            functional.getLayer("d").setWeights(List.of(kernel, Arrays2.f(0, 0)));
            assertEquals(expected.toString(), functional.predict(X).toString(), "Functional, " + pair);
            layers = weightless(pair);
            in = Input.tensor(4);
            leavesTheCallersArraysAlone(new Functional(in, new Dense(2, "softmax").apply(layers[1].apply(
                    layers[0].apply(in)))));
        }
    }

    @Test
    void aDropoutRightAfterTheInputPredictsACopyOfX() {
        INDArray x = X.dup();
        INDArray predicted = new Sequential(new Input(4), new Dropout(0.5)).predict(x);
        assertEquals(X, predicted, "inference passes x through");
        predicted.addi(1);
        assertEquals(X, x, "as a copy");
    }

    /** @return two new layers, as named: "Activation, Dropout" is a relu, then a Dropout */
    private static Layer[] weightless(String pair) {
        return java.util.Arrays.stream(pair.split(", "))
                .map(name -> name.equals("Activation") ? new Activation("relu") : (Layer) new Dropout(0.1))
                .toArray(Layer[]::new);
    }
}
