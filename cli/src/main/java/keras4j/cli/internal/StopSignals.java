package keras4j.cli.internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Catches SIGTERM and SIGINT (Ctrl-C) while a command runs, so that training can stop at a batch
 * boundary and save its state instead of dying mid-step. The first signal calls the given action;
 * a second one ends the process at once with the conventional status (128 + the signal's number).
 * {@link #close()} puts the earlier handlers back.
 *
 * <p>The JDK's signal API ({@code sun.misc.Signal}, in the {@code jdk.unsupported} module) is
 * reached by reflection so that the build stays free of its compile-time warnings; where it is
 * missing the JVM's default handling applies.
 *
 * <pre>{@code
 * try (StopSignals signals = StopSignals.install(name -> backup.interrupt())) {
 *     model.fit(x, y, options);
 * }
 * }</pre>
 */
public final class StopSignals implements AutoCloseable {
    private static final String[] NAMES = {"TERM", "INT"};

    private final Map<Object, Object> previous = new LinkedHashMap<>();
    private volatile String received;

    private StopSignals() {
    }

    /**
     * @param onFirst called with the signal's name ("TERM" or "INT") on the first signal, on the
     *                JVM's signal thread: keep it short and thread-safe
     * @return the installed handlers
     */
    public static StopSignals install(java.util.function.Consumer<String> onFirst) {
        StopSignals signals = new StopSignals();
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
            Method name = signalClass.getMethod("getName");
            Method number = signalClass.getMethod("getNumber");
            InvocationHandler onSignal = (proxy, method, args) -> {
                if (!"handle".equals(method.getName())) {
                    return method.getName().equals("toString") ? "keras4j StopSignals" : null;
                }
                String which = (String) name.invoke(args[0]);
                if (signals.received != null) {
                    System.err.println("\nkeras4j: stopping now.");
                    System.err.flush();
                    Runtime.getRuntime().halt(128 + (Integer) number.invoke(args[0]));
                }
                signals.received = which;
                onFirst.accept(which);
                return null;
            };
            Object handler = Proxy.newProxyInstance(StopSignals.class.getClassLoader(), new Class<?>[] {handlerClass},
                    onSignal);
            for (String signalName : NAMES) {
                Object signal = signalClass.getConstructor(String.class).newInstance(signalName);
                Object old = handle.invoke(null, signal, handler);
                signals.previous.put(signal, old);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // No signal API (or the signal is reserved): the JVM's default handling stays.
        }
        return signals;
    }

    /** @return the first signal received ("TERM" or "INT"), or null */
    public String received() {
        return received;
    }

    /** @return the exit status for the signal received: 143 for SIGTERM, 130 for SIGINT */
    public int exitStatus() {
        return "INT".equals(received) ? 130 : 143;
    }

    @Override
    public void close() {
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
            for (Map.Entry<Object, Object> e : previous.entrySet()) {
                handle.invoke(null, e.getKey(), e.getValue());
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // Nothing was installed.
        }
        previous.clear();
    }
}
