package keras4j.saving;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.api.WritableGroup;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.core.type.TypeReference;

import keras4j.Functional;
import keras4j.Keras4jException;
import keras4j.Model;
import keras4j.Sequential;
import keras4j.internal.AtomicFiles;
import keras4j.internal.ModelFile;
import keras4j.layers.Layer;

/**
 * Models written by Keras, read into keras4j's own {@link Sequential} and {@link Functional}
 * models with Keras's layer names, settings and weights, and keras4j models written as Keras 3
 * {@code .keras} files that Python's {@code keras.saving.load_model} reads.
 *
 * <p>Read: a Keras 3 {@code .keras} zip ({@code config.json}, {@code metadata.json},
 * {@code model.weights.h5}); a Keras 2 / tf.keras or Keras 3 whole-model {@code .h5}
 * ({@code model.save("m.h5")}); a {@code model.to_json()} file with its {@code save_weights} file
 * (Keras 2 {@code .h5} or Keras 3 {@code .weights.h5}). The architecture, the weights and, when
 * Keras saved them, the compile settings are read. The format is found from the content, not the
 * name. HDF5 is read and written by jHDF, in pure Java. A layer keras4j doesn't have (a
 * {@code Lambda}, a custom layer) is refused with one message naming it.
 *
 * <pre>{@code
 * Model lenet = KerasFiles.load(Path.of("mnist_cnn.h5"));             // or Model.load(path)
 * Model same = KerasFiles.load(Path.of("model.json"), Path.of("weights.h5"));
 * KerasFiles.save(lenet, Path.of("for_python.keras"));                // or lenet.save("for_python.keras")
 * }</pre>
 */
public final class KerasFiles {
    private static final byte[] HDF5_SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    private static final String CONFIG = "config.json";
    private static final String METADATA = "metadata.json";
    private static final String WEIGHTS = "model.weights.h5";
    /** The Keras version whose {@code .keras} layout keras4j writes (the layout of Keras 3.x). */
    static final String KERAS_VERSION = "3.15.0";
    /** The Keras version whose {@code .h5} layout keras4j writes (tf.keras 2's). */
    static final String LEGACY_KERAS_VERSION = "2.15.0";
    /** What keras4j inflates of a {@code config.json}, as for its own metadata. */
    private static final long CONFIG_LIMIT = ModelFile.METADATA_LIMIT;

    private KerasFiles() {
    }

    /** @param path a file @return whether it starts as an HDF5 file does (what Keras's {@code .h5} files are) */
    public static boolean isHdf5(Path path) {
        return startsWith(path, HDF5_SIGNATURE);
    }

    /** @param path a file @return whether it is a zip holding a {@code config.json}: a Keras 3 {@code .keras} file */
    public static boolean isKerasArchive(Path path) {
        if (!startsWith(path, new byte[] {'P', 'K', 3, 4})) {
            return false;
        }
        try (ZipFile zip = new ZipFile(path.toFile())) {
            return zip.getEntry(CONFIG) != null && zip.getEntry("keras4j.json") == null;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean startsWith(Path path, byte[] signature) {
        try (InputStream in = Files.newInputStream(path)) {
            return Arrays.equals(in.readNBytes(signature.length), signature);
        } catch (IOException e) {
            return false;
        }
    }

    /** @param path a file @return whether it starts as a JSON object does (a {@code model.to_json()} file) */
    public static boolean isJson(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            for (int b = in.read(); b >= 0; b = in.read()) {
                if (!Character.isWhitespace(b)) {
                    return b == '{';
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    /**
     * Reads a whole model saved by Keras: a {@code .keras} file (Keras 3) or a whole-model
     * {@code .h5} file ({@code model.save("m.h5")} in Keras 2, tf.keras or Keras 3).
     *
     * @param path the file
     * @return the model, compiled with Keras's settings when the file has them (else built, to predict)
     * @throws Keras4jException naming the file and what keras4j can't read
     */
    public static Model load(Path path) {
        if (isKerasArchive(path)) {
            return loadArchive(path);
        }
        try (HdfFile file = new HdfFile(path)) {
            String config = stringAttribute(file, "model_config");
            if (config == null) {
                throw new Keras4jException("Keras file " + path + " holds weights only (no model_config): it was "
                        + "written by save_weights. Load it with the architecture saved by model.to_json(): "
                        + "KerasFiles.load(jsonFile, weightsFile).");
            }
            Model model = KerasConfig.read(parse(config, path), path).model();
            Node weights = file.getChild("model_weights");
            if (!(weights instanceof Group group)) {
                throw new Keras4jException("Keras file " + path + " has a model_config but no model_weights group; "
                        + "it is not a complete model.save() file.");
            }
            setWeights(model, group, path);
            String training = stringAttribute(file, "training_config");
            KerasConfig.compile(model, training == null ? null : parse(training, path), path);
            return model;
        } catch (Keras4jException e) {
            throw e;
        } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
            // jHDF's answers to a damaged file (a wrong offset, a huge claimed size, a loop of links)
            throw unreadable(path, e);
        }
    }

    /**
     * Reads a model from Keras's {@code model.to_json()} and {@code model.save_weights(...)} files
     * (a Keras 2 weights {@code .h5}, or a Keras 3 {@code .weights.h5}).
     *
     * @param json    the architecture
     * @param weights the weights
     * @return the model, built with those weights (not compiled: the JSON has no compile settings)
     */
    public static Model load(Path json, Path weights) {
        KerasConfig.Read read = architecture(json);
        readWeights(read, weights);
        return read.model();
    }

    /**
     * Reads an architecture alone, Keras's {@code keras.models.model_from_json}: the model gets
     * fresh weights (drawn by its initializers), as in Keras.
     *
     * @param json a {@code model.to_json()} file (Keras 2 or 3), or a {@code .keras} file's {@code config.json}
     * @return the model, not compiled
     */
    public static Model modelFromJson(Path json) {
        return architecture(json).model();
    }

    private static KerasConfig.Read architecture(Path json) {
        try {
            return KerasConfig.read(parse(Files.readString(json), json), json);
        } catch (IOException e) {
            throw new Keras4jException("Keras architecture file " + json + " can't be read: " + e.getMessage());
        }
    }

    /** Sets the weights from a weights file of either layout. */
    private static void readWeights(KerasConfig.Read read, Path weights) {
        try (HdfFile file = new HdfFile(weights)) {
            if (file.getChild("layers") instanceof Group || file.getChild("_layer_checkpoint_dependencies") instanceof Group) {
                setWeights(read.saveable(), file, weights);   // Keras 3: layers/<class>/vars/<i>
                if (file.getChild("optimizer") instanceof Group optimizer && optimizer.getChild("vars") instanceof Group vars
                        && read.model().isCompiled()) {
                    setOptimizer(read, vars, weights);
                }
            } else {
                setWeights(read.model(), file, weights);      // Keras 2: <layer name>/<weight name>
            }
        } catch (Keras4jException e) {
            throw e;
        } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
            throw unreadable(weights, e);
        }
    }

    private static Model loadArchive(Path path) {
        Path weights = null;
        try (ZipFile zip = new ZipFile(path.toFile())) {
            ZipEntry configEntry = zip.getEntry(CONFIG);
            if (configEntry.getSize() > CONFIG_LIMIT) {
                throw new Keras4jException("Keras file " + path + " has a config.json of " + configEntry.getSize()
                        + " bytes; keras4j reads configs up to " + CONFIG_LIMIT + " bytes.");
            }
            String config;
            try (InputStream in = zip.getInputStream(configEntry)) {
                byte[] bytes = in.readNBytes((int) CONFIG_LIMIT + 1);
                if (bytes.length > CONFIG_LIMIT) {
                    throw new Keras4jException("Keras file " + path + " has a config.json over " + CONFIG_LIMIT
                            + " bytes; keras4j reads configs up to that size.");
                }
                config = new String(bytes, StandardCharsets.UTF_8);
            }
            Map<String, Object> json = parse(config, path);
            KerasConfig.Read read = KerasConfig.read(json, path);
            if (json.get("compile_config") instanceof Map<?, ?> compile) {
                @SuppressWarnings("unchecked")
                Map<String, Object> settings = (Map<String, Object>) compile;
                KerasConfig.compile(read.model(), settings, path);
            }
            ZipEntry weightsEntry = zip.getEntry(WEIGHTS);
            if (weightsEntry == null) {
                if (read.model().getLayers().stream().anyMatch(l -> !l.getWeights().isEmpty())) {
                    throw new Keras4jException("Keras file " + path + " has no " + WEIGHTS + " (a .keras file "
                            + "saved with weights_format='npz' or damaged); keras4j reads the h5 weights format.");
                }
            } else {
                weights = Files.createTempFile("keras4j-", ".weights.h5");
                try (InputStream in = zip.getInputStream(weightsEntry)) {
                    Files.copy(in, weights, StandardCopyOption.REPLACE_EXISTING);
                }
                readWeights(read, weights);
            }
            return read.model();
        } catch (Keras4jException e) {
            throw e;
        } catch (IOException | RuntimeException | OutOfMemoryError | StackOverflowError e) {
            throw unreadable(path, e);
        } finally {
            if (weights != null) {
                try {
                    Files.deleteIfExists(weights);
                } catch (IOException ignored) {
                    // a temporary file the system sweeps
                }
            }
        }
    }

    /**
     * Writes a model in Keras's format, chosen by the name: a Keras 3 {@code .keras} file
     * ({@code metadata.json}, {@code config.json} with Keras's serialization of the model, its
     * layers and compile settings, and {@code model.weights.h5} with {@code layers/<class>/vars/<i>},
     * stored uncompressed as Keras stores them) for Keras 3's {@code keras.saving.load_model}; or,
     * for a name ending in {@code .h5} or {@code .hdf5}, Keras 2's whole-model HDF5 file
     * ({@code model_config}, {@code training_config}, {@code model_weights/<layer>/<layer>/kernel:0})
     * that tf.keras 2 and Keras 3 load. The optimizer's state is not written: Keras starts a fresh
     * one. Written atomically.
     *
     * @param model the model (built on first need)
     * @param path  the file, e.g. {@code model.keras} or {@code model.h5}
     */
    public static void save(Model model, Path path) {
        model.build();
        String name = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        boolean legacy = name.endsWith(".h5") || name.endsWith(".hdf5");
        KerasConfig.Written written = KerasConfig.write(model, legacy);
        Path weights = null;
        try {
            weights = AtomicFiles.createTemporary(path);
            Files.delete(weights);   // jHDF creates the file itself
            if (legacy) {
                try (WritableHdfFile file = HdfFile.write(weights)) {
                    writeLegacy(written, file);
                }
                AtomicFiles.moveIntoPlace(weights, path.toAbsolutePath());
                return;
            }
            byte[] config = compact(written.config());
            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put("keras_version", KERAS_VERSION);
            metadata.put("date_saved", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd@HH:mm:ss")));
            byte[] meta = compact(metadata);
            try (WritableHdfFile file = HdfFile.write(weights)) {
                writeWeights(written.saveable(), file);
                writeOptimizer(model, written.saveable(), file);
            }
            byte[] h5 = Files.readAllBytes(weights);
            AtomicFiles.write(path, out -> {
                ZipOutputStream zip = new ZipOutputStream(out);
                stored(zip, METADATA, meta);
                stored(zip, CONFIG, config);
                stored(zip, WEIGHTS, h5);
                zip.close();
            });
        } catch (IOException e) {
            throw new Keras4jException("Could not save the model to " + path + ": " + e.getMessage()
                    + ". Check that the folder exists and is writable; any earlier file there is unchanged.", e);
        } finally {
            if (weights != null) {
                try {
                    Files.deleteIfExists(weights);
                } catch (IOException ignored) {
                    // swept with the other temporaries of this path
                }
            }
        }
    }

    private static byte[] compact(Object json) throws IOException {
        return ModelFile.json().writer().withoutFeatures(org.nd4j.shade.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                .writeValueAsBytes(json);
    }

    /**
     * Writes Keras 2's layout: the attributes {@code model_config}, {@code training_config},
     * {@code keras_version} and {@code backend}, and {@code model_weights} with {@code layer_names}
     * and, per layer with weights, {@code weight_names} and the arrays at
     * {@code <layer>/<layer>/<weight>:0}. Keras lists weightless layers in {@code layer_names} too,
     * and skips them on loading; keras4j leaves them out (jHDF can't write their empty name lists).
     */
    private static void writeLegacy(KerasConfig.Written written, WritableHdfFile file) throws IOException {
        file.putAttribute("backend", "tensorflow");
        file.putAttribute("keras_version", LEGACY_KERAS_VERSION);
        file.putAttribute("model_config", new String(compact(written.config()), StandardCharsets.UTF_8));
        if (written.training() != null) {
            file.putAttribute("training_config", new String(compact(written.training()), StandardCharsets.UTF_8));
        }
        WritableGroup weights = file.putGroup("model_weights");
        weights.putAttribute("backend", "tensorflow");
        weights.putAttribute("keras_version", LEGACY_KERAS_VERSION);
        List<String> layerNames = new ArrayList<>();
        for (KerasConfig.Saveable saveable : written.saveable().layers()) {
            List<INDArray> values = saveable.layer().getWeights();
            if (values.isEmpty()) {
                continue;
            }
            layerNames.add(saveable.name());
            List<String> names = KerasConfig.weightNames(saveable.layer());
            WritableGroup group = weights.putGroup(saveable.name());
            group.putAttribute("weight_names", names.stream().map(n -> saveable.name() + "/" + n + ":0")
                    .toArray(String[]::new));
            WritableGroup arrays = group.putGroup(saveable.name());
            for (int i = 0; i < values.size(); i++) {
                arrays.putDataset(names.get(i) + ":0", javaArray(values.get(i)));
            }
        }
        if (!layerNames.isEmpty()) {
            weights.putAttribute("layer_names", layerNames.toArray(new String[0]));
        }
    }

    /** Writes one zip member uncompressed, as Python's zipfile does by default (and Keras does). */
    private static void stored(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(bytes.length);
        entry.setCompressedSize(bytes.length);
        CRC32 crc = new CRC32();
        crc.update(bytes);
        entry.setCrc(crc.getValue());
        entry.setTime(315532800000L + 12 * 3600_000L);   // 1980-01-01, as Keras's members: the same model, the same bytes
        zip.putNextEntry(entry);
        zip.write(bytes);
        zip.closeEntry();
    }

    /**
     * Writes a saveable's variables as Keras 3 does: {@code vars/0}, {@code vars/1}, ... (with the
     * attribute {@code name}), and its layers' under {@code layers/<class in snake case>}. Keras
     * also writes an empty {@code vars} group for a layer without variables; keras4j leaves those
     * out, as jHDF 0.9 doesn't write empty groups reliably, and Keras reads a missing group as "no
     * variables".
     */
    private static void writeWeights(KerasConfig.Saveable saveable, WritableGroup group) {
        if (saveable.layer() != null) {
            List<INDArray> weights = saveable.layer().getWeights();
            // Keras 3's recurrent layers hold their variables in their cell: layers/lstm/cell/vars/<i>.
            List<String> places = KerasConfig.variableGroups(saveable.layer());
            int each = weights.size() / places.size();
            for (int p = 0; p < places.size(); p++) {
                WritableGroup at = group;
                for (String segment : places.get(p).split("/")) {
                    at = segment.isEmpty() ? at : at.putGroup(segment);
                }
                WritableGroup vars = at.putGroup("vars");
                vars.putAttribute("name", saveable.name());
                for (int i = 0; i < each; i++) {
                    vars.putDataset(String.valueOf(i), javaArray(weights.get(p * each + i)));
                }
            }
            return;
        }
        List<String> paths = saveable.layerPaths();
        WritableGroup layers = null;
        for (int i = 0; i < paths.size(); i++) {
            KerasConfig.Saveable child = saveable.layers().get(i);
            if (hasWeights(child)) {
                layers = layers == null ? group.putGroup("layers") : layers;
                writeWeights(child, layers.putGroup(paths.get(i)));
            }
        }
    }

    /**
     * Writes the optimizer's variables as Keras 3 does, at {@code optimizer/vars/<i>}: the step
     * count (int64), the learning rate (float32; none for a schedule), then each trainable variable's slots in Keras's
     * order of the model's trainable variables (its layers in Keras's order, nested models inline).
     */
    private static void writeOptimizer(Model model, KerasConfig.Saveable saveable, WritableGroup file) {
        List<INDArray> variables = model.getOptimizerVariables();
        if (variables.isEmpty()) {
            return;   // not compiled, or an optimizer whose state has no Keras form: Keras starts a fresh one
        }
        WritableGroup vars = file.putGroup("optimizer").putGroup("vars");
        vars.putAttribute("name", model.getOptimizer().getName());
        vars.putDataset("0", variables.get(0).getLong(0));
        int i = scalars(model);
        if (i == 2) {
            vars.putDataset("1", variables.get(1).getFloat(0));
        }
        Map<Layer, List<INDArray>> slots = slotsByLayer(model, variables);
        for (Layer layer : leaves(saveable)) {
            for (INDArray slot : slots.getOrDefault(layer, List.of())) {
                vars.putDataset(String.valueOf(i++), javaArray(slot));
            }
        }
    }

    /** Reads Keras 3's optimizer variables into the compiled model, when they fit it (Keras too skips those that don't). */
    private static void setOptimizer(KerasConfig.Read read, Group vars, Path file) {
        Model model = read.model();
        List<INDArray> expected = model.getOptimizerVariables();
        if (expected.isEmpty() || vars.getChildren().size() != expected.size()) {
            return;
        }
        Map<Layer, List<INDArray>> mine = slotsByLayer(model, expected);
        int i = scalars(model);
        List<INDArray> ordered = new ArrayList<>(List.of(scalar(vars, "0", file)));
        if (i == 2) {
            ordered.add(scalar(vars, "1", file));
        }
        Map<Layer, List<INDArray>> theirs = new java.util.IdentityHashMap<>();
        for (Layer layer : leaves(read.saveable())) {
            List<INDArray> slots = new ArrayList<>();
            for (INDArray want : mine.getOrDefault(layer, List.of())) {
                Node node = vars.getChild(String.valueOf(i));
                if (!(node instanceof Dataset dataset)) {
                    throw new Keras4jException("Keras file " + file + " has no optimizer variable " + i + ".");
                }
                slots.add(weight(dataset, want, "optimizer variable " + i + " (of layer '" + layer.getName() + "')",
                        file));
                i++;
            }
            theirs.put(layer, slots);
        }
        for (Layer layer : model.getLayers()) {
            ordered.addAll(theirs.getOrDefault(layer, List.of()));
        }
        model.setOptimizerVariables(ordered);
    }

    private static INDArray scalar(Group vars, String name, Path file) {
        Object value = vars.getChild(name) instanceof Dataset d && d.isScalar() ? d.getData() : null;
        if (!(value instanceof Number number)) {
            throw new Keras4jException("Keras file " + file + ": optimizer variable " + name + " is not a number.");
        }
        return name.equals("0") ? Nd4j.scalar(number.longValue()) : Nd4j.scalar(number.floatValue());
    }

    /**
     * @return how many scalars come before the slots: the step count and the learning rate, or the
     *         step count alone when the rate is a schedule (Keras keeps no variable for it then)
     */
    private static int scalars(Model model) {
        return model.getOptimizer().getSchedule() == null ? 2 : 1;
    }

    /** @return the slots of each layer, cut from {@link Model#getOptimizerVariables()} (in getLayers() order) */
    private static Map<Layer, List<INDArray>> slotsByLayer(Model model, List<INDArray> variables) {
        int weights = 0;
        for (Layer layer : model.getLayers()) {
            weights += KerasConfig.trainableWeights(layer);
        }
        int next = scalars(model);
        int perWeight = weights == 0 ? 0 : (variables.size() - next) / weights;
        Map<Layer, List<INDArray>> out = new java.util.IdentityHashMap<>();
        for (Layer layer : model.getLayers()) {
            int count = KerasConfig.trainableWeights(layer) * perWeight;
            out.put(layer, variables.subList(next, next + count));
            next += count;
        }
        return out;
    }

    /** @return the layers of a saveable tree in Keras's order, nested models' inline */
    private static List<Layer> leaves(KerasConfig.Saveable saveable) {
        List<Layer> out = new ArrayList<>();
        if (saveable.layer() != null) {
            out.add(saveable.layer());
        } else {
            for (KerasConfig.Saveable child : saveable.layers()) {
                out.addAll(leaves(child));
            }
        }
        return out;
    }

    private static boolean hasWeights(KerasConfig.Saveable saveable) {
        return saveable.layer() != null ? !saveable.layer().getWeights().isEmpty()
                : saveable.layers().stream().anyMatch(KerasFiles::hasWeights);
    }

    /** @return a float32 array as a Java array of its rank ({@code float[][]} for a matrix) */
    private static Object javaArray(INDArray array) {
        INDArray values = array.castTo(DataType.FLOAT).dup('c');
        float[] flat = values.data().asFloat();
        long[] shape = values.shape();
        if (shape.length == 0) {
            return flat[0];
        }
        int[] dims = Arrays.stream(shape).mapToInt(d -> (int) d).toArray();
        Object out = Array.newInstance(float.class, dims);
        fill(out, flat, 0, dims, 0);
        return out;
    }

    private static int fill(Object target, float[] flat, int offset, int[] dims, int axis) {
        if (axis == dims.length - 1) {
            System.arraycopy(flat, offset, target, 0, dims[axis]);
            return offset + dims[axis];
        }
        for (int i = 0; i < dims[axis]; i++) {
            offset = fill(Array.get(target, i), flat, offset, dims, axis + 1);
        }
        return offset;
    }

    private static Keras4jException unreadable(Path file, Throwable e) {
        String cause = " (" + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse("")) + ")";
        if (isKerasArchive(file) || isHdf5(file)) {
            return new Keras4jException("Keras file " + file + " can't be read as " + (isHdf5(file) ? "HDF5"
                    : "a Keras archive") + cause + "; it may be truncated or damaged.", e);
        }
        return new Keras4jException("Keras file " + file + " is neither HDF5 (Keras's .h5 files) nor a .keras zip"
                + cause + ".", e);
    }

    private static String stringAttribute(Node node, String name) {
        Attribute attribute = node.getAttribute(name);
        if (attribute == null) {
            return null;
        }
        Object data = attribute.getData();
        return data instanceof String s ? s : data instanceof String[] a && a.length == 1 ? a[0] : null;
    }

    private static Map<String, Object> parse(String json, Path file) {
        try {
            return ModelFile.json().readValue(json, new TypeReference<Map<String, Object>>() { });
        } catch (IOException e) {
            throw new Keras4jException("Keras file " + file + " has an architecture that is not JSON: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    // ----------------------------------------------------------------------------------- weights

    /**
     * Sets the weights of a saveable and its layers from Keras 3's layout: {@code vars/<i>} of each
     * layer, at {@code layers/<class in snake case>} (Keras 2.13 wrote
     * {@code _layer_checkpoint_dependencies} for {@code layers}).
     */
    private static void setWeights(KerasConfig.Saveable saveable, Group group, Path file) {
        if (saveable.layer() != null) {
            Layer layer = saveable.layer();
            List<INDArray> expected = layer.getWeights();
            List<String> places = KerasConfig.variableGroups(layer);
            int each = expected.size() / places.size();
            List<INDArray> weights = new ArrayList<>();
            for (String place : places) {
                Group at = group;
                for (String segment : place.split("/")) {
                    // Keras 3's recurrent layers hold their variables in their cell (an earlier file may not)
                    if (!segment.isEmpty() && at != null && at.getChild(segment) instanceof Group inner) {
                        at = inner;
                    } else if (!segment.isEmpty() && !segment.equals("cell")) {
                        at = null;
                    }
                }
                Node vars = at == null ? null : at.getChild("vars");
                int count = vars instanceof Group g ? g.getChildren().size() : 0;
                if (count != each) {
                    throw new Keras4jException("Keras file " + file + " has " + count + " variables for layer '"
                            + layer.getName() + "' (at " + (at == null ? "a missing group" : at.getPath() + "vars")
                            + "); keras4j's " + layer.getClassName() + " has " + each + (places.size() > 1
                            ? " in each direction." : "."));
                }
                for (int i = 0; i < count; i++) {
                    Node array = ((Group) vars).getChild(String.valueOf(i));
                    if (!(array instanceof Dataset dataset)) {
                        throw new Keras4jException("Keras file " + file + " has no variable " + i + " of layer '"
                                + layer.getName() + "' at " + vars.getPath() + "/" + i + ".");
                    }
                    int index = weights.size();
                    weights.add(weight(dataset, expected.get(index), "variable " + i + " of layer '"
                            + layer.getName() + "'", file));
                }
            }
            if (!weights.isEmpty()) {
                layer.setWeights(weights);
            }
            return;
        }
        Node layers = group == null ? null : group.getChild("layers");
        if (layers == null && group != null) {
            layers = group.getChild("_layer_checkpoint_dependencies");
        }
        List<String> paths = saveable.layerPaths();
        for (int i = 0; i < paths.size(); i++) {
            Node child = layers instanceof Group g ? g.getChild(paths.get(i)) : null;
            setWeights(saveable.layers().get(i), child instanceof Group g ? g : null, file);
        }
    }

    /** Sets every layer's weights from the groups named after the layers (Keras's {@code weight_names} order). */
    private static void setWeights(Model model, Group root, Path file) {
        for (Layer layer : model.getLayers()) {
            List<INDArray> expected = layer.getWeights();
            Node node = root.getChild(layer.getName());
            if (!(node instanceof Group group)) {
                if (expected.isEmpty()) {
                    continue;
                }
                throw new Keras4jException("Keras file " + file + " has no weights for layer '" + layer.getName()
                        + "', which has " + expected.size() + " weight arrays.");
            }
            String[] weightNames = strings(group.getAttribute("weight_names"));
            if (weightNames.length != expected.size()) {
                throw new Keras4jException("Keras file " + file + " has " + weightNames.length + " weight arrays for "
                        + "layer '" + layer.getName() + "' (" + String.join(", ", weightNames) + "); keras4j's "
                        + layer.getClassName() + " has " + expected.size() + ".");
            }
            List<INDArray> weights = new ArrayList<>();
            for (int i = 0; i < weightNames.length; i++) {
                Node array = group.getByPath(weightNames[i]);
                if (!(array instanceof Dataset dataset)) {
                    throw new Keras4jException("Keras file " + file + " lists weight '" + weightNames[i] + "' of layer '"
                            + layer.getName() + "' but holds no such array.");
                }
                weights.add(weight(dataset, expected.get(i), "weight '" + weightNames[i] + "' of layer '"
                        + layer.getName() + "'", file));
            }
            layer.setWeights(weights);
        }
    }

    /** @return an attribute's strings: none for an empty or absent one (a layer without weights) */
    private static String[] strings(Attribute attribute) {
        Object data = attribute == null ? null : attribute.getData();
        if (data instanceof String[] strings) {
            return strings;
        }
        if (data instanceof String one) {
            return new String[] {one};
        }
        return new String[0];
    }

    /**
     * @return a weight array, its shape checked against the layer's before anything is read (a
     *         damaged header can't make keras4j allocate)
     */
    private static INDArray weight(Dataset dataset, INDArray expected, String what, Path file) {
        long[] want = expected.shape();
        long[] have = Arrays.stream(dataset.getDimensions()).asLongStream().toArray();
        if (!Arrays.equals(want, have) && !(want.length == 1 && have.length == 1 && want[0] == have[0])) {
            throw new Keras4jException("Keras file " + file + ": " + what + " has shape " + Arrays.toString(have)
                    + ", but the layer's architecture gives it " + Arrays.toString(want) + ".");
        }
        return array(dataset);
    }

    private static INDArray array(Dataset dataset) {
        int[] dims = dataset.getDimensions();
        long[] shape = Arrays.stream(dims).asLongStream().toArray();
        Object flat = dataset.getDataFlat();
        INDArray values;
        if (flat instanceof float[] f) {
            values = Nd4j.createFromArray(f);
        } else if (flat instanceof double[] d) {
            values = Nd4j.createFromArray(d).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
        } else if (flat instanceof long[] l) {   // an integer variable, such as Normalization's count
            values = Nd4j.createFromArray(l).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
        } else if (flat instanceof int[] i) {
            values = Nd4j.createFromArray(i).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
        } else if (flat instanceof Number n) {   // a scalar
            values = Nd4j.scalar(org.nd4j.linalg.api.buffer.DataType.FLOAT, n.floatValue());
        } else {
            throw new Keras4jException("Keras weight array " + dataset.getPath() + " holds " + dataset.getJavaType()
                    + " values; keras4j reads float, double and integer weights.");
        }
        return shape.length == 0 ? Nd4j.scalar(org.nd4j.linalg.api.buffer.DataType.FLOAT, values.getFloat(0))
                : values.reshape('c', shape);
    }
}
