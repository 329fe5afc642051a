package io.smtpcheck.tls;

import io.smtpcheck.text.Texts;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rules the level matrix does not reach: opt-ins, a refused STARTTLS, implicit TLS. */
class TlsDecisionsTest {

    private static final Texts EN = Texts.of(Locale.ENGLISH);

    private static final AuthIntent USER = new AuthIntent(true, false, false);

    private static TlsReport report(Trust trust) {
        return new TlsReport("TLSv1.3", "TLS_AES_128_GCM_SHA256", List.of(), trust,
                trust == Trust.UNTRUSTED ? List.of("self-signed certificate") : List.of(),
                List.of("mx1.example.test"), List.of("DNS:other.example.test"), null, "the JVM trust store");
    }

    @Test
    void credentialsNeedVerifiedTlsOrAnExplicitOptIn() {
        assertThat(TlsDecisions.beforeAuth(report(Trust.VERIFIED), USER, EN)).isEqualTo(TlsStep.Proceed.CLEAN);
        assertThat(TlsDecisions.beforeAuth(report(Trust.UNTRUSTED), USER, EN)).isInstanceOfSatisfying(TlsStep.Stop.class, s -> {
            assertThat(s.problem().diagnosisId()).isEqualTo("tls.unverified-auth");
            assertThat(s.problem().args()).containsExactly("Untrusted (self-signed certificate)");
        });
        assertThat(TlsDecisions.beforeAuth(report(Trust.TRUSTED), USER, EN)).isInstanceOfSatisfying(TlsStep.Stop.class,
                s -> assertThat(s.problem().detail()).contains("wanted mx1.example.test"));
        assertThat(TlsDecisions.beforeAuth(report(Trust.UNTRUSTED), new AuthIntent(true, false, true), EN)).isEqualTo(TlsStep.Proceed.CLEAN);
        // Allowing plaintext AUTH is not allowing unverified TLS, and the other way round.
        assertThat(TlsDecisions.beforeAuth(report(Trust.UNTRUSTED), new AuthIntent(true, true, false), EN)).isInstanceOf(TlsStep.Stop.class);
        assertThat(TlsDecisions.beforeAuth(null, new AuthIntent(true, false, true), EN)).isInstanceOf(TlsStep.Stop.class);
        assertThat(TlsDecisions.beforeAuth(null, new AuthIntent(true, true, false), EN)).isEqualTo(TlsStep.Proceed.CLEAN);
        assertThat(TlsDecisions.beforeAuth(null, AuthIntent.NONE, EN)).isEqualTo(TlsStep.Proceed.CLEAN);
    }

    @Test
    void refusedStartTlsFallsBackOnlyAtMay() {
        TlsPolicy may = TlsPolicy.DEFAULT;
        assertThat(TlsDecisions.afterStartTlsRefused(may, "454 4.7.0 TLS not available", AuthIntent.NONE, EN))
                .hasValueSatisfying(p -> assertThat(p.warning().detail()).startsWith("STARTTLS refused: 454 4.7.0 TLS not available"));
        assertThat(TlsDecisions.afterStartTlsRefused(may, "454 4.7.0", USER, EN)).isEmpty();
        assertThat(TlsDecisions.afterStartTlsRefused(may, "454 4.7.0", new AuthIntent(true, true, false), EN)).isPresent();
        assertThat(TlsDecisions.afterStartTlsRefused(new TlsPolicy(TlsLevel.ENCRYPT, null, List.of()), "454 4.7.0", AuthIntent.NONE, EN)).isEmpty();
    }

    @Test
    void implicitTlsNeverFallsBackAndHasNoStartTlsDecision() {
        TlsPolicy smtps = new TlsPolicy(TlsLevel.MAY, TlsTransport.IMPLICIT, List.of());
        assertThat(TlsDecisions.afterHandshakeFailure(smtps, "Remote host terminated the handshake", AuthIntent.NONE, EN))
                .isInstanceOfSatisfying(TlsStep.Stop.class, s -> assertThat(s.problem().args()).containsExactly("Remote host terminated the handshake"));
        assertThatThrownBy(() -> TlsDecisions.beforeStartTls(smtps, true, AuthIntent.NONE, EN))
                .isInstanceOf(IllegalArgumentException.class);
        // At may an untrusted chain never stops the check, implicit or not.
        assertThat(TlsDecisions.afterHandshake(smtps, report(Trust.UNTRUSTED), CertDays.NONE, Instant.now(), EN)).isEqualTo(TlsStep.Proceed.CLEAN);
    }
}
