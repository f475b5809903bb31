package keras4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.bytedeco.javacpp.BytePointer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/** On an AVX2 Linux machine, the first use of ND4J loads the oneDNN build with quiet thread pools. */
class NativeBackendTest {
    private static String nativeEnvironment(String name) {
        BytePointer value = org.bytedeco.systems.global.linux.getenv(new BytePointer(name));
        return value == null || value.isNull() ? null : value.getString();
    }

    @Test
    void loadsTheOneDnnBuildWithPassiveThreads() {
        assumeTrue(NativeBackend.cpuFlags().contains(" avx2 "), "an AVX2 Linux machine");
        Nd4j.create(1);
        String userChoice = System.getenv().getOrDefault("MAVEN_OPTS", "") + System.getenv().getOrDefault(
                "JAVA_TOOL_OPTIONS", "");
        assumeTrue(!userChoice.contains(NativeBackend.EXTENSION_PROPERTY), "no build chosen by the user");
        assertEquals(NativeBackend.ONEDNN_AVX2, System.getProperty(NativeBackend.EXTENSION_PROPERTY));
        String buildInfo = Nd4j.getExecutioner().getEnvironmentInformation().toString()
                + Nd4j.getBackend().buildInfo();
        assertTrue(buildInfo.contains("HAVE_ONEDNN"), buildInfo);
        NativeBackend.THREAD_ENVIRONMENT.forEach((name, value) -> {
            String inherited = System.getenv(name);
            assertEquals(inherited != null ? inherited : value, nativeEnvironment(name), name);
        });
    }

    @Test
    void namesOpenBlasKernelsForTheCpu() {
        assertEquals("SkylakeX", NativeBackend.openBlasCoreType(" fpu avx avx2 fma avx512f avx512dq avx512bw avx512vl "));
        assertEquals("Haswell", NativeBackend.openBlasCoreType(" fpu avx avx2 fma avx512f "), "AVX-512 without BW/VL/DQ");
        assertEquals("Haswell", NativeBackend.openBlasCoreType(" fpu sse4_2 avx avx2 fma "));
        assertEquals(null, NativeBackend.openBlasCoreType(" fpu sse4_2 avx "), "no AVX2: OpenBLAS's own choice");
        assertEquals(null, NativeBackend.openBlasCoreType(""), "no /proc/cpuinfo");

        String expected = NativeBackend.openBlasCoreType(NativeBackend.cpuFlags());
        assumeTrue(expected != null, "a CPU with AVX2");
        Nd4j.create(1);
        String inherited = System.getenv(NativeBackend.CORETYPE);
        assertEquals(inherited != null ? inherited : expected, nativeEnvironment(NativeBackend.CORETYPE),
                "OpenBLAS sees the kernels named before it loads");
    }

    @Test
    void boundsTheProcessToTheHeapLimitPlusTheNativeAllowance() {
        Nd4j.create(1);
        assumeTrue(System.getProperty("org.bytedeco.javacpp.maxPhysicalBytes") == null, "no bound set by the user");
        assertEquals(Runtime.getRuntime().maxMemory() + NativeBackend.NATIVE_ALLOWANCE,
                org.bytedeco.javacpp.Pointer.maxPhysicalBytes(), "JavaCPP read keras4j's bound before loading");
    }
}
