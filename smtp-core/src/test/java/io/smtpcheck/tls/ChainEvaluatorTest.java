package io.smtpcheck.tls;

import io.smtpcheck.text.Texts;
import io.smtpcheck.testkit.TlsIdentity;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

class ChainEvaluatorTest {

    private static final Texts EN = Texts.of(Locale.ENGLISH);

    private static final Instant NOW = Instant.now();
    private static final Instant PAST = NOW.minus(Duration.ofDays(100));
    private static final Instant FUTURE = NOW.plus(Duration.ofDays(100));
    private static final TlsIdentity ROOT = TlsIdentity.authority("Test Root", PAST, FUTURE.plus(Duration.ofDays(1000)));
    private static final TlsIdentity INTERMEDIATE = ROOT.issueAuthority("Test Intermediate", PAST, FUTURE);
    private static final ChainEvaluator TRUST_ROOT = ChainEvaluator.trusting(List.of(ROOT.certificate()), "root.pem");
    private static final List<String> WANTED = List.of("mx1.example.test");

    private static TlsReport evaluate(ChainEvaluator evaluator, TlsIdentity server) {
        return evaluator.evaluate("TLSv1.3", "TLS_AES_128_GCM_SHA256", server.chain(), WANTED, NOW);
    }

    @Test
    void privateCaChainWithTheRightNameIsVerifiedAndReportsEveryCertificate() {
        TlsIdentity server = INTERMEDIATE.issueServer("mx1.example.test", List.of("mx1.example.test"), PAST, FUTURE);
        TlsReport report = evaluate(TRUST_ROOT, server);
        assertThat(report.trust()).isEqualTo(Trust.VERIFIED);
        assertThat(report.matchedName()).isEqualTo("mx1.example.test");
        assertThat(report.chain()).extracting(CertificateInfo::subject).containsExactly("CN=mx1.example.test", "CN=Test Intermediate");
        assertThat(report.chain()).extracting(CertificateInfo::issuer).containsExactly("CN=Test Intermediate", "CN=Test Root");
        assertThat(report.why(EN)).isEmpty();
        assertThat(report.logLine(TlsLevel.VERIFY, "mx1.example.test", "192.0.2.1", 25, EN))
                .isEqualTo("Verified TLS connection established to mx1.example.test[192.0.2.1]:25: TLSv1.3 with cipher TLS_AES_128_GCM_SHA256");
        assertThat(report.logLine(TlsLevel.MAY, "mx1.example.test", "192.0.2.1", 25, EN)).startsWith("Trusted TLS connection");
    }

    @Test
    void wrongNameIsTrustedAndSaysWhichNamesWereWantedAndFound() {
        TlsIdentity server = INTERMEDIATE.issueServer("other.example.test", List.of("other.example.test", "192.0.2.7"), PAST, FUTURE);
        TlsReport report = evaluate(TRUST_ROOT, server);
        assertThat(report.trust()).isEqualTo(Trust.TRUSTED);
        assertThat(report.why(EN)).isEqualTo("the certificate names DNS:other.example.test, IP:192.0.2.7; wanted mx1.example.test");
        assertThat(report.postfixTrust(TlsLevel.VERIFY)).isEqualTo(Trust.UNTRUSTED);
        assertThat(report.postfixTrust(TlsLevel.ENCRYPT)).isEqualTo(Trust.TRUSTED);
    }

    @Test
    void selfSignedIsUntrustedAgainstTheJvmTrustStore() {
        TlsReport report = evaluate(ChainEvaluator.jvmDefault(), TlsIdentity.selfSigned("mx1.example.test", Duration.ofDays(30)));
        assertThat(report.trust()).isEqualTo(Trust.UNTRUSTED);
        assertThat(report.why(EN)).startsWith("self-signed certificate: server certificate (CN=mx1.example.test) is not in the JVM trust store");
        // The name is still matched and reported, as posttls-finger's certmatch does for an untrusted chain.
        assertThat(report.matchedName()).isEqualTo("mx1.example.test");
    }

    @Test
    void selfSignedInTheTrustFileIsTrustedButItsDatesStillCount() {
        TlsIdentity valid = TlsIdentity.selfSigned("mx1.example.test", Duration.ofDays(30));
        assertThat(evaluate(ChainEvaluator.trusting(List.of(valid.certificate()), "self.pem"), valid).trust()).isEqualTo(Trust.VERIFIED);
        TlsIdentity expired = TlsIdentity.selfSigned("mx1.example.test", PAST, NOW.minus(Duration.ofDays(1)));
        TlsReport report = evaluate(ChainEvaluator.trusting(List.of(expired.certificate()), "self.pem"), expired);
        assertThat(report.trust()).isEqualTo(Trust.UNTRUSTED);
        assertThat(report.why(EN)).startsWith("certificate has expired: CN=mx1.example.test").endsWith("(the trust anchor of self.pem)");
    }

    @Test
    void unknownCaNamesTheMissingIssuer() {
        TlsIdentity otherRoot = TlsIdentity.authority("Other Root", PAST, FUTURE);
        TlsReport report = evaluate(ChainEvaluator.trusting(List.of(otherRoot.certificate()), "other.pem"),
                INTERMEDIATE.issueServer("mx1.example.test", WANTED, PAST, FUTURE));
        assertThat(report.trust()).isEqualTo(Trust.UNTRUSTED);
        assertThat(report.why(EN)).startsWith("unable to get local issuer certificate: CN=Test Root, the issuer of certificate 1 (CN=Test Intermediate), is not in other.pem");
    }

    @Test
    void expiredAndNotYetValidNameTheCertificate() {
        TlsReport expired = evaluate(TRUST_ROOT, INTERMEDIATE.issueServer("mx1.example.test", WANTED, PAST, NOW.minus(Duration.ofDays(3))));
        assertThat(expired.trust()).isEqualTo(Trust.UNTRUSTED);
        assertThat(expired.why(EN)).startsWith("certificate has expired: server certificate (CN=mx1.example.test), notAfter ");
        TlsIdentity expiredIntermediate = ROOT.issueAuthority("Old Intermediate", PAST, NOW.minus(Duration.ofDays(1)));
        assertThat(evaluate(TRUST_ROOT, expiredIntermediate.issueServer("mx1.example.test", WANTED, PAST, FUTURE)).why(EN))
                .startsWith("certificate has expired: certificate 1 (CN=Old Intermediate)");
        TlsReport early = evaluate(TRUST_ROOT, INTERMEDIATE.issueServer("mx1.example.test", WANTED, NOW.plus(Duration.ofDays(2)), FUTURE));
        assertThat(early.why(EN)).startsWith("certificate is not yet valid: server certificate (CN=mx1.example.test), notBefore ");
    }

    @Test
    void noCertificateIsAnonymous() {
        TlsReport report = TRUST_ROOT.evaluate("TLSv1.2", "TLS_DH_anon_WITH_AES_128_GCM_SHA256", List.of(), WANTED, NOW);
        assertThat(report.trust()).isEqualTo(Trust.ANONYMOUS);
        assertThat(report.postfixTrust(TlsLevel.SECURE)).isEqualTo(Trust.ANONYMOUS);
        assertThat(report.earliestExpiry()).isNull();
    }

    @Test
    void earliestExpiryIsTheIntermediateWhenItDiesFirst() {
        TlsIdentity dying = ROOT.issueAuthority("Dying Intermediate", PAST, NOW.plus(Duration.ofDays(5)));
        TlsReport report = evaluate(TRUST_ROOT, dying.issueServer("mx1.example.test", WANTED, PAST, FUTURE));
        assertThat(report.earliestExpiry().depth()).isEqualTo(1);
        assertThat(report.earliestExpiry().label(EN)).isEqualTo("certificate 1 (CN=Dying Intermediate)");
    }
}
