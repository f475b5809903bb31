package keras4j;

import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Where keras4j keeps its data sets and settings: {@code ~/.keras4j} unless overridden.
 *
 * <p>The system property {@code keras4j.home} wins over the environment variable
 * {@code KERAS4J_HOME}, which wins over {@code ~/.keras4j}, so a test or a single run can point
 * elsewhere without touching the user's environment.
 *
 * <pre>{@code
 * Path cache = Keras4jHome.get().resolve("datasets");   // ~/.keras4j/datasets
 * }</pre>
 */
public final class Keras4jHome {
    /** System property that overrides the home folder. */
    public static final String PROPERTY = "keras4j.home";
    /** Environment variable that overrides the home folder. */
    public static final String ENVIRONMENT_VARIABLE = "KERAS4J_HOME";

    private Keras4jHome() {
    }

    /** @return the keras4j home folder (not created by this call) */
    public static Path get() {
        String property = System.getProperty(PROPERTY);
        if (property != null && !property.isBlank()) {
            return Paths.get(property).toAbsolutePath();
        }
        String env = System.getenv(ENVIRONMENT_VARIABLE);
        if (env != null && !env.isBlank()) {
            return Paths.get(env).toAbsolutePath();
        }
        return Paths.get(System.getProperty("user.home"), ".keras4j");
    }
}
