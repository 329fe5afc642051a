package io.smtpcheck.report;

import io.smtpcheck.classify.Verdict;
import io.smtpcheck.request.CheckRequest;
import io.smtpcheck.session.CheckResult;
import io.smtpcheck.session.SmtpSession;
import io.smtpcheck.session.StageTiming;
import io.smtpcheck.testkit.Action;
import io.smtpcheck.testkit.ScriptedSmtpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The Nagios plugin line: status word, exit status, a text without '|', and perfdata per stage. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NagiosReportTest {

    /** The command line's default policy: a 4xx warns, anything else fails. */
    private static final BuildPolicy WARN_ON_TRANSIENT = new BuildPolicy(false, true);


    private static final Pattern PERF = Pattern.compile("'([^']+)'=(\\d+\\.\\d{3})s;;;0");

    private ScriptedSmtpServer ok;
    private ScriptedSmtpServer busy;
    private ScriptedSmtpServer refusing;
    private CheckResult pass;
    private CheckResult transient4xx;
    private CheckResult permanent5xx;

    @BeforeAll
    void checkOnce() {
        ok = ScriptedSmtpServer.builder().start();
        busy = ScriptedSmtpServer.builder().on("RCPT", Action.reply("452 4.5.3 Too many recipients")).start();
        refusing = ScriptedSmtpServer.builder().on("RCPT", Action.reply("554 5.7.1 <alice@example.test>: Relay access denied")).start();
        pass = SmtpSession.check(against(ok).recipient("alice@example.test").build());
        transient4xx = SmtpSession.check(against(busy).recipient("alice@example.test").build());
        permanent5xx = SmtpSession.check(against(refusing).recipient("alice@example.test").build());
        assertThat(List.of(pass.verdict(), transient4xx.verdict(), permanent5xx.verdict()))
                .containsExactly(Verdict.PASS, Verdict.TRANSIENT, Verdict.FAIL);
    }

    @AfterAll
    void stop() {
        ok.close();
        busy.close();
        refusing.close();
    }

    private static CheckRequest.Builder against(ScriptedSmtpServer server) {
        return CheckRequest.builder(server.host()).port(server.port()).heloName("probe.example.test").mailFrom("probe@example.test");
    }

    /** The plugin line split at its only '|': text, then perfdata. */
    private static String[] split(String line) {
        assertThat(line).endsWith("\n");
        assertThat(line.substring(0, line.length() - 1)).as("one line").doesNotContain("\n", "\r");
        assertThat(line.chars().filter(c -> c == '|').count()).as("exactly one '|' in %s", line).isEqualTo(1);
        String[] parts = line.strip().split(" \\| ", -1);
        assertThat(parts).hasSize(2);
        return parts;
    }

    private static List<String> perfLabels(String perfdata) {
        List<String> labels = new ArrayList<>();
        for (String token : perfdata.split(" ")) {
            Matcher m = PERF.matcher(token);
            assertThat(m.matches()).as("perfdata token %s", token).isTrue();
            labels.add(m.group(1));
        }
        return labels;
    }

    @Test
    void okWhenEveryTargetPasses() {
        String line = NagiosReport.render(List.of(pass), WARN_ON_TRANSIENT);

        String[] parts = split(line);
        assertThat(parts[0]).isEqualTo("SMTP OK - " + pass.target() + " passed up to RCPT TO: 250 2.1.5 Ok");
        assertThat(new BuildPolicy(false, true).decide(Verdict.PASS).nagiosStatus()).isZero();
        assertThat(new BuildPolicy(true, true).decide(Verdict.PASS).nagiosStatus()).isZero();
    }

    @Test
    void aTransientFailureIsWarningUnlessTransientIsCritical() {
        assertThat(NagiosReport.render(List.of(pass, transient4xx), WARN_ON_TRANSIENT))
                .startsWith("SMTP WARNING - " + pass.target() + " passed up to RCPT TO: 250 2.1.5 Ok; "
                        + transient4xx.target() + " transient failure (4xx) at RCPT TO: 452 4.5.3 Too many recipients | ");
        assertThat(new BuildPolicy(false, true).decide(Verdict.TRANSIENT).nagiosStatus()).isEqualTo(1);

        assertThat(NagiosReport.render(List.of(pass, transient4xx), BuildPolicy.STRICT)).startsWith("SMTP CRITICAL - ");
        assertThat(new BuildPolicy(true, true).decide(Verdict.TRANSIENT).nagiosStatus()).isEqualTo(2);
    }

    @Test
    void aPermanentFailureIsCriticalWhateverElse() {
        assertThat(NagiosReport.render(List.of(transient4xx, pass, permanent5xx), WARN_ON_TRANSIENT))
                .startsWith("SMTP CRITICAL - ")
                .contains(permanent5xx.target() + " permanent failure (5xx) at RCPT TO: 554 5.7.1 <alice@example.test>: Relay access denied");
        assertThat(new BuildPolicy(false, true).decide(Verdict.FAIL).nagiosStatus()).isEqualTo(2);
        assertThat(new BuildPolicy(true, true).decide(Verdict.FAIL).nagiosStatus()).isEqualTo(2);
        assertThat(new BuildPolicy(false, true).decide(Verdicts.of(List.of(transient4xx, pass, permanent5xx))).nagiosStatus()).isEqualTo(2);
    }

    @Test
    void aNetworkFailureIsCriticalWithTheTotalAndConnectTimes() {
        int closedPort;
        try (ScriptedSmtpServer gone = ScriptedSmtpServer.builder().start()) {
            closedPort = gone.port();
        }
        CheckResult refused = SmtpSession.check(CheckRequest.builder("127.0.0.1").port(closedPort).heloName("probe.example.test").build());

        String[] parts = split(NagiosReport.render(List.of(refused), WARN_ON_TRANSIENT));
        assertThat(parts[0]).isEqualTo("SMTP CRITICAL - 127.0.0.1:" + closedPort + " network failure (REFUSED) at connect");
        assertThat(perfLabels(parts[1])).containsExactly("127.0.0.1:" + closedPort + "_time", "127.0.0.1:" + closedPort + "_connect");
    }

    @Test
    void perfdataPerStageInSeconds() {
        String[] parts = split(NagiosReport.render(List.of(pass, transient4xx), WARN_ON_TRANSIENT));

        List<String> expected = new ArrayList<>();
        for (CheckResult r : List.of(pass, transient4xx)) {
            expected.add(String.format(Locale.ROOT, "'%s_time'=%.3fs;;;0", r.target(), r.elapsedMillis() / 1000.0));
            for (StageTiming t : r.timings()) {
                expected.add(String.format(Locale.ROOT, "'%s_%s'=%.3fs;;;0", r.target(), t.stage().name().toLowerCase(Locale.ROOT), t.millis() / 1000.0));
            }
        }
        assertThat(parts[1].split(" ")).containsExactlyElementsOf(expected);
        assertThat(perfLabels(parts[1])).containsSubsequence(
                pass.target() + "_time", pass.target() + "_connect", pass.target() + "_banner", pass.target() + "_ehlo",
                pass.target() + "_mail", pass.target() + "_rcpt", pass.target() + "_quit", transient4xx.target() + "_time");
    }

    @Test
    void perfdataUsesADecimalPointInEveryLocale() {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            String[] parts = split(NagiosReport.render(List.of(pass), WARN_ON_TRANSIENT));
            perfLabels(parts[1]);
            assertThat(parts[1]).doesNotContain(",");
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void aPipeInTheReplyDoesNotBreakThePerfdata() {
        try (ScriptedSmtpServer piped = ScriptedSmtpServer.builder()
                .on("RCPT", Action.reply("550 5.1.1 <alice@example.test>: unknown | try postmaster|abuse")).start()) {
            CheckResult r = SmtpSession.check(against(piped).recipient("alice@example.test").build());
            assertThat(r.outcome().reply().lines()).containsExactly("550 5.1.1 <alice@example.test>: unknown | try postmaster|abuse");

            String[] parts = split(NagiosReport.render(List.of(pass, r), WARN_ON_TRANSIENT));
            assertThat(parts[0]).endsWith(r.target() + " permanent failure (5xx) at RCPT TO: 550 5.1.1 <alice@example.test>: unknown / try postmaster/abuse");
            assertThat(perfLabels(parts[1])).contains(pass.target() + "_time", r.target() + "_time", r.target() + "_rcpt");
        }
    }

    @Test
    void aBareLineFeedInTheReplyDoesNotSplitThePluginLine() {
        // Commons Net ends a reply line only at CRLF, so a bare LF from a broken server stays inside the line.
        try (ScriptedSmtpServer broken = ScriptedSmtpServer.builder()
                .on("RCPT", Action.reply("550 5.7.1 first half\nsecond half")).start()) {
            CheckResult r = SmtpSession.check(against(broken).recipient("alice@example.test").build());

            String[] parts = split(NagiosReport.render(List.of(r), WARN_ON_TRANSIENT));
            assertThat(parts[0]).isEqualTo("SMTP CRITICAL - " + r.target() + " permanent failure (5xx) at RCPT TO: 550 5.7.1 first half second half");
            perfLabels(parts[1]);
        }
    }
}
