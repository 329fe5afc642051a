package io.smtpcheck.tls;

import io.smtpcheck.testkit.TlsIdentity;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** What the report says of a certificate, read from a real one. */
class TlsFactsTest {

    private static final Instant NOT_BEFORE = Instant.parse("2025-01-01T00:00:00Z");
    private static final Instant NOT_AFTER = Instant.parse("2025-04-01T00:00:00Z");

    @Test
    void namesAndValidityComeFromTheCertificate() {
        TlsFacts facts = TlsFacts.of("TLSv1.3", "TLS_AES_256_GCM_SHA384", TlsIdentity.selfSigned("mx1.example.test", NOT_BEFORE, NOT_AFTER).certificate());

        assertThat(facts.protocol()).isEqualTo("TLSv1.3");
        assertThat(facts.subject()).isEqualTo("CN=mx1.example.test");
        assertThat(facts.issuer()).as("self-signed").isEqualTo("CN=mx1.example.test");
        assertThat(facts.subjectAltNames()).contains("DNS:localhost", "DNS:mx1.example.test", "IP:127.0.0.1").allMatch(n -> n.matches("(DNS|IP):.+"));
        assertThat(facts.notBefore()).isEqualTo(NOT_BEFORE);
        assertThat(facts.notAfter()).isEqualTo(NOT_AFTER);
    }

    @Test
    void daysLeftCountsWholeDaysAndGoesNegativeOnceExpired() {
        TlsFacts facts = TlsFacts.of(null, null, TlsIdentity.selfSigned("mx1.example.test", NOT_BEFORE, NOT_AFTER).certificate());

        assertThat(facts.daysLeft(Instant.parse("2025-03-01T00:00:00Z"))).isEqualTo(31);
        assertThat(facts.daysLeft(Instant.parse("2025-03-31T00:00:01Z"))).as("23:59:59 left is no whole day").isZero();
        assertThat(facts.daysLeft(Instant.parse("2025-04-02T00:00:00Z"))).isEqualTo(-1);
    }
}
