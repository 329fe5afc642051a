package io.smtpcheck.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smtpcheck.classify.DiagnosisIds;
import io.smtpcheck.classify.Outcome;
import io.smtpcheck.reply.Reply;
import io.smtpcheck.request.CheckRequest;
import io.smtpcheck.request.SecurityMode;
import io.smtpcheck.session.CheckResult;
import io.smtpcheck.session.RecipientResult;
import io.smtpcheck.session.Transcript;
import io.smtpcheck.text.EnglishLeft;
import io.smtpcheck.text.Texts;
import io.smtpcheck.tls.TlsFacts;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.net.ssl.SSLHandshakeException;
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
    private static final TlsFacts CERT = new TlsFacts("TLSv1.3", "TLS_AES_256_GCM_SHA384", "CN=mx1.example.test", "CN=mx1.example.test",
            List.of("DNS:mx1.example.test"), Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2025-04-01T00:00:00Z"));

    /** One result of each kind, in {@code locale}, with the notes a session writes in that language. */
    private static List<CheckResult> results(Locale locale) {
        Texts texts = Texts.of(locale);
        CheckRequest rcpt = Results.request(2525).locale(locale).recipient("alice@example.test").recipient("bob@example.test").build();
        CheckRequest ehlo = Results.request(2526).locale(locale).build();
        List<CheckResult> results = new ArrayList<>();
        results.add(Results.of(rcpt).passed(RCPT, "250 2.1.5 Ok").tls(CERT)
                .recipient("alice@example.test", "250 2.1.5 Ok").recipient("bob@example.test", "250 2.1.5 Ok")
                .transcript("** " + texts.get("note.trying", "127.0.0.1"), "** " + texts.get("note.connected", "127.0.0.1", "2525"),
                        "<- 220 mx1.example.test ESMTP", "-> EHLO probe.example.test", "<- 250-mx1.example.test", "<- 250-PIPELINING", "<- 250 8BITMIME",
                        "** " + texts.get("note.starttls-not-offered"), "-> QUIT", "<- 221 2.0.0 Bye", "** " + texts.get("note.closed"))
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
        CheckRequest tls = Results.request(2527).locale(locale).security(SecurityMode.STARTTLS_REQUIRED).build();
        results.add(Results.of(tls).outcome(CLASSIFIER.tlsNotOffered(greeting, tls)).timed(CONNECT, BANNER, EHLO).build());
        results.add(Results.of(tls).outcome(CLASSIFIER.failure(TLS, new SSLHandshakeException("PKIX path building failed"), tls))
                .tls(new TlsFacts(null, null, CERT.subject(), CERT.issuer(), CERT.subjectAltNames(), CERT.notBefore(), CERT.notAfter()))
                .timed(CONNECT, BANNER, EHLO, TLS).build());
        results.add(Results.of(ehlo).outcome(CLASSIFIER.expectation(EHLO, texts.get("expect.ehlo-keyword", "SMTPUTF8"), "PIPELINING, 8BITMIME",
                greeting, ehlo, DiagnosisIds.Expect.EHLO_KEYWORD, "SMTPUTF8")).timed(CONNECT, BANNER, EHLO).build());
        results.add(Results.of(ehlo).outcome(CLASSIFIER.expectation(TLS, texts.get("expect.cert-days", "30"), texts.get("expect.days-left", "12"),
                null, ehlo, DiagnosisIds.Expect.CERT_DAYS, "12", "30")).tls(CERT).timed(CONNECT, BANNER, EHLO, TLS).build());
        return results;
    }

    /** What the server and the JDK said, and the catalog's diagnoses (checked by the catalog's own tests): not the report's words. */
    private static List<String> data(List<CheckResult> results) {
        List<String> data = new ArrayList<>();
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
            if (o instanceof Outcome.TlsFailure t && t.reply() == null) {
                data.add(t.detail());
            }
            if (r.tls() != null) {
                data.addAll(List.of(r.tls().subject(), String.valueOf(r.tls().cipherSuite())));
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
        renderings.put("nagios", nagios.substring(nagios.indexOf(" - ") + 3, nagios.lastIndexOf(" | ")));

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
        // The values line up under the longest label of the language, as a terminal shows them (a CJK character takes two columns).
        List<String> fields = new ArrayList<>(other.subList(1, other.size()));
        List<String> passed = TextReport.render(results(locale).get(0), false).lines().toList();
        fields.addAll(passed.subList(1, passed.size()));
        Set<Integer> columns = new HashSet<>();
        for (String line : fields) {
            int value = line.indexOf(':') + 1;
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
