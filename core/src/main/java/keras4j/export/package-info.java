/**
 * Writing keras4j models in other formats: {@link keras4j.export.OnnxExport} writes ONNX, what
 * {@code model.export(Path.of("model.onnx"), "onnx")} does.
 *
 * <pre>{@code
 * model.export(Path.of("model.onnx"), "onnx");
 * }</pre>
 */
package keras4j.export;
