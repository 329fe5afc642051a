package io.smtpcheck.tls;

import java.io.Serializable;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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

    /** The DNS and IP SANs as {@code DNS:...} / {@code IP:...}; the other types do not name a mail host. */
    private static List<String> altNames(X509Certificate cert) {
        List<String> names = new ArrayList<>();
        PeerNames.dnsNames(cert).forEach(n -> names.add("DNS:" + n));
        PeerNames.ipNames(cert).forEach(n -> names.add("IP:" + n));
        return names;
    }
}
