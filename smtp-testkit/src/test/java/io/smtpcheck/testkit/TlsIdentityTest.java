package io.smtpcheck.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsIdentityTest {

    @Test
    void selfSignedCertificateHasTheExpectedNamesAndValidity(@TempDir Path dir) throws Exception {
        Instant before = Instant.now();
        TlsIdentity identity = TlsIdentity.selfSigned("mx.example.test", Duration.ofDays(90));
        X509Certificate cert = identity.certificate();

        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=mx.example.test");
        assertThat(cert.getIssuerX500Principal()).isEqualTo(cert.getSubjectX500Principal());
        cert.verify(cert.getPublicKey()); // really self-signed
        assertThat(cert.getPublicKey().getAlgorithm()).isEqualTo("RSA");
        assertThat(cert.getSubjectAlternativeNames()).extracting(san -> (Object) san.get(1))
                .containsExactly((Object) "localhost", "mx.example.test", "127.0.0.1", "0:0:0:0:0:0:0:1");
        assertThat(cert.getNotBefore().toInstant()).isBefore(before.minus(Duration.ofMinutes(59)));
        assertThat(cert.getNotAfter().toInstant()).isAfter(before.plus(Duration.ofDays(89)));
        assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");

        Path pem = identity.writePem(dir.resolve("ca.pem"));
        assertThat(Files.readString(pem)).startsWith("-----BEGIN CERTIFICATE-----\n");
        try (InputStream in = Files.newInputStream(pem)) {
            assertThat(CertificateFactory.getInstance("X.509").generateCertificate(in)).isEqualTo(cert);
        }
    }

    @Test
    void expiredIdentityCanBeMade() {
        Instant now = Instant.now();
        TlsIdentity expired = TlsIdentity.selfSigned("127.0.0.1", now.minus(Duration.ofDays(10)),
                now.minus(Duration.ofDays(1)));
        assertThatThrownBy(() -> expired.certificate().checkValidity()).isInstanceOf(CertificateExpiredException.class);
        assertThatThrownBy(() -> TlsIdentity.selfSigned("x", now, now.minusSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ipCommonNameBecomesAnIpSan() throws Exception {
        TlsIdentity identity = TlsIdentity.selfSigned("10.0.0.7", Duration.ofDays(1));
        assertThat(identity.certificate().getSubjectAlternativeNames())
                .contains(List.of(7, "10.0.0.7"));
    }

    @Test
    void privateHierarchyPresentsLeafAndIntermediateWithExactlyTheGivenNames() throws Exception {
        Instant now = Instant.now();
        TlsIdentity root = TlsIdentity.authority("Root", now.minusSeconds(60), now.plus(Duration.ofDays(10)));
        TlsIdentity intermediate = root.issueAuthority("Intermediate", now.minusSeconds(60), now.plus(Duration.ofDays(5)));
        TlsIdentity server = intermediate.issueServer("mx.example.test", List.of("*.example.test", "192.0.2.1"),
                now.minusSeconds(60), now.plus(Duration.ofDays(2)));

        assertThat(server.chain()).extracting(c -> c.getSubjectX500Principal().getName())
                .containsExactly("CN=mx.example.test", "CN=Intermediate");
        server.certificate().verify(intermediate.certificate().getPublicKey());
        intermediate.certificate().verify(root.certificate().getPublicKey());
        assertThat(server.certificate().getBasicConstraints()).isEqualTo(-1);
        assertThat(server.certificate().getSubjectAlternativeNames())
                .containsExactly(List.of(2, "*.example.test"), List.of(7, "192.0.2.1"));
        assertThat(intermediate.certificate().getSubjectAlternativeNames()).isNull();
        assertThatThrownBy(() -> server.issueServer("x", List.of(), now, now.plusSeconds(60)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not a CA");
    }
}
