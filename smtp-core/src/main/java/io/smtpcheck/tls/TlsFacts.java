package io.smtpcheck.tls;

import java.io.Serializable;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What the TLS session showed: protocol, cipher suite and the server certificate's subject, names and
 * validity. Known even when the certificate was not trusted, so a report can say what was presented.
 */
public record TlsFacts(String protocol, String cipherSuite, String subject, String issuer,
                       List<String> subjectAltNames, Instant notBefore, Instant notAfter) implements Serializable {

    public TlsFacts {
        subjectAltNames = List.copyOf(subjectAltNames);
    }

    public static TlsFacts of(String protocol, String cipherSuite, X509Certificate leaf) {
        return new TlsFacts(protocol, cipherSuite, leaf.getSubjectX500Principal().getName(), leaf.getIssuerX500Principal().getName(),
                altNames(leaf), leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant());
    }

    /** Whole days the certificate stays valid after {@code now}; negative once expired. */
    public long daysLeft(Instant now) {
        return Math.floorDiv(Duration.between(now, notAfter).toHours(), 24);
    }

    private static List<String> altNames(X509Certificate cert) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> sans = cert.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    // Type 2 is dNSName, 7 is iPAddress (RFC 5280); others do not name a mail host.
                    Integer type = (Integer) san.get(0);
                    if (type == 2) {
                        names.add("DNS:" + san.get(1));
                    } else if (type == 7) {
                        names.add("IP:" + san.get(1));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            names.add("unreadable: " + e.getMessage());
        }
        return names;
    }
}
