package keras4j.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import keras4j.FitOptions;
import keras4j.Functional;
import keras4j.Model;
import keras4j.Sequential;
import keras4j.graph.KerasTensor;
import keras4j.layers.Dense;
import keras4j.layers.Input;
import keras4j.losses.Loss;
import keras4j.optimizers.schedules.ExponentialDecay;
import keras4j.optimizers.schedules.PiecewiseConstantDecay;

/**
 * Each optimizer's steps on one linear Dense layer (fixed weights and data, mean squared error,
 * one batch a step) against Keras's update_step written out by hand in double precision, weights
 * compared after each of three steps.
 */
class UpdateRulesTest {
    private static final double[][] X = {{1, 2, -1}, {0.5, -1, 2}, {-2, 0.5, 1}, {1.5, 1, 0}};
    private static final double[][] Y = {{1, -1}, {0, 2}, {-1, 0.5}, {2, 1}};
    private static final double[] KERNEL = {0.1, -0.2, 0.3, 0.4, -0.5, 0.6};   // (3, 2), row-major
    private static final double[] BIAS = {0.05, -0.05};

    /** Keras's rule for one weight: updates w in place from g at step t (1 on the first). */
    interface Rule {
        void step(int weight, double[] w, double[] g, int t);
    }

    @Test
    void adamwDecaysTheWeightsBeforeAdamsStep() {
        double lr = 0.01, wd = 0.1, b1 = 0.9, b2 = 0.999, eps = 1e-7;
        check(new AdamW(lr, wd), () -> {
            double[][] m = new double[2][], v = new double[2][];
            return (i, w, g, t) -> {
            m[i] = m[i] == null ? new double[w.length] : m[i];
            v[i] = v[i] == null ? new double[w.length] : v[i];
            double alpha = lr * Math.sqrt(1 - Math.pow(b2, t)) / (1 - Math.pow(b1, t));
            for (int k = 0; k < w.length; k++) {
                w[k] -= w[k] * wd * lr;
                m[i][k] += (g[k] - m[i][k]) * (1 - b1);
                v[i][k] += (g[k] * g[k] - v[i][k]) * (1 - b2);
                w[k] -= alpha * m[i][k] / (Math.sqrt(v[i][k]) + eps);
            }
            };
        });
    }

    @Test
    void amsgradDividesByTheLargestSecondMomentSeen() {
        double lr = 0.3, b1 = 0.9, b2 = 0.5, eps = 1e-7;   // a short memory, so the second moment falls
        int[] fell = new int[1];
        for (MomentOptimizer optimizer : List.of(new Adam(lr, b1, b2, eps).withAmsgrad(true),
                new AdamW(lr, 0, b1, b2, eps).withAmsgrad(true))) {
            check(optimizer, () -> {
                double[][] m = new double[2][], v = new double[2][], vHat = new double[2][];
                return (i, w, g, t) -> {
                    m[i] = m[i] == null ? new double[w.length] : m[i];
                    v[i] = v[i] == null ? new double[w.length] : v[i];
                    vHat[i] = vHat[i] == null ? new double[w.length] : vHat[i];
                    double alpha = lr * Math.sqrt(1 - Math.pow(b2, t)) / (1 - Math.pow(b1, t));
                    for (int k = 0; k < w.length; k++) {
                        m[i][k] += (g[k] - m[i][k]) * (1 - b1);
                        v[i][k] += (g[k] * g[k] - v[i][k]) * (1 - b2);
                        fell[0] += vHat[i][k] > v[i][k] ? 1 : 0;
                        vHat[i][k] = Math.max(vHat[i][k], v[i][k]);
                        w[k] -= alpha * m[i][k] / (Math.sqrt(vHat[i][k]) + eps);
                    }
                };
            });
        }
        assertTrue(fell[0] > 0, "the steps never reached a smaller second moment: the test shows nothing");

        Model model = model(new Adam(lr, b1, b2, eps).withAmsgrad(true), false);
        fitOnce(model);
        assertEquals(2 + 3 * 2, model.getOptimizerVariables().size(), "iterations, learning rate, then m, v, v_hat "
                + "of kernel and bias");
        assertEquals(Boolean.TRUE, model.getCompileSettings().optimizer().getConfig().get("amsgrad"));
        assertTrue(((MomentOptimizer) keras4j.optimizers.Optimizer.fromConfig(
                new Adam().withAmsgrad(true).getConfig())).isAmsgrad(), "config round trip");
    }

    @Test
    void adamaxDividesByTheInfinityNorm() {
        double lr = 0.02, b1 = 0.9, b2 = 0.999, eps = 1e-7;
        check(new Adamax(lr), () -> {
            double[][] m = new double[2][], u = new double[2][];
            return (i, w, g, t) -> {
            m[i] = m[i] == null ? new double[w.length] : m[i];
            u[i] = u[i] == null ? new double[w.length] : u[i];
            for (int k = 0; k < w.length; k++) {
                m[i][k] += (g[k] - m[i][k]) * (1 - b1);
                u[i][k] = Math.max(b2 * u[i][k], Math.abs(g[k]));
                w[k] -= lr * m[i][k] / ((1 - Math.pow(b1, t)) * (u[i][k] + eps));
            }
            };
        });
    }

    @Test
    void adadeltaHasKerassLearningRate() {
        double lr = 1.0, rho = 0.95, eps = 1e-7;
        check(new Adadelta(lr), () -> {
            double[][] a = new double[2][], d = new double[2][];
            return (i, w, g, t) -> {
            a[i] = a[i] == null ? new double[w.length] : a[i];
            d[i] = d[i] == null ? new double[w.length] : d[i];
            for (int k = 0; k < w.length; k++) {
                a[i][k] = rho * a[i][k] + (1 - rho) * g[k] * g[k];
                double delta = -Math.sqrt(d[i][k] + eps) * g[k] / Math.sqrt(a[i][k] + eps);
                d[i][k] = rho * d[i][k] + (1 - rho) * delta * delta;
                w[k] += lr * delta;
            }
            };
        });
        assertEquals(new Adadelta(0.001, 0.95, 1e-7), new Adadelta(), "Keras's defaults");
    }

    @Test
    void rmspropWithMomentumAndCentered() {
        for (double momentum : new double[] {0.0, 0.8}) {
            for (boolean centered : new boolean[] {false, true}) {
                double lr = 0.01, rho = 0.9, eps = 1e-7;
                check(new RMSprop(lr, rho, momentum, eps, centered), () -> {
                    double[][] v = new double[2][], mo = new double[2][], mg = new double[2][];
                    return (i, w, g, t) -> {
                    v[i] = v[i] == null ? new double[w.length] : v[i];
                    mo[i] = mo[i] == null ? new double[w.length] : mo[i];
                    mg[i] = mg[i] == null ? new double[w.length] : mg[i];
                    for (int k = 0; k < w.length; k++) {
                        v[i][k] = rho * v[i][k] + (1 - rho) * g[k] * g[k];
                        double denominator = v[i][k] + eps;
                        if (centered) {
                            mg[i][k] = rho * mg[i][k] + (1 - rho) * g[k];
                            denominator = v[i][k] - mg[i][k] * mg[i][k] + eps;
                        }
                        double increment = lr * g[k] / Math.sqrt(denominator);
                        if (momentum > 0) {
                            mo[i][k] = momentum * mo[i][k] + increment;
                            w[k] -= mo[i][k];
                        } else {
                            w[k] -= increment;
                        }
                    }
                    };
                });
            }
        }
    }

    @Test
    void adagradStartsItsAccumulatorAtKerassInitialValue() {
        double lr = 0.05, init = 0.1, eps = 1e-7;
        check(new Adagrad(lr), () -> {
            double[][] acc = new double[2][];
            return (i, w, g, t) -> {
            if (acc[i] == null) {
                acc[i] = new double[w.length];
                java.util.Arrays.fill(acc[i], init);
            }
            for (int k = 0; k < w.length; k++) {
                acc[i][k] += g[k] * g[k];
                w[k] -= lr * g[k] / Math.sqrt(acc[i][k] + eps);
            }
            };
        });
    }

    @Test
    void clipnormClipsEachWeightsGradient() {
        double lr = 0.1, c = 0.5;
        check(new SGD(lr).withClipnorm(c), () -> (i, w, g, t) -> {
            double norm = norm(g);
            for (int k = 0; k < w.length; k++) {
                w[k] -= lr * g[k] * c / Math.max(norm, c);
            }
        });
    }

    @Test
    void globalClipnormClipsAllGradientsTogether() {
        double lr = 0.1, c = 0.7;
        checkGlobal(new SGD(lr).withGlobalClipnorm(c), c, lr);
    }

    @Test
    void clipvalueClipsEachElement() {
        double lr = 0.1, c = 0.3;
        check(new SGD(lr, 0.5, false).withClipvalue(c), () -> {
            double[][] velocity = new double[2][];
            return (i, w, g, t) -> {
                velocity[i] = velocity[i] == null ? new double[w.length] : velocity[i];
                for (int k = 0; k < w.length; k++) {
                    velocity[i][k] = 0.5 * velocity[i][k] - lr * Math.max(-c, Math.min(c, g[k]));
                    w[k] += velocity[i][k];
                }
            };
        });
    }

    @Test
    void weightDecayOnAnyOptimizerAndAScheduleSteppingEachBatch() {
        ExponentialDecay schedule = new ExponentialDecay(0.1, 1, 0.5);   // 0.1, 0.05, 0.025
        double wd = 0.2;
        check(new SGD(schedule).withWeightDecay(wd), () -> (i, w, g, t) -> {
            double lr = 0.1 * Math.pow(0.5, t - 1);
            for (int k = 0; k < w.length; k++) {
                w[k] -= w[k] * wd * lr;
                w[k] -= lr * g[k];
            }
        });
        PiecewiseConstantDecay steps = new PiecewiseConstantDecay(new double[] {1}, new double[] {0.1, 0.01});
        check(new SGD(0.01, 0.9, false).withLearningRate(steps), () -> {
            double[][] velocity = new double[2][];
            return (i, w, g, t) -> {
            double lr = t - 1 <= 1 ? 0.1 : 0.01;
            velocity[i] = velocity[i] == null ? new double[w.length] : velocity[i];
            for (int k = 0; k < w.length; k++) {
                velocity[i][k] = 0.9 * velocity[i][k] - lr * g[k];
                w[k] += velocity[i][k];
            }
            };
        });
    }

    private static void checkGlobal(Optimizer optimizer, double c, double lr) {
        double[][] reference = {KERNEL.clone(), BIAS.clone()};
        Model model = model(optimizer, true);
        for (int t = 1; t <= 3; t++) {
            double[][] g = gradients(reference);
            double global = Math.sqrt(Math.pow(norm(g[0]), 2) + Math.pow(norm(g[1]), 2));
            double scale = c * Math.min(1 / global, 1 / c);
            for (int i = 0; i < 2; i++) {
                for (int k = 0; k < g[i].length; k++) {
                    reference[i][k] -= lr * g[i][k] * scale;
                }
            }
            fitOnce(model);
            assertClose(reference, model, "step " + t);
        }
    }

    /** Runs three steps of the optimizer on a Sequential and on a Functional model against the rule. */
    private static void check(Optimizer optimizer, Supplier<Rule> rules) {
        for (boolean functional : new boolean[] {false, true}) {
            Rule rule = rules.get();
            double[][] reference = {KERNEL.clone(), BIAS.clone()};
            Model model = model(optimizer, functional);
            for (int t = 1; t <= 3; t++) {
                double[][] g = gradients(reference);
                for (int i = 0; i < 2; i++) {
                    rule.step(i, reference[i], g[i], t);
                }
                fitOnce(model);
                assertClose(reference, model, optimizer + (functional ? " (Functional)" : "") + ", step " + t);
            }
        }
    }

    private static Model model(Optimizer optimizer, boolean functional) {
        Model model;
        if (functional) {
            KerasTensor x = Input.tensor(3);
            model = new Functional(x, new Dense(2).apply(x));
        } else {
            model = new Sequential(new Input(3), new Dense(2));
        }
        model.compile(optimizer, Loss.get("mse"));
        model.setWeights(List.of(Nd4j.create(KERNEL, new long[] {3, 2}, DataType.FLOAT),
                Nd4j.create(BIAS, new long[] {2}, DataType.FLOAT)));
        return model;
    }

    private static void fitOnce(Model model) {
        model.fit(Nd4j.create(X).castTo(DataType.FLOAT), Nd4j.create(Y).castTo(DataType.FLOAT),
                new FitOptions().epochs(1).batchSize(4).shuffle(false).verbose(0));
    }

    /** @return mean squared error's gradients of kernel and bias at these weights, in double */
    private static double[][] gradients(double[][] weights) {
        double[] dk = new double[6];
        double[] db = new double[2];
        int n = X.length;
        for (int s = 0; s < n; s++) {
            for (int o = 0; o < 2; o++) {
                double pred = weights[1][o];
                for (int in = 0; in < 3; in++) {
                    pred += X[s][in] * weights[0][in * 2 + o];
                }
                double d = 2 * (pred - Y[s][o]) / (n * 2);
                db[o] += d;
                for (int in = 0; in < 3; in++) {
                    dk[in * 2 + o] += X[s][in] * d;
                }
            }
        }
        return new double[][] {dk, db};
    }

    private static double norm(double[] g) {
        double sum = 0;
        for (double v : g) {
            sum += v * v;
        }
        return Math.sqrt(sum);
    }

    private static void assertClose(double[][] reference, Model model, String what) {
        List<INDArray> weights = model.getWeights();
        for (int i = 0; i < 2; i++) {
            double[] got = weights.get(i).castTo(DataType.DOUBLE).reshape(-1).toDoubleVector();
            assertArrayEquals(reference[i], got, 2e-6, what + (i == 0 ? ": kernel" : ": bias"));
        }
    }
}
