package io.smtpcheck.request;

import java.io.Serializable;

/**
 * How the server certificate is checked.
 *
 * @param trustFile       PEM file of CA certificates to trust instead of the JVM's (null: the JVM's trust store)
 * @param trustAll        accept any certificate; the result still reports what was presented
 * @param verifyHostname  the certificate must name the host that was asked for
 */
public record TlsOptions(String trustFile, boolean trustAll, boolean verifyHostname) implements Serializable {

    public static final TlsOptions DEFAULT = new TlsOptions(null, false, true);

    public TlsOptions {
        if (trustFile != null && trustFile.isBlank()) {
            trustFile = null;
        }
    }
}
