package io.smtpcheck.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smtpcheck.classify.DiagnosisIds;
import io.smtpcheck.classify.Outcome;
import io.smtpcheck.reply.Reply;
import io.smtpcheck.request.CheckRequest;
import io.smtpcheck.session.CheckResult;
import io.smtpcheck.session.RecipientResult;
import io.smtpcheck.session.Transcript;
import io.smtpcheck.text.EnglishLeft;
import io.smtpcheck.text.Texts;
import io.smtpcheck.tls.AuthIntent;
import io.smtpcheck.tls.CertDays;
import io.smtpcheck.tls.TlsDecisions;
import io.smtpcheck.tls.TlsLevel;
import io.smtpcheck.tls.TlsPolicy;
import io.smtpcheck.tls.TlsResult;
import io.smtpcheck.tls.TlsStep;
import io.smtpcheck.tls.TlsTransport;
import io.smtpcheck.tls.Trust;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static io.smtpcheck.report.Results.CLASSIFIER;
import static io.smtpcheck.request.Stage.BANNER;
import static io.smtpcheck.request.Stage.CONNECT;
import static io.smtpcheck.request.Stage.EHLO;
import static io.smtpcheck.request.Stage.MAIL;
import static io.smtpcheck.request.Stage.QUIT;
import static io.smtpcheck.request.Stage.RCPT;
import static io.smtpcheck.request.Stage.TLS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every report format of hand-made results (every kind of outcome, every field) in each language but English:
 * no word of the English Texts bundle may be left, apart from what the server or the JDK said.
 */
class LocalizedReportTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Why the hand-made certificate is untrusted, in OpenSSL's words as the chain evaluator gives them. */
    private static final String SELF_SIGNED = "self-signed certificate: server certificate (CN=mx1.example.test) is not in the JVM trust store";
    /** What the JDK said of a broken handshake. */
    private static final String JDK_HANDSHAKE = "Remote host terminated the handshake";
    /** 12 days before the hand-made certificate ends. */
    private static final Instant NOW = Instant.parse("2025-03-20T00:00:00Z");

    /** One result of each kind, in {@code locale}, with the notes a session writes in that language. */
    private static List<CheckResult> results(Locale locale) {
        Texts texts = Texts.of(locale);
        CheckRequest rcpt = Results.request(2525).locale(locale).recipient("alice@example.test").recipient("bob@example.test").build();
        CheckRequest ehlo = Results.request(2526).locale(locale).build();
        List<CheckResult> results = new ArrayList<>();
        TlsResult untrusted = Results.mx1Tls(TlsLevel.MAY, Trust.UNTRUSTED, locale, SELF_SIGNED);
        TlsStep.Proceed nearEnd = (TlsStep.Proceed) TlsDecisions.afterHandshake(TlsPolicy.DEFAULT, untrusted.report(), CertDays.parse("30"), NOW, texts);
        results.add(Results.of(rcpt).passed(RCPT, "250 2.1.5 Ok").tls(untrusted).warning(CLASSIFIER.warning(nearEnd.warnings().get(0), rcpt))
                .recipient("alice@example.test", "250 2.1.5 Ok").recipient("bob@example.test", "250 2.1.5 Ok")
                .transcript("** " + texts.get("note.trying", "127.0.0.1"), "** " + texts.get("note.connected", "127.0.0.1", "2525"),
                        "<- 220 mx1.example.test ESMTP", "-> EHLO probe.example.test", "<- 250-mx1.example.test", "<- 250-PIPELINING", "<- 250 8BITMIME",
                        "** " + untrusted.logLine(), "**   " + texts.get("note.chain", "0", "CN=mx1.example.test", "CN=Example Test CA", "2025-04-01T00:00:00Z"),
                        "**   " + texts.get("note.not-verified", untrusted.report().why(texts)), "-> QUIT", "<- 221 2.0.0 Bye", "** " + texts.get("note.closed"))
                .timed(CONNECT, BANNER, EHLO, TLS, MAIL, RCPT, QUIT).build());
        results.add(Results.of(rcpt).refusedAt(RCPT, "452 #4.5.3 Too many recipients")
                .recipient("alice@example.test", "250 2.1.5 Ok").recipient("bob@example.test", "452 #4.5.3 Too many recipients")
                .timed(CONNECT, BANNER, EHLO, MAIL, RCPT).build());
        results.add(Results.of(rcpt).refusedAt(RCPT, "554 5.7.1 <alice@example.test>: Relay access denied")
                .recipient("alice@example.test", "554 5.7.1 <alice@example.test>: Relay access denied").timed(CONNECT, BANNER, EHLO, MAIL, RCPT).build());
        results.add(Results.of(rcpt).refusedAt(BANNER, "421 #4.4.5 Too many TLS sessions.").timed(CONNECT, BANNER).build());
        results.add(Results.of(rcpt).failedAt(CONNECT, new ConnectException("Connection refused")).notConnected()
                .transcript("** " + texts.get("note.trying", "127.0.0.1"), "** " + texts.get("note.connect-failed", "127.0.0.1", "2525", "Connection refused"))
                .timed(CONNECT).build());
        results.add(Results.of(rcpt).refusedAt(MAIL, "354 go ahead").timed(CONNECT, BANNER, EHLO, MAIL).build());
        Reply greeting = Reply.of("250-mx1.example.test", "250 PIPELINING");
        CheckRequest tls = Results.request(2527).locale(locale).tlsPolicy(TlsPolicy.at(TlsLevel.ENCRYPT)).build();
        results.add(Results.of(tls).outcome(tlsFailure(TlsDecisions.beforeStartTls(tls.tlsPolicy(), false, AuthIntent.NONE, texts), greeting, tls))
                .timed(CONNECT, BANNER, EHLO).build());
        results.add(Results.of(tls).outcome(tlsFailure(TlsDecisions.afterHandshakeFailure(tls.tlsPolicy(), JDK_HANDSHAKE, AuthIntent.NONE, texts), null, tls))
                .timed(CONNECT, BANNER, EHLO, TLS).build());
        // Level may after a broken handshake: on in plaintext, with the warning and the TLS block that say so.
        CheckRequest may = Results.request(2528).locale(locale).recipient("alice@example.test").build();
        TlsStep.Plaintext fellBack = (TlsStep.Plaintext) TlsDecisions.afterHandshakeFailure(may.tlsPolicy(), JDK_HANDSHAKE, AuthIntent.NONE, texts);
        results.add(Results.of(may).passed(RCPT, "250 2.1.5 Ok").recipient("alice@example.test", "250 2.1.5 Ok")
                .tls(new TlsResult(TlsLevel.MAY, TlsTransport.STARTTLS, null, null, fellBack.warning().args().get(0)))
                .warning(CLASSIFIER.warning(fellBack.warning(), may))
                .transcript("** " + texts.get("note.handshake-fallback", JDK_HANDSHAKE)).timed(CONNECT, BANNER, EHLO, MAIL, RCPT).build());
        // Level verify: the wrong name, and an untrusted chain; credentials refused over an Untrusted connection.
        CheckRequest verify = Results.request(2529).locale(locale).tlsPolicy(TlsPolicy.at(TlsLevel.VERIFY)).build();
        TlsResult wrongName = Results.mx1Tls(TlsLevel.VERIFY, Trust.TRUSTED, locale);
        results.add(Results.of(verify).outcome(tlsFailure(TlsDecisions.afterHandshake(verify.tlsPolicy(), wrongName.report(), CertDays.NONE, NOW, texts), null, verify))
                .tls(wrongName).timed(CONNECT, BANNER, EHLO, TLS).build());
        TlsResult untrustedAtVerify = Results.mx1Tls(TlsLevel.VERIFY, Trust.UNTRUSTED, locale, SELF_SIGNED);
        results.add(Results.of(verify).outcome(tlsFailure(TlsDecisions.afterHandshake(verify.tlsPolicy(), untrustedAtVerify.report(), CertDays.NONE, NOW, texts),
                null, verify)).tls(untrustedAtVerify).timed(CONNECT, BANNER, EHLO, TLS).build());
        results.add(Results.of(verify).outcome(tlsFailure(TlsDecisions.beforeAuth(untrusted.report(), new AuthIntent(true, false, false), texts), null, verify))
                .tls(untrusted).timed(CONNECT, BANNER, EHLO, TLS).build());
        results.add(Results.of(ehlo).outcome(CLASSIFIER.expectation(EHLO, texts.get("expect.ehlo-keyword", "SMTPUTF8"), "PIPELINING, 8BITMIME",
                greeting, ehlo, DiagnosisIds.Expect.EHLO_KEYWORD, "SMTPUTF8")).timed(CONNECT, BANNER, EHLO).build());
        TlsStep.Unmet critical = (TlsStep.Unmet) CertDays.parse("30,14").evaluate(untrusted.report(), NOW, texts);
        results.add(Results.of(ehlo).outcome(CLASSIFIER.expectation(TLS, critical.expectation(), critical.actual(), null, ehlo,
                critical.problem().diagnosisId(), critical.problem().args().toArray())).tls(untrusted).timed(CONNECT, BANNER, EHLO, TLS).build());
        return results;
    }

    /** The TLS failure the TLS or AUTH stage makes of a decision that stops the check. */
    private static Outcome tlsFailure(TlsStep step, Reply reply, CheckRequest request) {
        return CLASSIFIER.tlsFailure(TLS, ((TlsStep.Stop) step).problem(), reply, request);
    }

    /** What the server and the JDK said, and the catalog's diagnoses (checked by the catalog's own tests): not the report's words. */
    private static List<String> data(List<CheckResult> results) {
        List<String> data = new ArrayList<>(List.of(JDK_HANDSHAKE));
        for (CheckResult r : results) {
            Outcome o = r.outcome();
            data.add(r.target());
            if (o.reply() != null) {
                data.addAll(o.reply().lines());
            }
            for (RecipientResult rr : r.recipients()) {
                data.add(rr.address());
                data.addAll(rr.reply().lines());
            }
            r.transcript().lines().stream().filter(l -> l.direction() != Transcript.Direction.NOTE).map(Transcript.Line::text).forEach(data::add);
            data.addAll(List.of(o.diagnosis().summary(), o.diagnosis().explanation(), o.diagnosis().remedy()));
            if (o instanceof Outcome.NetworkFailure n) {
                data.add(n.detail());
            }
            if (r.tls() != null && r.tls().report() != null) {
                // The chain's own words: names, subjects, the suite, the trust anchors, and why it is untrusted in OpenSSL's words.
                var report = r.tls().report();
                data.addAll(List.of(report.cipherSuite(), report.trustSource()));
                data.addAll(report.problems());
                data.addAll(report.wantedNames());
                data.addAll(report.certificateNames());
                report.chain().forEach(c -> data.addAll(List.of(c.subject(), c.issuer())));
            }
        }
        return data;
    }

    @ParameterizedTest
    @ValueSource(strings = {"fr", "ru", "ja", "ar"})
    void noEnglishWordIsLeftInAnyFormat(String language) throws Exception {
        Locale locale = Locale.forLanguageTag(language);
        List<CheckResult> results = results(locale);
        List<String> data = data(results);
        BuildPolicy policy = BuildPolicy.STRICT;
        Map<String, String> renderings = new TreeMap<>();
        renderings.put("text", TextReport.render(results, true));
        renderings.put("json", jsonHumanText(JsonReport.render(results)));
        renderings.put("junit", junitHumanText(JunitXmlReport.render(results, policy)));
        renderings.put("junit tolerated", junitHumanText(JunitXmlReport.render(results, new BuildPolicy(false, false))));
        String nagios = NagiosReport.render(results, policy);
        // The status line without its perfdata, and the long output (each TLS session's log line).
        String status = nagios.lines().findFirst().orElseThrow();
        renderings.put("nagios", status.substring(status.indexOf(" - ") + 3, status.lastIndexOf(" | ")) + "\n" + nagios.substring(status.length()));

        for (Map.Entry<String, String> r : renderings.entrySet()) {
            assertThat(EnglishLeft.in(r.getValue(), locale, data)).as("English left in the %s report in %s:%n%s", r.getKey(), language, r.getValue()).isEmpty();
        }
        // The machine-readable values stay as scripts read them, whatever the language.
        JsonNode outcome = JSON.readTree(JsonReport.render(results)).get("results").get(1).get("outcome");
        assertThat(outcome.get("kind").asText()).isEqualTo("transient");
        assertThat(outcome.get("stage").asText()).isEqualTo("RCPT");
        assertThat(outcome.get("diagnosis").get("id").asText()).isEqualTo("smtp.too-many-recipients");
        assertThat(nagios).startsWith("SMTP CRITICAL - ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"fr", "ru", "ja", "ar"})
    void theTextReportReadsAsInEnglishWithTheWordsTranslated(String language) {
        Locale locale = Locale.forLanguageTag(language);
        CheckResult english = results(Locale.ENGLISH).get(1);
        CheckResult localized = results(locale).get(1);
        List<String> en = TextReport.render(english, false).lines().toList();
        List<String> other = TextReport.render(localized, false).lines().toList();

        assertThat(other).hasSameSizeAs(en);
        assertThat(other.get(0)).startsWith(Texts.of(locale).get("verdict.TRANSIENT") + "  127.0.0.1:2525: ")
                .contains("RCPT TO").doesNotContain("TRANSIENT", "transient", " at ");
        assertThat(other.get(1)).as("the reply as the server wrote it, its ESA form shown").contains("452 #4.5.3 Too many recipients", "4.5.3", "ESA #4.5.3");
        // The values line up under the longest label of the language, as a terminal shows them (a CJK character takes two
        // columns); the warning label and the lines that continue the TLS field (no label) included.
        List<String> fields = new ArrayList<>(other.subList(1, other.size()));
        List<String> passed = TextReport.render(results(locale).get(0), false).lines().toList();
        assertThat(passed.get(1)).startsWith("  " + Texts.of(locale).get("label.warning"));
        assertThat(passed).filteredOn(line -> line.startsWith("   ")).hasSize(3);
        fields.addAll(passed.subList(1, passed.size()));
        Set<Integer> columns = new HashSet<>();
        for (String line : fields) {
            int value = line.startsWith("   ") ? 0 : line.indexOf(':') + 1;
            while (line.charAt(value) == ' ') {
                value++;
            }
            columns.add(TextReport.columns(line.substring(0, value)));
        }
        assertThat(columns).as("one column for every value").hasSize(1);
    }

    /** The JSON values meant for people (headline, detail, expectation, diagnosis, transcript): ids and keys stay English. */
    private static String jsonHumanText(String json) throws Exception {
        StringBuilder text = new StringBuilder();
        for (JsonNode result : JSON.readTree(json).get("results")) {
            JsonNode outcome = result.get("outcome");
            for (String field : List.of("headline", "detail", "expected", "found")) {
                if (outcome.has(field)) {
                    text.append(outcome.get(field).asText()).append('\n');
                }
            }
            for (String field : List.of("summary", "explanation", "remedy")) {
                text.append(outcome.get("diagnosis").get(field).asText()).append('\n');
            }
            for (JsonNode warning : result.get("warnings")) {
                for (String field : List.of("summary", "explanation", "remedy", "detail")) {
                    text.append(warning.get(field).asText()).append('\n');
                }
            }
            if (result.has("tls")) {
                for (String field : List.of("logLine", "fallback")) {
                    text.append(result.get("tls").path(field).asText("")).append('\n');
                }
            }
            result.get("transcript").forEach(line -> text.append(line.get("text").asText()).append('\n'));
        }
        return text.toString();
    }

    /** Test case names, failure and skip messages and bodies, and the transcripts: the XML markup is JUnit's. */
    private static String junitHumanText(String xml) throws Exception {
        Element suite = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))).getDocumentElement();
        StringBuilder text = new StringBuilder();
        NodeList cases = suite.getElementsByTagName("testcase");
        for (int i = 0; i < cases.getLength(); i++) {
            Element c = (Element) cases.item(i);
            text.append(c.getAttribute("name")).append('\n');
            for (Node child = c.getFirstChild(); child != null; child = child.getNextSibling()) {
                if (child instanceof Element e) {
                    text.append(e.getAttribute("message")).append('\n').append(e.getTextContent()).append('\n');
                }
            }
        }
        return text.toString();
    }
}
