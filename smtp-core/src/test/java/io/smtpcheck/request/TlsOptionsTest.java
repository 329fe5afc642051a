package io.smtpcheck.request;

import io.smtpcheck.testkit.TlsIdentity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TlsOptionsTest {

    @Test
    void aTrustFileIsReadWhenTheOptionsAreMade(@TempDir Path dir) {
        TlsIdentity identity = TlsIdentity.selfSigned("mail.smtpcheck.test", Duration.ofDays(10));
        Path pem = identity.writePem(dir.resolve("ca.pem"));

        assertThat(new TlsOptions(pem.toString()).trustedCertificates()).containsExactly(identity.certificate());
        assertThat(TlsOptions.DEFAULT.trustedCertificates()).as("the JVM's trust store applies").isEmpty();
    }

    @Test
    void aMissingOrBrokenTrustFileIsBadInput(@TempDir Path dir) throws Exception {
        Path notPem = Files.writeString(dir.resolve("notes.txt"), "not a certificate\n");

        assertThatThrownBy(() -> new TlsOptions(dir.resolve("missing.pem").toString()))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> new TlsOptions(notPem.toString()))
                .isInstanceOf(InvalidRequestException.class).hasMessageStartingWith("trust-file: ");
        assertThat(new TlsOptions("  ").trustFile()).as("blank is the JVM's trust store").isNull();
    }
}
