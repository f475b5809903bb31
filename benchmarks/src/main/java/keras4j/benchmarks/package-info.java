/**
 * The benchmark harness: {@link keras4j.benchmarks.Benchmark} measures one network in one
 * implementation (keras4j or hand-written DL4J) per JVM, {@link keras4j.benchmarks.Report} writes
 * docs/benchmarks.md from the results and PyTorch's. Run everything with {@code benchmarks/run}.
 * Benchmarks are not tests: nothing here asserts a time.
 */
package keras4j.benchmarks;
