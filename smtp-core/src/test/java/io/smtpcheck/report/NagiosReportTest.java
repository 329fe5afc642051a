package io.smtpcheck.report;

import io.smtpcheck.classify.Verdict;
import io.smtpcheck.session.CheckResult;
import io.smtpcheck.text.Printable;
import io.smtpcheck.session.StageTiming;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.smtpcheck.report.Results.request;
import static io.smtpcheck.request.Stage.BANNER;
import static io.smtpcheck.request.Stage.CONNECT;
import static io.smtpcheck.request.Stage.EHLO;
import static io.smtpcheck.request.Stage.MAIL;
import static io.smtpcheck.request.Stage.QUIT;
import static io.smtpcheck.request.Stage.RCPT;
import static org.assertj.core.api.Assertions.assertThat;

/** The Nagios plugin line: status word, exit status, a text without '|', and perfdata per stage. */
class NagiosReportTest {

    private static final BuildPolicy WARN_ON_TRANSIENT = new BuildPolicy(false, true);


    private static final Pattern PERF = Pattern.compile("'([^']+)'=(\\d+\\.\\d{3})s;;;0");

    private static final CheckResult PASS = Results.of(request(2525).recipient("alice@example.test").build())
            .passed(RCPT, "250 2.1.5 Ok").timed(CONNECT, BANNER, EHLO, MAIL, RCPT, QUIT).build();
    private static final CheckResult TRANSIENT = refusedAtRcpt(2526, "452 4.5.3 Too many recipients");
    private static final CheckResult PERMANENT = refusedAtRcpt(2527, "554 5.7.1 <alice@example.test>: Relay access denied");

    private static CheckResult refusedAtRcpt(int port, String reply) {
        return Results.of(request(port).recipient("alice@example.test").build()).refusedAt(RCPT, reply)
                .timed(CONNECT, BANNER, EHLO, MAIL, RCPT, QUIT).build();
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
    void theSamplesHaveTheVerdictsTheTestsNeed() {
        assertThat(List.of(PASS.verdict(), TRANSIENT.verdict(), PERMANENT.verdict())).containsExactly(Verdict.PASS, Verdict.TRANSIENT, Verdict.FAIL);
    }

    @Test
    void okWhenEveryTargetPasses() {
        String[] parts = split(NagiosReport.render(List.of(PASS), WARN_ON_TRANSIENT));

        assertThat(parts[0]).isEqualTo("SMTP OK - 127.0.0.1:2525 passed up to RCPT TO: 250 2.1.5 Ok");
        assertThat(new BuildPolicy(false, true).decide(Verdict.PASS).nagiosStatus()).isZero();
        assertThat(new BuildPolicy(true, true).decide(Verdict.PASS).nagiosStatus()).isZero();
    }

    @Test
    void aTransientFailureIsWarningUnlessTransientIsCritical() {
        assertThat(NagiosReport.render(List.of(PASS, TRANSIENT), WARN_ON_TRANSIENT))
                .startsWith("SMTP WARNING - 127.0.0.1:2525 passed up to RCPT TO: 250 2.1.5 Ok; "
                        + "127.0.0.1:2526 transient failure (4xx) at RCPT TO: 452 4.5.3 Too many recipients | ");
        assertThat(new BuildPolicy(false, true).decide(Verdict.TRANSIENT).nagiosStatus()).isEqualTo(1);

        assertThat(NagiosReport.render(List.of(PASS, TRANSIENT), BuildPolicy.STRICT)).startsWith("SMTP CRITICAL - ");
        assertThat(new BuildPolicy(true, true).decide(Verdict.TRANSIENT).nagiosStatus()).isEqualTo(2);
    }

    @Test
    void aPermanentFailureIsCriticalWhateverElse() {
        assertThat(NagiosReport.render(List.of(TRANSIENT, PASS, PERMANENT), WARN_ON_TRANSIENT))
                .startsWith("SMTP CRITICAL - ")
                .contains("127.0.0.1:2527 permanent failure (5xx) at RCPT TO: 554 5.7.1 <alice@example.test>: Relay access denied");
        assertThat(new BuildPolicy(false, true).decide(Verdict.FAIL).nagiosStatus()).isEqualTo(2);
        assertThat(new BuildPolicy(true, true).decide(Verdict.FAIL).nagiosStatus()).isEqualTo(2);
        assertThat(new BuildPolicy(false, true).decide(List.of(TRANSIENT, PASS, PERMANENT)).nagiosStatus()).isEqualTo(2);
    }

    @Test
    void aNetworkFailureIsCriticalWithTheTotalAndConnectTimes() {
        CheckResult refused = Results.of(request(2599).build()).failedAt(CONNECT, new ConnectException("Connection refused")).notConnected()
                .timed(CONNECT).build();

        String[] parts = split(NagiosReport.render(List.of(refused), WARN_ON_TRANSIENT));
        assertThat(parts[0]).isEqualTo("SMTP CRITICAL - 127.0.0.1:2599 network failure (REFUSED) at connect");
        assertThat(parts[1]).isEqualTo("'127.0.0.1:2599_time'=0.002s;;;0 '127.0.0.1:2599_connect'=0.001s;;;0");
    }

    @Test
    void perfdataPerStageInSeconds() {
        String[] parts = split(NagiosReport.render(List.of(PASS, TRANSIENT), WARN_ON_TRANSIENT));

        List<String> expected = new ArrayList<>();
        for (CheckResult r : List.of(PASS, TRANSIENT)) {
            expected.add(String.format(Locale.ROOT, "'%s_time'=%.3fs;;;0", r.target(), r.elapsedMillis() / 1000.0));
            for (StageTiming t : r.timings()) {
                expected.add(String.format(Locale.ROOT, "'%s_%s'=%.3fs;;;0", r.target(), t.stage().name().toLowerCase(Locale.ROOT), t.millis() / 1000.0));
            }
        }
        assertThat(parts[1].split(" ")).containsExactlyElementsOf(expected);
        assertThat(perfLabels(parts[1])).startsWith("127.0.0.1:2525_time", "127.0.0.1:2525_connect", "127.0.0.1:2525_banner",
                "127.0.0.1:2525_ehlo", "127.0.0.1:2525_mail", "127.0.0.1:2525_rcpt", "127.0.0.1:2525_quit", "127.0.0.1:2526_time");
        assertThat(parts[1]).startsWith("'127.0.0.1:2525_time'=0.022s;;;0 '127.0.0.1:2525_connect'=0.001s;;;0 ");
    }

    @Test
    void perfdataUsesADecimalPointInEveryLocale() {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            String[] parts = split(NagiosReport.render(List.of(PASS), WARN_ON_TRANSIENT));
            perfLabels(parts[1]);
            assertThat(parts[1]).doesNotContain(",");
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void aPipeInTheReplyDoesNotBreakThePerfdata() {
        CheckResult r = refusedAtRcpt(2528, "550 5.1.1 <alice@example.test>: unknown | try postmaster|abuse");

        String[] parts = split(NagiosReport.render(List.of(PASS, r), WARN_ON_TRANSIENT));
        assertThat(parts[0]).endsWith("127.0.0.1:2528 permanent failure (5xx) at RCPT TO: 550 5.1.1 <alice@example.test>: unknown / try postmaster/abuse");
        assertThat(perfLabels(parts[1])).contains("127.0.0.1:2525_time", "127.0.0.1:2528_time", "127.0.0.1:2528_rcpt");
    }

    @Test
    void c1AndBidiControlsFromTheServerAreEscaped() {
        // U+009B is the one-character CSI: a terminal reads "\u009b2J" as "clear screen", as it reads ESC [ 2J.
        CheckResult r = refusedAtRcpt(2529, "550 5.7.1 \u009b2J\u001b[31m \u202egnp.exe \u2066x\u2069");

        String[] parts = split(NagiosReport.render(List.of(r), WARN_ON_TRANSIENT));
        assertThat(parts[0]).endsWith("550 5.7.1 \\x9b2J\\x1b[31m \\u202egnp.exe \\u2066x\\u2069");
        assertThat(Printable.firstUnsafe(parts[0])).isNegative();
    }

    @Test
    void aLineBreakInsideAReplyLineDoesNotSplitThePluginLine() {
        // The strict reader ends a line at a bare LF, but a result may still carry one (a reply made by another front end).
        CheckResult r = refusedAtRcpt(2528, "550 5.7.1 first half\nsecond half");

        String[] parts = split(NagiosReport.render(List.of(r), WARN_ON_TRANSIENT));
        assertThat(parts[0]).isEqualTo("SMTP CRITICAL - 127.0.0.1:2528 permanent failure (5xx) at RCPT TO: 550 5.7.1 first half\\nsecond half");
        perfLabels(parts[1]);
    }
}
