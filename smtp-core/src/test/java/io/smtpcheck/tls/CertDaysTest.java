package io.smtpcheck.tls;

import io.smtpcheck.text.Texts;
import io.smtpcheck.request.InvalidRequestException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CertDaysTest {

    private static final Texts EN = Texts.of(Locale.ENGLISH);

    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

    private static TlsReport chain(long leafDays, long intermediateDays) {
        List<CertificateInfo> certs = List.of(
                new CertificateInfo(0, "CN=mx1.example.test", "CN=Intermediate", NOW.minus(Duration.ofDays(10)), NOW.plus(Duration.ofDays(leafDays)).plusSeconds(3600)),
                new CertificateInfo(1, "CN=Intermediate", "CN=Root", NOW.minus(Duration.ofDays(10)), NOW.plus(Duration.ofDays(intermediateDays)).plusSeconds(3600)));
        return new TlsReport("TLSv1.3", "TLS_AES_128_GCM_SHA256", certs, Trust.VERIFIED, List.of(), List.of("mx1.example.test"),
                List.of("DNS:mx1.example.test"), "mx1.example.test", "root.pem");
    }

    @Test
    void parsesAsCheckSmtpDoes() {
        assertThat(CertDays.parse("30,7")).isEqualTo(new CertDays(30, 7));
        assertThat(CertDays.parse("30")).isEqualTo(new CertDays(30, 0));
        assertThat(CertDays.parse(" 14 , 3 ")).isEqualTo(new CertDays(14, 3));
        assertThat(CertDays.parse(",7")).isEqualTo(new CertDays(7, 7));
        assertThat(CertDays.parse(null).enabled()).isFalse();
        assertThatThrownBy(() -> CertDays.parse("7,30")).isInstanceOf(InvalidRequestException.class).hasMessageContaining("warn,crit");
        assertThatThrownBy(() -> CertDays.parse("thirty")).hasMessageContaining("30,7");
        assertThatThrownBy(() -> CertDays.parse("1,2,3")).hasMessageContaining("more than two");
        assertThatThrownBy(() -> CertDays.parse("-1")).hasMessageContaining("zero or more");
    }

    @Test
    void theEarliestCertificateOfTheChainDecidesAndIsNamed() {
        CertDays days = new CertDays(30, 7);
        assertThat(days.evaluate(chain(300, 400), NOW, EN)).isEqualTo(TlsStep.Proceed.CLEAN);
        TlsStep warn = days.evaluate(chain(300, 20), NOW, EN);
        assertThat(warn).isInstanceOf(TlsStep.Proceed.class);
        TlsFinding w = ((TlsStep.Proceed) warn).warnings().get(0);
        assertThat(w.diagnosisId()).isEqualTo("tls.cert-days-warn");
        assertThat(w.args()).containsExactly("CN=Intermediate", "20", "30");
        assertThat(w.detail()).startsWith("certificate 1 (CN=Intermediate) expires");
        TlsStep crit = days.evaluate(chain(5, 400), NOW, EN);
        assertThat(crit).isInstanceOfSatisfying(TlsStep.Unmet.class, u -> {
            assertThat(u.problem().diagnosisId()).isEqualTo("tls.cert-days-crit");
            assertThat(u.expectation()).isEqualTo("certificate valid 7 more days");
            assertThat(u.actual()).isEqualTo("5 days");
        });
    }

    @Test
    void thresholdsAreStrictlyFewerDaysThanGiven() {
        CertDays days = new CertDays(30, 7);
        assertThat(days.evaluate(chain(30, 400), NOW, EN)).isEqualTo(TlsStep.Proceed.CLEAN);
        assertThat(days.evaluate(chain(29, 400), NOW, EN)).isInstanceOf(TlsStep.Proceed.class)
                .isNotEqualTo(TlsStep.Proceed.CLEAN);
        assertThat(days.evaluate(chain(7, 400), NOW, EN)).isInstanceOf(TlsStep.Proceed.class);
        assertThat(days.evaluate(chain(6, 400), NOW, EN)).isInstanceOf(TlsStep.Unmet.class);
    }

    @Test
    void expiredFailsWhenAnyThresholdIsSetAndNothingIsCheckedWithout() {
        TlsStep expired = new CertDays(30, 0).evaluate(chain(-3, 400), NOW, EN);
        assertThat(expired).isInstanceOfSatisfying(TlsStep.Unmet.class, u -> assertThat(u.problem().diagnosisId()).isEqualTo("tls.expired"));
        assertThat(CertDays.NONE.evaluate(chain(-3, 400), NOW, EN)).isEqualTo(TlsStep.Proceed.CLEAN);
        assertThat(new CertDays(30, 7).evaluate(null, NOW, EN)).isInstanceOfSatisfying(TlsStep.Unmet.class,
                u -> assertThat(u.problem().diagnosisId()).isEqualTo("expect.tls-absent"));
    }
}
