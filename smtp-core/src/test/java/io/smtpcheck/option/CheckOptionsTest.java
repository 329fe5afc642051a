package io.smtpcheck.option;

import io.smtpcheck.report.BuildPolicy;
import io.smtpcheck.request.AuthMechanism;
import io.smtpcheck.request.CheckRequest;
import io.smtpcheck.request.InvalidRequestException;
import io.smtpcheck.request.Limits;
import io.smtpcheck.request.MessageSpec;
import io.smtpcheck.request.Stage;
import io.smtpcheck.request.Target;
import io.smtpcheck.request.TlsOptions;
import io.smtpcheck.run.FanOut;
import io.smtpcheck.tls.CertDays;
import io.smtpcheck.tls.TlsLevel;
import io.smtpcheck.tls.TlsPolicy;
import io.smtpcheck.tls.TlsTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.File;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CheckOptionsTest {

    private static CheckRequest request(CheckOptions options, String target) {
        return options.requests(null, null).apply(Target.parse(target));
    }

    @Test
    void emptyOptionsGiveTheRequestDefaults() {
        CheckOptions none = CheckOptions.of(Map.of());
        CheckRequest request = request(none, "mail.example.com");

        assertThat(request.port()).isEqualTo(25);
        assertThat(request.tlsPolicy()).isEqualTo(TlsPolicy.DEFAULT);
        assertThat(request.allowUnverifiedAuth()).isFalse();
        assertThat(request.expectations().certDays()).isEqualTo(CertDays.NONE);
        assertThat(request.stopAfter()).isEqualTo(Stage.TLS);
        assertThat(request.credentials()).isNull();
        assertThat(request.limits()).isEqualTo(Limits.DEFAULT);
        assertThat(request.tls()).isEqualTo(TlsOptions.DEFAULT);
        assertThat(request.locale()).isEqualTo(Locale.ENGLISH);
        assertThat(request.message()).isEqualTo(MessageSpec.DEFAULT);
        assertThat(none.policy()).isEqualTo(BuildPolicy.STRICT);
    }

    @Test
    void everyOptionReachesTheRequestInTheTypesTheFrontEndsHoldThem() {
        CheckOptions options = CheckOptions.of(Map.ofEntries(
                entry(Option.PORT, 2525), entry(Option.TLS_LEVEL, "Secure"), entry(Option.TLS_TRANSPORT, "smtps"),
                entry(Option.TLS_MATCH, List.of("nexthop, .Example.com")), entry(Option.ALLOW_UNVERIFIED_AUTH, "true"), entry(Option.HELO, "probe.example.com"),
                entry(Option.FROM, "<ops@example.com>"), entry(Option.TO, List.of("a@example.com, b@example.com")),
                entry(Option.STOP_AFTER, "DATA"), entry(Option.SUBJECT, "release 4.2"), entry(Option.BODY, "hello"),
                entry(Option.AUTH_MECHANISM, "cram-md5"), entry(Option.EXPECT_BANNER, "ESMTP"), entry(Option.EXPECT_EHLO, "size"),
                entry(Option.MIN_CERT_DAYS, "30, 7"),
                entry(Option.CONNECT_TIMEOUT, "500ms"), entry(Option.REPLY_TIMEOUT, "PT5S"), entry(Option.TIMEOUT, "2m"),
                entry(Option.LANG, "ja")));

        CheckRequest request = options.requests("alice", "s3cret").apply(Target.parse("mx1.example.com:587"));

        assertThat(request.port()).as("the target's own port wins").isEqualTo(587);
        assertThat(request(options, "mx1.example.com").port()).isEqualTo(2525);
        assertThat(request.tlsPolicy()).isEqualTo(new TlsPolicy(TlsLevel.SECURE, TlsTransport.IMPLICIT, List.of("nexthop", ".example.com")));
        assertThat(request.allowUnverifiedAuth()).isTrue();
        assertThat(request.heloName()).isEqualTo("probe.example.com");
        assertThat(request.mailFrom()).isEqualTo("ops@example.com");
        assertThat(request.recipients()).containsExactly("a@example.com", "b@example.com");
        assertThat(request.stopAfter()).isEqualTo(Stage.DATA);
        assertThat(request.message()).isEqualTo(new MessageSpec("release 4.2", "hello"));
        assertThat(request.credentials().username()).isEqualTo("alice");
        assertThat(request.credentials().mechanism()).isEqualTo(AuthMechanism.CRAM_MD5);
        assertThat(request.expectations().bannerPattern().pattern()).isEqualTo("ESMTP");
        assertThat(request.expectations().ehloKeywords()).containsExactly("SIZE");
        assertThat(request.expectations().certDays()).isEqualTo(new CertDays(30, 7));
        assertThat(request.limits().connectTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(request.limits().replyTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(request.limits().deadline()).isEqualTo(Duration.ofMinutes(2));
        assertThat(request.locale().getLanguage()).isEqualTo("ja");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "tlsLevel      | starttls       | tls-level",
            "tlsLevel      | paranoid       | tls-level",
            "tlsTransport  | ssl            | tls-transport",
            "tlsMatch      | *.example.com  | tls-match",
            "stopAfter     | sometime       | stop-after",
            "lang          | de             | lang",
            "timeout       | soon           | timeout",
            "replyTimeout  | 0s             | reply-timeout",
            "expectBanner  | ([             | expect-banner",
            "port          | 0              | port",
            "port          | smtp           | port",
            "minCertDays   | -1             | min-cert-days",
            "minCertDays   | two            | min-cert-days",
            "minCertDays   | 7,30           | min-cert-days",
            "allowUnverifiedAuth | yes      | allow-unverified-auth",
            "authMechanism | GSSAPI         | auth-mechanism"})
    void badOptionsNameTheOptionBeforeAnyRequestIsBuilt(String name, String value, String field) {
        Option<?> option = Option.all().stream().filter(o -> o.name().equals(name)).findFirst().orElseThrow();

        assertThatThrownBy(() -> CheckOptions.of(Map.of(option, value)).requests("alice", "pw"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.parameter()).isEqualTo(name);
                    assertThat(e.getMessage()).isEqualTo(field + ": " + e.problem());
                });
    }

    @Test
    void addressErrorsNameTheOptionOnlyWhenATargetIsBuilt() {
        var requests = CheckOptions.of(Map.of(Option.TO, "user@example.com\r\nRSET")).requests(null, null);

        assertThatThrownBy(() -> requests.apply(Target.parse("mx.example.com")))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("to"));
    }

    @Test
    void authWithoutTlsIsRefusedUnlessAllowed() {
        Map<Option<?>, Object> plain = new HashMap<>(Map.of(Option.TLS_LEVEL, "none", Option.TO, "a@example.com"));

        assertThatThrownBy(() -> CheckOptions.of(plain).requests("alice", "pw").apply(Target.parse("h")))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("tls-level"));
        plain.put(Option.ALLOW_PLAINTEXT_AUTH, true);
        assertThat(CheckOptions.of(plain).requests("alice", "pw").apply(Target.parse("h")).credentials()).isNotNull();
    }

    @Test
    void noSecretInTheOptionsOrTheirString() {
        CheckOptions options = CheckOptions.of(Map.of(Option.HELO, "probe.example.com"));

        assertThat(options.toString()).isEqualTo("CheckOptions{helo=probe.example.com}");
        assertThat(options.requests("alice", "s3cret").apply(Target.parse("h")).toString()).doesNotContain("s3cret");
    }

    @Test
    void thePolicyAndTheRunnerComeFromTheOptions() {
        assertThat(CheckOptions.of(Map.of(Option.FAIL_ON_TRANSIENT, false)).policy()).isEqualTo(new BuildPolicy(false, true));
        assertThat(CheckOptions.of(Map.of(Option.FAIL_ON_PERMANENT, "false")).policy()).isEqualTo(new BuildPolicy(true, false));
        assertThatThrownBy(() -> CheckOptions.of(Map.of(Option.PARALLEL, 0)).runner())
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("parallel"))
                .hasMessage("parallel: 0 is not a number of targets to check at once; give 1 or more");
    }

    @Test
    void theFanOutIsTheMachinesByDefaultAndTheOptionsBoundIt() {
        FanOut byDefault = CheckOptions.of(Map.of()).runner().fanOut();
        FanOut bounded = CheckOptions.of(Map.of(Option.PARALLEL, "3", Option.PER_HOST, "2", Option.RUN_TIMEOUT, "90s")).runner().fanOut();

        // auto is the machine's limit: hundreds of sessions on any machine that runs these tests, not a fixed few.
        assertThat(byDefault.maxSessions()).isGreaterThan(64);
        assertThat(byDefault.perDestination()).isEqualTo(FanOut.DEFAULT_PER_DESTINATION);
        assertThat(byDefault.runDeadline()).isNull();
        assertThat(CheckOptions.of(Map.of(Option.PARALLEL, " AUTO ")).runner().fanOut().maxSessions()).isGreaterThan(64);
        assertThat(bounded).isEqualTo(new FanOut(3, 2, Duration.ofSeconds(90)));
    }

    @Test
    void aPerHostBelowOneOrARunTimeoutOfZeroIsRefusedNamingTheOption() {
        assertThatThrownBy(() -> CheckOptions.of(Map.of(Option.PER_HOST, "0")).runner())
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("per-host"))
                .hasMessage("per-host: 0 is not a number of sessions; give 1 or more");
        assertThatThrownBy(() -> CheckOptions.of(Map.of(Option.PARALLEL, "many")).runner())
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("parallel"));
        assertThatThrownBy(() -> CheckOptions.of(Map.of(Option.RUN_TIMEOUT, "0s")).runner())
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("run-timeout"))
                .hasMessageContaining("0 would end the run before any check");
        assertThatThrownBy(() -> CheckOptions.of(Map.of(Option.RUN_TIMEOUT, "25h")).runner())
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("run-timeout"));
    }

    @Test
    void unsetBlankAndEmptyValuesTakeTheDefault() {
        Map<Option<?>, Object> values = new HashMap<>();
        values.put(Option.PORT, " ");
        values.put(Option.TO, List.of());
        values.put(Option.TRUST_FILE, null);
        CheckOptions options = CheckOptions.of(values);

        assertThat(options.get(Option.PORT)).isEqualTo(25);
        assertThat(options.get(Option.TO)).isEmpty();
        assertThat(options.get(Option.TRUST_FILE)).isNull();
        assertThat(options.toString()).isEqualTo("CheckOptions{}");
        assertThat(Option.TRUST_FILE.text(new File("certs/ca.pem"))).isEqualTo("certs" + File.separator + "ca.pem");
    }

    @Test
    void aMavenTargetOverridesTheGoalOptionByOption() {
        OptionValues goal = OptionValues.of(Map.of(Option.HELO, "goal.example", Option.PORT, 2525));
        OptionValues target = OptionValues.of(Map.of(Option.HELO, "target.example"));

        CheckOptions merged = CheckOptions.of(target.orElse(goal));

        assertThat(merged.get(Option.HELO)).isEqualTo("target.example");
        assertThat(merged.get(Option.PORT)).isEqualTo(2525);
    }

    /** Fields like those Maven and Jenkins fill, read by name. */
    static final class Fields {
        private String helo = "fields.example";
        private final List<String> to = List.of("a@example.com");
        private boolean allowUnverifiedAuth;
        private int notAnOption = 7;
        static String tlsLevel = "none";
    }

    @Test
    void fieldsAreReadByTheOptionsName() {
        CheckOptions options = CheckOptions.of(OptionValues.fieldsOf(new Fields()));

        assertThat(options.get(Option.HELO)).isEqualTo("fields.example");
        assertThat(options.get(Option.TO)).containsExactly("a@example.com");
        assertThat(options.get(Option.ALLOW_UNVERIFIED_AUTH)).isFalse();
        assertThat(options.get(Option.TLS_LEVEL)).as("a static field is no value").isEqualTo(TlsLevel.MAY);
        assertThat(options.toString()).isEqualTo("CheckOptions{allowUnverifiedAuth=false, helo=fields.example, to=[a@example.com]}");
    }

    @Test
    void aListTypedInOneFieldReadsAsTheListABuildScriptWrites() {
        assertThat(Option.splitList(List.of("a@example.com, b@example.com\nc@example.com", " ", "d@example.com")))
                .containsExactly("a@example.com", "b@example.com", "c@example.com", "d@example.com");
        assertThat(Option.splitList(Arrays.asList("STARTTLS", null, ""))).containsExactly("STARTTLS");
        assertThat(Option.splitList(null)).isEmpty();
    }
}
