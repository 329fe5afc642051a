package io.smtpcheck.session;

import io.smtpcheck.classify.Outcome;
import io.smtpcheck.report.JsonReport;
import io.smtpcheck.report.TextReport;
import io.smtpcheck.request.SecurityMode;
import io.smtpcheck.request.TlsOptions;
import io.smtpcheck.testkit.Action;
import io.smtpcheck.testkit.ScriptedSmtpServer;
import io.smtpcheck.testkit.TlsIdentity;
import io.smtpcheck.text.EnglishLeft;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static io.smtpcheck.session.Fixtures.against;
import static org.assertj.core.api.Assertions.assertThat;

/** The notes a real session writes (connect, TLS, HELO fallback, close) and its reports, in each language but English. */
class LocalizedSessionTest {

    @RegisterExtension
    final StartedServers servers = new StartedServers();

    @ParameterizedTest
    @ValueSource(strings = {"fr", "ru", "ja", "ar"})
    void theNotesAndReportsOfRealSessionsHaveNoEnglishWordLeft(String language) throws Exception {
        Locale locale = Locale.forLanguageTag(language);
        ScriptedSmtpServer plain = servers.start(ScriptedSmtpServer.builder().on("EHLO", Action.reply("502 5.5.2 Error: command not recognized")));
        ScriptedSmtpServer tls = servers.start(ScriptedSmtpServer.builder().starttls(TlsIdentity.selfSigned("localhost", Duration.ofDays(30))));
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        List<CheckResult> results = List.of(
                SmtpSession.check(against(plain).locale(locale).recipient("user@other.com").build()),
                SmtpSession.check(against(tls).locale(locale).recipient("user@other.com").tls(new TlsOptions(null, true, false)).build()),
                SmtpSession.check(against(servers.start(ScriptedSmtpServer.builder())).locale(locale).build()),
                SmtpSession.check(against(plain).port(closedPort).locale(locale).security(SecurityMode.NONE).build()));

        List<String> notes = new ArrayList<>();
        List<String> data = new ArrayList<>();
        for (CheckResult r : results) {
            for (Transcript.Line line : r.transcript().withCapabilitiesFolded(locale).lines()) {
                (line.direction() == Transcript.Direction.NOTE ? notes : data).add(line.text());
            }
            data.addAll(List.of(r.outcome().diagnosis().summary(), r.outcome().diagnosis().explanation(), r.outcome().diagnosis().remedy()));
            if (r.outcome() instanceof Outcome.NetworkFailure n) {
                data.add(n.detail());
            }
            if (r.tls() != null) {
                data.addAll(List.of(r.tls().subject(), r.tls().cipherSuite(), r.tls().protocol()));
            }
        }
        // Each kind of note was written: trying, connected, HELO fallback, TLS established, no STARTTLS, connect failed, closed, folded.
        assertThat(notes).hasSizeGreaterThanOrEqualTo(14);
        // A JDK message ("Connection refused") is quoted as the JDK wrote it: only the note's own words count.
        assertThat(EnglishLeft.in(String.join("\n", notes), locale, data)).as("notes in %s: %s", language, notes).isEmpty();
        assertThat(EnglishLeft.in(TextReport.render(results, true), locale, data)).as("the text report in %s", language).isEmpty();
        assertThat(JsonReport.render(results)).contains("\"kind\" : \"passed\"", "\"kind\" : \"network\"");
    }
}
