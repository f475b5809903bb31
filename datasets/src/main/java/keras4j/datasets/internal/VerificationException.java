package keras4j.datasets.internal;

import java.io.IOException;

/**
 * Bytes that do not have the pinned SHA-256: a corrupt download, a wrong file, a tampered copy.
 *
 * <pre>{@code
 * catch (VerificationException e) { problems.add(e.getMessage()); }
 * }</pre>
 */
public class VerificationException extends IOException {
    private static final long serialVersionUID = 1L;

    /** @param message which bytes, the digest found and the one expected */
    public VerificationException(String message) {
        super(message);
    }
}
