package io.smtpcheck.request;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CheckOptionsTest {

    @Test
    void emptyOptionsGiveTheRequestDefaults() {
        CheckRequest request = CheckOptions.builder().build().requests(null, null).apply(Target.parse("mail.example.com"));

        assertThat(request.port()).isEqualTo(25);
        assertThat(request.security()).isEqualTo(SecurityMode.STARTTLS_IF_OFFERED);
        assertThat(request.stopAfter()).isEqualTo(Stage.TLS);
        assertThat(request.credentials()).isNull();
        assertThat(request.limits()).isEqualTo(Limits.DEFAULT);
        assertThat(request.tls()).isEqualTo(TlsOptions.DEFAULT);
        assertThat(request.locale()).isEqualTo(Locale.ENGLISH);
    }

    @Test
    void everyOptionReachesTheRequest() {
        CheckOptions options = CheckOptions.builder()
                .port(2525).security("Require-STARTTLS").helo("probe.example.com").from("<ops@example.com>")
                .to(List.of("a@example.com", "b@example.com")).stopAfter("DATA").subject("release 4.2").body("hello")
                .authMechanism("cram-md5").expectBanner("ESMTP").expectEhlo(List.of("size")).minCertDays(14)
                .insecure(true).verifyHostname(false).connectTimeout("500ms").replyTimeout("PT5S").timeout("2m").lang("ja")
                .build();

        CheckRequest request = options.requests("alice", "s3cret").apply(Target.parse("mx1.example.com:587"));

        assertThat(request.port()).as("the target's own port wins").isEqualTo(587);
        assertThat(options.requests(null, null).apply(Target.parse("mx1.example.com")).port()).isEqualTo(2525);
        assertThat(request.security()).isEqualTo(SecurityMode.STARTTLS_REQUIRED);
        assertThat(request.heloName()).isEqualTo("probe.example.com");
        assertThat(request.mailFrom()).isEqualTo("ops@example.com");
        assertThat(request.recipients()).containsExactly("a@example.com", "b@example.com");
        assertThat(request.stopAfter()).isEqualTo(Stage.DATA);
        assertThat(request.message()).isEqualTo(new MessageSpec("release 4.2", "hello"));
        assertThat(request.credentials().username()).isEqualTo("alice");
        assertThat(request.credentials().mechanism()).isEqualTo(AuthMechanism.CRAM_MD5);
        assertThat(request.expectations().bannerPattern().pattern()).isEqualTo("ESMTP");
        assertThat(request.expectations().ehloKeywords()).containsExactly("SIZE");
        assertThat(request.expectations().minCertValidDays()).isEqualTo(14);
        assertThat(request.tls().trustAll()).isTrue();
        assertThat(request.tls().verifyHostname()).isFalse();
        assertThat(request.limits().connectTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(request.limits().replyTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(request.limits().deadline()).isEqualTo(Duration.ofMinutes(2));
        assertThat(request.locale().getLanguage()).isEqualTo("ja");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "security    | starttls-maybe | security",
            "stopAfter   | sometime       | stop-after",
            "lang        | de             | lang",
            "timeout     | soon           | timeout",
            "replyTimeout| 0s             | reply-timeout",
            "expectBanner| ([             | expect-banner",
            "port        | 0              | port",
            "authMechanism | GSSAPI       | auth-mechanism"})
    void badOptionsNameTheOptionBeforeAnyRequestIsBuilt(String option, String value, String field) {
        CheckOptions.Builder builder = CheckOptions.builder();
        switch (option) {
            case "security" -> builder.security(value);
            case "stopAfter" -> builder.stopAfter(value);
            case "lang" -> builder.lang(value);
            case "timeout" -> builder.timeout(value);
            case "replyTimeout" -> builder.replyTimeout(value);
            case "expectBanner" -> builder.expectBanner(value);
            case "port" -> builder.port(Integer.parseInt(value));
            case "authMechanism" -> builder.authMechanism(value);
            default -> throw new IllegalArgumentException(option);
        }

        assertThatThrownBy(() -> builder.build().requests("alice", "pw"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.parameter()).isEqualTo(option);
                    assertThat(e.getMessage()).isEqualTo(field + ": " + e.problem());
                });
    }

    @Test
    void addressErrorsNameTheOptionOnlyWhenATargetIsBuilt() {
        var requests = CheckOptions.builder().to(List.of("user@example.com\r\nRSET")).build().requests(null, null);

        assertThatThrownBy(() -> requests.apply(Target.parse("mx.example.com")))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("to"));
    }

    @Test
    void authWithoutTlsIsRefusedUnlessAllowed() {
        CheckOptions.Builder plain = CheckOptions.builder().security("none").to(List.of("a@example.com"));

        assertThatThrownBy(() -> plain.build().requests("alice", "pw").apply(Target.parse("h")))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("security"));
        assertThat(plain.allowPlaintextAuth(true).build().requests("alice", "pw").apply(Target.parse("h")).credentials()).isNotNull();
    }

    @Test
    void noSecretInTheOptionsOrTheirString() {
        CheckOptions options = CheckOptions.builder().build();

        assertThat(options.toString()).doesNotContain("s3cret");
        assertThat(options.requests("alice", "s3cret").apply(Target.parse("h")).toString()).doesNotContain("s3cret");
    }

    @Test
    void aListTypedInOneFieldReadsAsTheListABuildScriptWrites() {
        assertThat(CheckOptions.splitList(List.of("a@example.com, b@example.com\nc@example.com", " ", "d@example.com")))
                .containsExactly("a@example.com", "b@example.com", "c@example.com", "d@example.com");
        assertThat(CheckOptions.splitList(Arrays.asList("STARTTLS", null, ""))).containsExactly("STARTTLS");
        assertThat(CheckOptions.splitList(null)).isEmpty();
    }
}
