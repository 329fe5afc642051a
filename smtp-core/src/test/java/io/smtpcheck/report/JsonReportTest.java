package io.smtpcheck.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smtpcheck.request.CheckRequest;
import io.smtpcheck.request.SecurityMode;
import io.smtpcheck.request.Stage;
import io.smtpcheck.request.TlsOptions;
import io.smtpcheck.session.CheckResult;
import io.smtpcheck.session.SmtpSession;
import io.smtpcheck.testkit.Action;
import io.smtpcheck.testkit.ScriptedSmtpServer;
import io.smtpcheck.testkit.TlsIdentity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The JSON report, parsed back with Jackson: every documented field, for a pass, a 4xx and a network failure. */
class JsonReportTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static CheckRequest.Builder against(ScriptedSmtpServer server) {
        return CheckRequest.builder(server.host()).port(server.port()).heloName("probe.example.test").mailFrom("probe@example.test");
    }

    private static JsonNode render(CheckResult... results) throws Exception {
        String json = JsonReport.render(List.of(results));
        assertThat(json).endsWith("}\n");
        return JSON.readTree(json);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> out = new ArrayList<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void aPassWithEveryField() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().hostname("mx1.example.test").start()) {
            CheckResult r = SmtpSession.check(against(server).recipient("alice@example.test").build());

            JsonNode root = render(r);
            assertThat(root.get("tool").asText()).isEqualTo("smtp-check");
            assertThat(root.get("verdict").asText()).isEqualTo("PASS");
            assertThat(root.get("results")).hasSize(1);

            JsonNode result = root.get("results").get(0);
            assertThat(result.get("target").asText()).isEqualTo("127.0.0.1:" + server.port());
            assertThat(result.get("address").asText()).isEqualTo("127.0.0.1");
            assertThat(result.get("verdict").asText()).isEqualTo("PASS");
            assertThat(result.get("stopAfter").asText()).isEqualTo("RCPT");

            JsonNode outcome = result.get("outcome");
            assertThat(outcome.get("kind").asText()).isEqualTo("passed");
            assertThat(outcome.get("stage").asText()).isEqualTo("RCPT");
            assertThat(outcome.get("headline").asText()).isEqualTo("passed up to RCPT TO");
            assertThat(outcome.has("networkKind")).isFalse();
            assertThat(outcome.get("reply").get("code").asInt()).isEqualTo(250);
            assertThat(outcome.get("reply").get("enhancedCode").asText()).isEqualTo("2.1.5");
            assertThat(outcome.get("reply").get("esaCode").asText()).isEqualTo("#2.1.5");
            assertThat(outcome.get("reply").get("text").asText()).isEqualTo("2.1.5 Ok");
            assertThat(texts(outcome.get("reply").get("lines"))).containsExactly("250 2.1.5 Ok");
            JsonNode diagnosis = outcome.get("diagnosis");
            assertThat(diagnosis.get("id").asText()).isEqualTo("passed");
            assertThat(diagnosis.get("summary").asText()).isEqualTo("The listener accepted the exchange up to RCPT TO.");
            assertThat(diagnosis.get("explanation").asText()).isNotBlank();
            assertThat(diagnosis.get("remedy").asText()).isEqualTo("Nothing to do.");

            JsonNode timings = result.get("timingsMillis");
            assertThat(fieldNames(timings)).containsExactly("CONNECT", "BANNER", "EHLO", "MAIL", "RCPT", "QUIT");
            timings.forEach(t -> assertThat(t.isIntegralNumber() && t.asLong() >= 0).as("timing %s", t).isTrue());
            assertThat(result.get("elapsedMillis").isIntegralNumber()).isTrue();
            assertThat(result.get("elapsedMillis").asLong()).isEqualTo(r.elapsedMillis());
            assertThat(Instant.parse(result.get("startedAt").asText())).isEqualTo(r.startedAt());

            assertThat(texts(result.get("capabilities"))).containsExactly("PIPELINING", "SIZE 10240000", "8BITMIME");
            assertThat(result.has("tls")).as("no TLS was offered, so no tls object").isFalse();

            assertThat(result.get("recipients")).hasSize(1);
            JsonNode rcpt = result.get("recipients").get(0);
            assertThat(rcpt.get("address").asText()).isEqualTo("alice@example.test");
            assertThat(rcpt.get("accepted").asBoolean()).isTrue();
            assertThat(rcpt.get("reply").get("code").asInt()).isEqualTo(250);

            JsonNode transcript = result.get("transcript");
            List<String> lines = new ArrayList<>();
            transcript.forEach(l -> {
                assertThat(l.get("atMillis").isIntegralNumber()).isTrue();
                lines.add(l.get("direction").asText() + " " + l.get("text").asText());
            });
            assertThat(lines).startsWith("** Trying 127.0.0.1...")
                    .contains("<- 220 mx1.example.test ESMTP smtp-testkit", "-> EHLO probe.example.test",
                            "-> MAIL FROM:<probe@example.test>", "-> RCPT TO:<alice@example.test>", "<- 250 2.1.5 Ok",
                            "-> QUIT", "<- 221 2.0.0 Bye")
                    .endsWith("** Connection closed.");
        }
    }

    @Test
    void aTransientFailureWithAnEsaEnhancedCode() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder()
                .on("RCPT", Action.reply("250 2.1.5 Ok"), Action.reply("452 #4.5.3 Too many recipients"))
                .start()) {
            CheckResult r = SmtpSession.check(against(server).recipient("alice@example.test").recipient("bob@example.test").build());

            JsonNode root = render(r);
            assertThat(root.get("verdict").asText()).isEqualTo("TRANSIENT");
            JsonNode result = root.get("results").get(0);
            assertThat(result.get("verdict").asText()).isEqualTo("TRANSIENT");

            JsonNode outcome = result.get("outcome");
            assertThat(outcome.get("kind").asText()).isEqualTo("transient");
            assertThat(outcome.get("stage").asText()).isEqualTo("RCPT");
            assertThat(outcome.get("headline").asText()).isEqualTo("transient failure (4xx) at RCPT TO");
            JsonNode reply = outcome.get("reply");
            assertThat(reply.get("code").asInt()).isEqualTo(452);
            assertThat(reply.get("enhancedCode").asText()).isEqualTo("4.5.3");
            assertThat(reply.get("esaCode").asText()).isEqualTo("#4.5.3");
            assertThat(reply.get("text").asText()).isEqualTo("#4.5.3 Too many recipients");
            assertThat(texts(reply.get("lines"))).containsExactly("452 #4.5.3 Too many recipients");
            JsonNode diagnosis = outcome.get("diagnosis");
            assertThat(diagnosis.get("id").asText()).isEqualTo("smtp.too-many-recipients");
            assertThat(diagnosis.get("summary").asText()).isEqualTo("Too many recipients for one message.");
            assertThat(diagnosis.get("remedy").asText()).contains("Max. Recipients Per Message");

            JsonNode recipients = result.get("recipients");
            assertThat(recipients).hasSize(2);
            assertThat(recipients.get(0).get("address").asText()).isEqualTo("alice@example.test");
            assertThat(recipients.get(0).get("accepted").asBoolean()).isTrue();
            assertThat(recipients.get(1).get("address").asText()).isEqualTo("bob@example.test");
            assertThat(recipients.get(1).get("accepted").asBoolean()).isFalse();
            assertThat(recipients.get(1).get("reply").get("code").asInt()).isEqualTo(452);
            assertThat(recipients.get(1).get("reply").get("esaCode").asText()).isEqualTo("#4.5.3");
            assertThat(fieldNames(result.get("timingsMillis"))).contains("RCPT");
        }
    }

    @Test
    void aNetworkFailureHasNetworkKindAndNoReply() throws Exception {
        int closedPort;
        try (ScriptedSmtpServer gone = ScriptedSmtpServer.builder().start()) {
            closedPort = gone.port();
        }
        CheckResult r = SmtpSession.check(CheckRequest.builder("127.0.0.1").port(closedPort).heloName("probe.example.test").build());

        JsonNode root = render(r);
        assertThat(root.get("verdict").asText()).isEqualTo("FAIL");
        JsonNode result = root.get("results").get(0);
        assertThat(result.get("target").asText()).isEqualTo("127.0.0.1:" + closedPort);
        assertThat(result.get("address").isNull()).as("no connection was made").isTrue();
        assertThat(result.get("verdict").asText()).isEqualTo("FAIL");
        assertThat(result.get("stopAfter").asText()).isEqualTo("TLS");
        JsonNode outcome = result.get("outcome");
        assertThat(outcome.get("kind").asText()).isEqualTo("network");
        assertThat(outcome.get("stage").asText()).isEqualTo("CONNECT");
        assertThat(outcome.get("networkKind").asText()).isEqualTo("REFUSED");
        assertThat(outcome.get("detail").asText()).isEqualTo("Connection refused");
        assertThat(outcome.get("headline").asText()).isEqualTo("network failure (REFUSED) at connect");
        assertThat(outcome.has("reply")).isFalse();
        assertThat(outcome.get("diagnosis").get("id").asText()).isEqualTo("network.refused");
        assertThat(outcome.get("diagnosis").get("summary").asText()).isEqualTo("Connection refused by 127.0.0.1:" + closedPort + ".");
        assertThat(outcome.get("diagnosis").get("remedy").asText()).isNotBlank();
        assertThat(result.get("timingsMillis").isObject()).isTrue();
        assertThat(result.get("timingsMillis").fieldNames()).toIterable().as("the stage that failed has its time").containsExactly("CONNECT");
        assertThat(result.get("capabilities")).isEmpty();
        assertThat(result.get("recipients")).isEmpty();
        assertThat(result.has("tls")).isFalse();
        assertThat(result.get("transcript").get(0).get("text").asText()).isEqualTo("Trying 127.0.0.1...");
    }

    @Test
    void aServerThatHangsUpIsAClosedNetworkFailureAfterConnecting() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().banner(Action.close()).start()) {
            CheckResult r = SmtpSession.check(against(server).build());

            JsonNode outcome = render(r).get("results").get(0).get("outcome");
            assertThat(outcome.get("kind").asText()).isEqualTo("network");
            assertThat(outcome.get("networkKind").asText()).isEqualTo("CLOSED");
            assertThat(outcome.get("stage").asText()).isEqualTo("BANNER");
            assertThat(render(r).get("results").get(0).get("address").asText()).isEqualTo("127.0.0.1");
        }
    }

    @Test
    void tlsFactsOfAStartTlsSession(@TempDir Path dir) throws Exception {
        TlsIdentity identity = TlsIdentity.selfSigned("mx1.example.test", Duration.ofDays(90));
        Path ca = dir.resolve("ca.pem");
        identity.writePem(ca);
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().starttls(identity).start()) {
            CheckResult r = SmtpSession.check(against(server).security(SecurityMode.STARTTLS_REQUIRED)
                    .tls(new TlsOptions(ca.toString(), false, true)).build());

            JsonNode result = render(r).get("results").get(0);
            assertThat(result.get("verdict").asText()).isEqualTo("PASS");
            assertThat(result.get("stopAfter").asText()).isEqualTo(Stage.TLS.name());
            JsonNode tls = result.get("tls");
            assertThat(tls.get("protocol").asText()).startsWith("TLSv1.");
            assertThat(tls.get("cipherSuite").asText()).startsWith("TLS_");
            assertThat(tls.get("subject").asText()).contains("CN=mx1.example.test");
            assertThat(tls.get("issuer").asText()).contains("CN=mx1.example.test");
            assertThat(texts(tls.get("subjectAltNames"))).contains("DNS:localhost", "DNS:mx1.example.test", "IP:127.0.0.1");
            assertThat(Instant.parse(tls.get("notBefore").asText())).isBefore(Instant.now());
            assertThat(Instant.parse(tls.get("notAfter").asText())).isAfter(Instant.now().plus(Duration.ofDays(89)));
            assertThat(fieldNames(result.get("timingsMillis"))).contains("TLS");
            assertThat(texts(result.get("capabilities"))).as("capabilities after TLS").doesNotContain("STARTTLS");
        }
    }

    @Test
    void severalResultsKeepTheirOrderAndTheWorstVerdictWins() throws Exception {
        try (ScriptedSmtpServer ok = ScriptedSmtpServer.builder().start();
             ScriptedSmtpServer busy = ScriptedSmtpServer.builder().on("RCPT", Action.reply("452 #4.5.3 Too many recipients")).start()) {
            CheckResult pass = SmtpSession.check(against(ok).recipient("alice@example.test").build());
            CheckResult transient4xx = SmtpSession.check(against(busy).recipient("alice@example.test").build());

            JsonNode both = render(pass, transient4xx);
            assertThat(both.get("verdict").asText()).isEqualTo("TRANSIENT");
            assertThat(both.get("results")).extracting(n -> n.get("target").asText())
                    .containsExactly("127.0.0.1:" + ok.port(), "127.0.0.1:" + busy.port());
            assertThat(render().get("verdict").asText()).as("no results").isEqualTo("PASS");
            assertThat(render().get("results")).isEmpty();
        }
    }
}
