package keras4j.datasets.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.MalformedURLException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.net.UnknownHostException;
import java.util.List;

/**
 * A public mirror of a data set's gzip files, {@code <base URL><file>.gz}, over HTTP(S) (or
 * {@code file:} for a local copy). After a failure to reach the host, the mirror's other files are
 * not tried: each would wait out the same timeout.
 *
 * <pre>{@code
 * new MirrorSource("https://example.org/mnist/", settings).fetch(missing, store, notes);
 * }</pre>
 */
public final class MirrorSource implements Source {
    private final String baseUrl;
    private final FetchSettings settings;

    /**
     * @param baseUrl  the folder URL; a missing trailing slash is added
     * @param settings the time limits
     */
    public MirrorSource(String baseUrl, FetchSettings settings) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl : baseUrl + "/";
        this.settings = settings;
    }

    @Override
    public String describe() {
        return "mirror " + baseUrl;
    }

    @Override
    public void fetch(List<IdxFile> wanted, CacheStore store, List<String> notes) {
        for (IdxFile file : wanted) {
            String url = baseUrl + file.gzipName();
            URLConnection connection;
            try {
                connection = connect(url);
            } catch (UnknownHostException | ConnectException | NoRouteToHostException | SocketTimeoutException e) {
                notes.add("cannot reach the host (" + e + "); its other files were not tried");
                return;
            } catch (IOException | URISyntaxException | IllegalArgumentException e) {
                notes.add(url + ": " + e);
                continue;
            }
            ProgressBar bar = ProgressBar.forTerminal("Downloading " + file.gzipName(), connection.getContentLengthLong());
            try (InputStream in = connection.getInputStream()) {
                store.put(file, in, url, bar);
            } catch (IOException e) {
                notes.add(url + ": " + (e instanceof VerificationException ? e.getMessage() : "download failed ("
                        + e + ")"));
            } finally {
                if (bar != null) {
                    bar.done();
                }
                if (connection instanceof HttpURLConnection http) {
                    http.disconnect();
                }
            }
        }
    }

    private URLConnection connect(String url) throws IOException, URISyntaxException {
        URL parsed;
        try {
            parsed = new URI(url).toURL();
        } catch (MalformedURLException e) {
            throw new IOException("not a valid URL", e);
        }
        URLConnection connection = parsed.openConnection();
        connection.setConnectTimeout((int) settings.connectTimeout().toMillis());
        connection.setReadTimeout((int) settings.readTimeout().toMillis());
        connection.setRequestProperty("User-Agent", "keras4j");
        if (connection instanceof HttpURLConnection http) {
            http.setInstanceFollowRedirects(true);
            int status = http.getResponseCode();
            if (status != HttpURLConnection.HTTP_OK) {
                http.disconnect();
                throw new IOException("HTTP " + status + (http.getResponseMessage() == null ? ""
                        : " " + http.getResponseMessage()));
            }
        } else {
            connection.connect();
        }
        return connection;
    }
}
