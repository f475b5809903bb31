package keras4j.datasets.internal;

import java.nio.file.Path;
import java.util.List;

/**
 * Everything keras4j knows about an MNIST-like data set: its files and checksums, its shape, where
 * a package manager installs it, its public mirrors and the registry packages that carry it.
 *
 * <pre>{@code
 * ImageDatasetSpec mnist = ImageDatasetSpecs.MNIST;
 * }</pre>
 *
 * @param name        the short name, also the cache folder name ({@code mnist})
 * @param description one line for listings
 * @param trainImages the training images file
 * @param trainLabels the training labels file
 * @param testImages  the test images file
 * @param testLabels  the test labels file
 * @param rows        image height
 * @param columns     image width
 * @param classNames  the class names, indexed by class id
 * @param systemDirs  folders where a package manager installs the files (raw or gzip)
 * @param mirrors     base URLs of public mirrors serving {@code <file>.gz}
 * @param packages    registry packages that carry the files
 */
public record ImageDatasetSpec(String name, String description, IdxFile trainImages, IdxFile trainLabels,
                               IdxFile testImages, IdxFile testLabels, int rows, int columns,
                               List<String> classNames, List<Path> systemDirs, List<String> mirrors,
                               List<RegistryPackage> packages) {

    // Copies the lists so a spec never changes.
    public ImageDatasetSpec {
        classNames = List.copyOf(classNames);
        systemDirs = List.copyOf(systemDirs);
        mirrors = List.copyOf(mirrors);
        packages = List.copyOf(packages);
    }

    /** @return the four files, training set first */
    public List<IdxFile> files() {
        return List.of(trainImages, trainLabels, testImages, testLabels);
    }

    /** @return the number of classes */
    public int numClasses() {
        return classNames.size();
    }

    /**
     * @param otherMirrors base URLs to use instead
     * @return the same spec with other mirrors
     */
    public ImageDatasetSpec withMirrors(List<String> otherMirrors) {
        return new ImageDatasetSpec(name, description, trainImages, trainLabels, testImages, testLabels, rows,
                columns, classNames, systemDirs, otherMirrors, packages);
    }
}
