package keras4j.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

import org.nd4j.linalg.cpu.nativecpu.CpuBackend;

/**
 * Chooses ND4J's native build before ND4J loads it. keras4j ships ND4J's oneDNN build next to the
 * plain one; JavaCPP loads it only when told to, through the system property
 * {@code org.bytedeco.javacpp.platform.extension}. keras4j sets that property to
 * {@code -onednn-avx2} when that build is on the class path and the CPU has AVX2, unless the user
 * set it. oneDNN is what makes {@link NativeConv2D} and DL4J's pooling fast.
 *
 * <p>The choice must be made before the natives load, whatever code touches ND4J first, so it hangs
 * on ND4J's backend discovery: this class is registered as an ND4J backend
 * ({@code META-INF/services}) with a priority below ND4J's own CPU backend, so it is never the one
 * chosen, but ND4J constructs every registered backend before it loads any native code, and the
 * constructor makes the choice.
 *
 * <p>At the same point it sets, on Linux and only where the environment doesn't already, how the
 * native thread pools wait between operations: {@code OMP_WAIT_POLICY=PASSIVE} (libnd4j's and
 * oneDNN's OpenMP threads sleep instead of spinning) and {@code OPENBLAS_THREAD_TIMEOUT=4}
 * (OpenBLAS's threads stop spinning after 2<sup>4</sup> cycles). Both runtimes read these once,
 * when loaded, and by default spin for a long time after each operation; the two pools then fight
 * for the cores between DL4J's many small operations. On 2 cores this halved MNIST training and
 * inference times (docs/benchmarks.md).
 *
 * <p>It also names OpenBLAS's kernels for the CPU ({@code OPENBLAS_CORETYPE}: {@code SkylakeX} where
 * the CPU has AVX-512, {@code Haswell} where it has AVX2 and FMA), unless the environment does.
 * ND4J's OpenBLAS 0.3.19 picks its kernels from the CPU's model number, and on a CPU newer than it
 * (a Sapphire Rapids Xeon, for one) it falls back to its generic SSE3 kernels ("Prescott"), which
 * ran the MNIST MLP's products at a third of the speed. On CPUs it knows, these are the kernels it
 * would choose anyway.
 *
 * <p>And it bounds the process's memory where the user hasn't: ND4J's arrays live outside the Java
 * heap and are freed when the garbage collector finds their (small) Java objects, which with a
 * mostly empty heap it may not do for a long time: a residual CNN training on Fashion-MNIST grew
 * past 20 GB that way. JavaCPP runs the collector before an allocation would take the process over
 * {@code org.bytedeco.javacpp.maxphysicalbytes}; its default is twice the heap limit, keras4j's
 * is the heap limit plus {@link #NATIVE_ALLOWANCE} (the same CNN then stays near 5 GB, at the same
 * speed). Give more with {@code -Xmx} or the property itself.
 *
 * <pre>{@code
 * Nd4j.create(1);   // any first use of ND4J selects the build
 * // or, to keep ND4J's default build: -Dorg.bytedeco.javacpp.platform.extension=
 * }</pre>
 */
public final class NativeBackend extends CpuBackend {
    /** JavaCPP's property naming the native build's variant. */
    public static final String EXTENSION_PROPERTY = "org.bytedeco.javacpp.platform.extension";
    static final String ONEDNN_AVX2 = "-onednn-avx2";
    /** Environment for the native thread runtimes; see the class comment. */
    static final Map<String, String> THREAD_ENVIRONMENT =
            Map.of("OMP_WAIT_POLICY", "PASSIVE", "OPENBLAS_THREAD_TIMEOUT", "4");
    /** JavaCPP's bound on the process's resident memory, above which it collects garbage first. */
    public static final String MAX_PHYSICAL_PROPERTY = "org.bytedeco.javacpp.maxphysicalbytes";
    /** Native memory allowed beyond the heap limit by keras4j's default bound: 2 GiB. */
    public static final long NATIVE_ALLOWANCE = 2L << 30;
    private static final Pattern FLAGS = Pattern.compile("^flags\\s*:(.*)$", Pattern.MULTILINE);
    /** OpenBLAS's variable naming the kernels it runs. */
    static final String CORETYPE = "OPENBLAS_CORETYPE";

    /** Called by ND4J's backend discovery; selects the native build. */
    public NativeBackend() {
        selectBuild();
    }

    @Override
    public int getPriority() {
        return super.getPriority() - 1;
    }

    private static synchronized void selectBuild() {
        // before anything loads JavaCPP, which reads it once
        if (System.getProperty(MAX_PHYSICAL_PROPERTY) == null
                && System.getProperty("org.bytedeco.javacpp.maxPhysicalBytes") == null) {
            System.setProperty(MAX_PHYSICAL_PROPERTY,
                    String.valueOf(Runtime.getRuntime().maxMemory() + NATIVE_ALLOWANCE));
        }
        if (!System.getProperty("os.name", "").startsWith("Linux")) {
            return;
        }
        THREAD_ENVIRONMENT.forEach(NativeBackend::setDefaultEnvironment);
        String flags = cpuFlags();
        String coreType = openBlasCoreType(flags);
        if (coreType != null) {
            setDefaultEnvironment(CORETYPE, coreType);
        }
        if (System.getProperty(EXTENSION_PROPERTY) == null && flags.contains(" avx2 ")
                && NativeBackend.class.getClassLoader().getResource(bindings(ONEDNN_AVX2)) != null) {
            System.setProperty(EXTENSION_PROPERTY, ONEDNN_AVX2);
        }
    }

    /** Sets a variable in this process's environment unless it is set; natives loaded later see it. */
    private static void setDefaultEnvironment(String name, String value) {
        try {
            org.bytedeco.systems.global.linux.setenv(name, value, 0);
        } catch (LinkageError e) {
            // JavaCPP's libc bindings are missing for this platform: keep the runtimes' defaults.
        }
    }

    /** The class-path folder of ND4J's Linux native build with this extension, for this CPU. */
    static String bindings(String extension) {
        String arch = System.getProperty("os.arch", "");
        return "org/nd4j/linalg/cpu/nativecpu/bindings/linux-" + (arch.equals("amd64") ? "x86_64" : arch) + extension
                + "/";
    }

    /**
     * @param flags the CPU's feature flags, space-separated with a space at each end
     * @return the OpenBLAS kernels for a CPU with these features, or null to leave OpenBLAS's choice
     */
    static String openBlasCoreType(String flags) {
        if (flags.contains(" avx512f ") && flags.contains(" avx512bw ") && flags.contains(" avx512vl ")
                && flags.contains(" avx512dq ")) {
            return "SkylakeX";
        }
        return flags.contains(" avx2 ") && flags.contains(" fma ") ? "Haswell" : null;
    }

    /** @return the first CPU's flags in /proc/cpuinfo, space-separated with a space at each end ("" where none) */
    static String cpuFlags() {
        try {
            Path cpuinfo = Path.of("/proc/cpuinfo");
            if (!Files.isReadable(cpuinfo)) {
                return "";
            }
            java.util.regex.Matcher flags = FLAGS.matcher(Files.readString(cpuinfo));
            return flags.find() ? " " + flags.group(1).trim() + " " : "";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
