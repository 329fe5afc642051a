package io.smtpcheck.session;

import io.smtpcheck.classify.Outcome;
import io.smtpcheck.report.JsonReport;
import io.smtpcheck.report.TextReport;
import io.smtpcheck.request.Expectations;
import io.smtpcheck.testkit.Action;
import io.smtpcheck.testkit.ScriptedSmtpServer;
import io.smtpcheck.testkit.TlsIdentity;
import io.smtpcheck.text.EnglishLeft;
import io.smtpcheck.text.Texts;
import io.smtpcheck.tls.CertDays;
import io.smtpcheck.tls.TlsLevel;
import io.smtpcheck.tls.TlsPolicy;
import io.smtpcheck.tls.TlsReport;
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

/**
 * The notes a real session writes (connect, TLS as Postfix logs it with the chain, a fallback to plaintext, HELO fallback,
 * close), its TLS failures and warnings, and its reports, in each language but English.
 */
class LocalizedSessionTest {

    @RegisterExtension
    final StartedServers servers = new StartedServers();

    @ParameterizedTest
    @ValueSource(strings = {"fr", "ru", "ja", "ar"})
    void theNotesAndReportsOfRealSessionsHaveNoEnglishWordLeft(String language) throws Exception {
        Locale locale = Locale.forLanguageTag(language);
        ScriptedSmtpServer plain = servers.start(ScriptedSmtpServer.builder().on("EHLO", Action.reply("502 5.5.2 Error: command not recognized")));
        ScriptedSmtpServer tls = servers.start(ScriptedSmtpServer.builder().starttls(TlsIdentity.selfSigned("localhost", Duration.ofDays(30))));
        ScriptedSmtpServer refusesTls = servers.start(ScriptedSmtpServer.builder().starttls(TlsIdentity.selfSigned("localhost", Duration.ofDays(30)))
                .on("STARTTLS", Action.reply("454 4.7.0 TLS not available due to local problem")));
        ScriptedSmtpServer noTls = servers.start(ScriptedSmtpServer.builder());
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        List<CheckResult> results = List.of(
                SmtpSession.check(against(plain).locale(locale).recipient("user@other.com").build()),
                // Level may: an Untrusted self-signed certificate, its chain, and a warning that it ends within 60 days.
                SmtpSession.check(against(tls).locale(locale).recipient("user@other.com")
                        .expectations(new Expectations(null, List.of(), CertDays.parse("60"))).build()),
                SmtpSession.check(against(refusesTls).locale(locale).recipient("user@other.com").build()),
                SmtpSession.check(against(tls).locale(locale).tlsPolicy(TlsPolicy.at(TlsLevel.VERIFY)).recipient("user@other.com").build()),
                SmtpSession.check(against(noTls).locale(locale).tlsPolicy(TlsPolicy.at(TlsLevel.ENCRYPT)).build()),
                SmtpSession.check(against(noTls).locale(locale).build()),
                SmtpSession.check(against(plain).port(closedPort).locale(locale).tlsPolicy(TlsPolicy.at(TlsLevel.NONE)).build()));

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
            if (r.tls() != null && r.tls().report() != null) {
                // The certificate's names and dates, and why it is untrusted in OpenSSL's words, are the chain's, not the report's.
                TlsReport report = r.tls().report();
                data.addAll(List.of(report.cipherSuite(), report.protocol(), report.trustSource()));
                data.addAll(report.problems());
                report.chain().forEach(c -> data.addAll(List.of(c.subject(), c.issuer())));
            }
        }
        Texts texts = Texts.of(locale);
        assertThat(results).extracting(r -> r.outcome().kind()).containsExactly("passed", "passed", "passed", "tls", "tls", "passed", "network");
        assertThat(results.get(1).warnings()).extracting(w -> w.diagnosis().id()).containsExactly("tls.cert-days-warn");
        assertThat(results.get(1).warnings().get(0).detail()).contains(texts.get("tls.server-certificate", "CN=localhost"));
        assertThat(results.get(2).warnings()).extracting(w -> w.diagnosis().id()).containsExactly("tls.fallback");
        assertThat(results.get(2).tls().fallback()).isEqualTo(texts.get("tls.starttls-refused", "454 4.7.0 TLS not available due to local problem"));
        // Each kind of note was written: trying, connected, HELO fallback, TLS established with its chain and why it is not
        // verified, STARTTLS refused, no STARTTLS, connect failed, closed, folded.
        assertThat(notes).hasSizeGreaterThanOrEqualTo(30).anyMatch(n -> n.startsWith("Untrusted"))
                .contains("  " + texts.get("note.not-verified", results.get(1).tls().report().why(texts)), texts.get("note.starttls-refused"));
        // A JDK message ("Connection refused") is quoted as the JDK wrote it: only the note's own words count.
        assertThat(EnglishLeft.in(String.join("\n", notes), locale, data)).as("notes in %s: %s", language, notes).isEmpty();
        String text = TextReport.render(results, true);
        assertThat(EnglishLeft.in(text, locale, data)).as("the text report in %s:%n%s", language, text).isEmpty();
        assertThat(text).contains(texts.get("label.warning"), texts.get("report.tls-names",
                        String.join(", ", results.get(1).tls().report().certificateNames()), texts.or(results.get(1).tls().report().wantedNames())),
                texts.get("report.tls-level", texts.get("report.tls-fallback", results.get(2).tls().fallback()), "may"));
        assertThat(JsonReport.render(results)).contains("\"kind\" : \"passed\"", "\"kind\" : \"network\"");
    }
}
