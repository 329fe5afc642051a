package io.smtpcheck.tls;

import io.smtpcheck.text.Texts;

import java.io.Serializable;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;

/** One certificate of the presented chain, as reports show it. {@code depth} 0 is the server's own certificate. */
public record CertificateInfo(int depth, String subject, String issuer, Instant notBefore, Instant notAfter) implements Serializable {

    public static CertificateInfo of(int depth, X509Certificate cert) {
        return new CertificateInfo(depth, cert.getSubjectX500Principal().getName(), cert.getIssuerX500Principal().getName(),
                cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant());
    }

    /** Whole days the certificate stays valid after {@code now}; negative once expired. */
    public long daysLeft(Instant now) {
        return Math.floorDiv(Duration.between(now, notAfter).toHours(), 24);
    }

    /** "certificate 1 (CN=R11, O=Let's Encrypt)": which one, for messages, in the language of {@code texts}. */
    public String label(Texts texts) {
        return depth == 0 ? texts.get("tls.server-certificate", subject) : texts.get("tls.certificate", Integer.toString(depth), subject);
    }
}
