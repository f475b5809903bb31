package keras4j.cli.serve;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * The file of an HTML form's upload ({@code multipart/form-data}, RFC 7578): the first part with a
 * file name, or else the first part.
 *
 * <pre>{@code
 * byte[] png = Multipart.file(body, "multipart/form-data; boundary=----x");
 * }</pre>
 */
final class Multipart {
    private Multipart() {
    }

    /**
     * @param body        the request's body
     * @param contentType its Content-Type, with the boundary
     * @return the file's bytes
     * @throws ModelServer.BadRequest when the body isn't such a form
     */
    static byte[] file(byte[] body, String contentType) {
        String boundary = null;
        for (String part : contentType.split(";")) {
            String p = part.trim();
            if (p.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
                boundary = p.substring("boundary=".length()).replace("\"", "");
            }
        }
        if (boundary == null || boundary.isEmpty()) {
            throw new ModelServer.BadRequest(400, "A multipart/form-data body needs a boundary in its Content-Type.");
        }
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        byte[] first = null;
        int at = indexOf(body, delimiter, 0);
        while (at >= 0) {
            int headersStart = at + delimiter.length;
            if (headersStart + 1 < body.length && body[headersStart] == '-' && body[headersStart + 1] == '-') {
                break;   // the closing delimiter
            }
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), headersStart);
            int next = indexOf(body, ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1), Math.max(headersEnd,
                    headersStart));
            if (headersEnd < 0 || next < 0) {
                break;
            }
            String headers = new String(body, headersStart, headersEnd - headersStart, StandardCharsets.UTF_8)
                    .toLowerCase(Locale.ROOT);
            byte[] content = Arrays.copyOfRange(body, headersEnd + 4, next);
            if (headers.contains("filename=")) {
                return content;
            }
            if (first == null) {
                first = content;
            }
            at = next + 2;
        }
        if (first == null) {
            throw new ModelServer.BadRequest(400, "The multipart/form-data body has no part holding a file.");
        }
        return first;
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = Math.max(0, from); i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
