package io.smtpcheck.request;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * How the server certificate is checked. A trust file is read when the options are made, so a missing or
 * unreadable file is bad input reported before any connection, not a TLS failure later.
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
        if (trustFile != null && !trustAll) {
            readTrustFile(trustFile);
        }
    }

    /** The certificates of the trust file, or an empty list when the JVM's trust store (or trust-all) applies. */
    public List<X509Certificate> trustedCertificates() {
        return trustFile == null || trustAll ? List.of() : readTrustFile(trustFile);
    }

    private static List<X509Certificate> readTrustFile(String trustFile) {
        Path file = Path.of(trustFile);
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .filter(X509Certificate.class::isInstance).map(X509Certificate.class::cast).toList();
            if (certs.isEmpty()) {
                throw new InvalidRequestException("trust-file", file + " holds no certificate; give a PEM file of CA certificates");
            }
            return certs;
        } catch (NoSuchFileException e) {
            throw new InvalidRequestException("trust-file", file + " does not exist");
        } catch (IOException | CertificateException e) {
            throw new InvalidRequestException("trust-file", file + " could not be read as PEM certificates: " + e.getMessage());
        }
    }
}
