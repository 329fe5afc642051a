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
 * What the server certificate is verified against. A trust file is read when the options are made, so a missing or
 * unreadable file is bad input reported before any connection, not a TLS failure later. Whether a failed
 * verification fails the check is the TLS level's ({@link io.smtpcheck.tls.TlsLevel}).
 *
 * @param trustFile PEM file of CA certificates to trust instead of the JVM's (null: the JVM's trust store)
 */
public record TlsOptions(String trustFile) implements Serializable {

    public static final TlsOptions DEFAULT = new TlsOptions(null);

    public TlsOptions {
        if (trustFile != null && trustFile.isBlank()) {
            trustFile = null;
        }
        if (trustFile != null) {
            readTrustFile(trustFile);
        }
    }

    /** The certificates of the trust file, or an empty list when the JVM's trust store applies. */
    public List<X509Certificate> trustedCertificates() {
        return trustFile == null ? List.of() : readTrustFile(trustFile);
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
