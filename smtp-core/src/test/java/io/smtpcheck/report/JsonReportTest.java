package io.smtpcheck.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smtpcheck.session.CheckResult;
import io.smtpcheck.tls.Trust;
import io.smtpcheck.tls.TlsLevel;
import io.smtpcheck.tls.TlsPolicy;
import org.apache.commons.net.smtp.SMTPConnectionClosedException;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.smtpcheck.report.Results.request;
import static io.smtpcheck.request.Stage.BANNER;
import static io.smtpcheck.request.Stage.CONNECT;
import static io.smtpcheck.request.Stage.EHLO;
import static io.smtpcheck.request.Stage.MAIL;
import static io.smtpcheck.request.Stage.QUIT;
import static io.smtpcheck.request.Stage.RCPT;
import static io.smtpcheck.request.Stage.TLS;
import static org.assertj.core.api.Assertions.assertThat;

/** The JSON report, parsed back with Jackson: every documented field, for a pass, a 4xx and a network failure. */
class JsonReportTest {

    private static final ObjectMapper JSON = new ObjectMapper();

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

    private static CheckResult passAtRcpt(int port) {
        return Results.of(request(port).recipient("alice@example.test").build())
                .passed(RCPT, "250 2.1.5 Ok").recipient("alice@example.test", "250 2.1.5 Ok")
                .capabilities("PIPELINING", "SIZE 10240000", "8BITMIME")
                .transcript("** Trying 127.0.0.1...", "** Connected to 127.0.0.1 port " + port + ".", "<- 220 mx1.example.test ESMTP smtp-testkit",
                        "-> EHLO probe.example.test", "<- 250-mx1.example.test", "<- 250-PIPELINING", "<- 250-SIZE 10240000", "<- 250 8BITMIME",
                        "-> MAIL FROM:<probe@example.test>", "<- 250 2.1.0 Ok", "-> RCPT TO:<alice@example.test>", "<- 250 2.1.5 Ok",
                        "-> QUIT", "<- 221 2.0.0 Bye", "** Connection closed.")
                .timed(CONNECT, BANNER, EHLO, MAIL, RCPT, QUIT).build();
    }

    @Test
    void aPassWithEveryField() throws Exception {
        CheckResult r = passAtRcpt(2525);

        JsonNode root = render(r);
        assertThat(root.get("tool").asText()).isEqualTo("smtp-check");
        assertThat(root.get("verdict").asText()).isEqualTo("PASS");
        assertThat(root.get("results")).hasSize(1);

        JsonNode result = root.get("results").get(0);
        assertThat(result.get("target").asText()).isEqualTo("127.0.0.1:2525");
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

        assertThat(result.get("timingsMillis")).isEqualTo(JSON.readTree("{\"CONNECT\":1,\"BANNER\":2,\"EHLO\":3,\"MAIL\":4,\"RCPT\":5,\"QUIT\":6}"));
        assertThat(result.get("elapsedMillis").isIntegralNumber()).isTrue();
        assertThat(result.get("elapsedMillis").asLong()).isEqualTo(22);
        assertThat(result.get("startedAt").asText()).isEqualTo("2025-03-01T09:30:00.125Z");

        assertThat(texts(result.get("capabilities"))).containsExactly("PIPELINING", "SIZE 10240000", "8BITMIME");
        assertThat(result.has("tls")).as("no TLS was offered, so no tls object").isFalse();

        assertThat(result.get("recipients")).hasSize(1);
        JsonNode rcpt = result.get("recipients").get(0);
        assertThat(rcpt.get("address").asText()).isEqualTo("alice@example.test");
        assertThat(rcpt.get("accepted").asBoolean()).isTrue();
        assertThat(rcpt.get("reply").get("code").asInt()).isEqualTo(250);

        List<String> lines = new ArrayList<>();
        List<Long> at = new ArrayList<>();
        result.get("transcript").forEach(l -> {
            assertThat(l.get("atMillis").isIntegralNumber()).isTrue();
            at.add(l.get("atMillis").asLong());
            lines.add(l.get("direction").asText() + " " + l.get("text").asText());
        });
        assertThat(lines).hasSize(r.transcript().lines().size()).startsWith("** Trying 127.0.0.1...")
                .contains("<- 220 mx1.example.test ESMTP smtp-testkit", "-> EHLO probe.example.test",
                        "-> MAIL FROM:<probe@example.test>", "-> RCPT TO:<alice@example.test>", "<- 250 2.1.5 Ok", "-> QUIT", "<- 221 2.0.0 Bye")
                .endsWith("** Connection closed.");
        assertThat(at).startsWith(0L, 1L, 2L);
    }

    @Test
    void aTransientFailureWithAnEsaEnhancedCode() throws Exception {
        CheckResult r = Results.of(request(2525).recipient("alice@example.test").recipient("bob@example.test").build())
                .refusedAt(RCPT, "452 #4.5.3 Too many recipients")
                .recipient("alice@example.test", "250 2.1.5 Ok").recipient("bob@example.test", "452 #4.5.3 Too many recipients")
                .timed(CONNECT, BANNER, EHLO, MAIL, RCPT, QUIT).build();

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

    @Test
    void aNetworkFailureHasNetworkKindAndNoReply() throws Exception {
        CheckResult r = Results.of(request(2599).build()).failedAt(CONNECT, new ConnectException("Connection refused")).notConnected()
                .transcript("** Trying 127.0.0.1...", "** connect to 127.0.0.1 port 2599 failed: Connection refused").timed(CONNECT).build();

        JsonNode root = render(r);
        assertThat(root.get("verdict").asText()).isEqualTo("FAIL");
        JsonNode result = root.get("results").get(0);
        assertThat(result.get("target").asText()).isEqualTo("127.0.0.1:2599");
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
        assertThat(outcome.get("diagnosis").get("summary").asText()).isEqualTo("Connection refused by 127.0.0.1:2599.");
        assertThat(outcome.get("diagnosis").get("remedy").asText()).isNotBlank();
        assertThat(result.get("timingsMillis")).isEqualTo(JSON.readTree("{\"CONNECT\":1}"));
        assertThat(result.get("capabilities")).isEmpty();
        assertThat(result.get("recipients")).isEmpty();
        assertThat(result.has("tls")).isFalse();
        assertThat(result.get("transcript").get(0).get("text").asText()).isEqualTo("Trying 127.0.0.1...");
    }

    @Test
    void aConnectionClosedAfterConnectingIsAClosedNetworkFailureWithTheAddress() throws Exception {
        CheckResult r = Results.of(request(2525).build())
                .failedAt(BANNER, new SMTPConnectionClosedException("Connection closed without indication.")).timed(CONNECT, BANNER).build();

        JsonNode result = render(r).get("results").get(0);
        JsonNode outcome = result.get("outcome");
        assertThat(outcome.get("kind").asText()).isEqualTo("network");
        assertThat(outcome.get("networkKind").asText()).isEqualTo("CLOSED");
        assertThat(outcome.get("stage").asText()).isEqualTo("BANNER");
        assertThat(result.get("address").asText()).isEqualTo("127.0.0.1");
    }

    @Test
    void theTlsSessionWithItsChainAndTheWarnings() throws Exception {
        CheckResult r = Results.of(request(2525).build())
                .passed(TLS, "250-mx1.example.test", "250 8BITMIME").capabilities("8BITMIME")
                .tls(Results.mx1Tls(TlsLevel.MAY, Trust.VERIFIED))
                .warning(Results.warning("tls.cert-days-warn", "server certificate (CN=mx1.example.test) expires 2025-04-01T00:00:00Z, in 12 days "
                        + "(warning below 30)", "CN=mx1.example.test", "12", "30"))
                .timed(CONNECT, BANNER, EHLO, TLS, QUIT).build();

        JsonNode result = render(r).get("results").get(0);
        assertThat(result.get("verdict").asText()).isEqualTo("PASS");
        assertThat(result.get("stopAfter").asText()).isEqualTo("TLS");
        assertThat(result.get("tls")).isEqualTo(JSON.readTree("{\"level\":\"may\",\"transport\":\"starttls\",\"fallback\":null,"
                + "\"trust\":\"Verified\",\"postfix\":\"Trusted\","
                + "\"logLine\":\"Trusted TLS connection established to mx1.example.test[127.0.0.1]:2525: TLSv1.3 with cipher TLS_AES_256_GCM_SHA384\","
                + "\"protocol\":\"TLSv1.3\",\"cipherSuite\":\"TLS_AES_256_GCM_SHA384\",\"problems\":[],"
                + "\"wantedNames\":[\"mx1.example.test\"],\"certificateNames\":[\"DNS:mx1.example.test\"],\"matchedName\":\"mx1.example.test\","
                + "\"trustSource\":\"the JVM trust store\",\"chain\":[{\"depth\":0,\"subject\":\"CN=mx1.example.test\","
                + "\"issuer\":\"CN=Example Test CA\",\"notBefore\":\"2025-01-01T00:00:00Z\",\"notAfter\":\"2025-04-01T00:00:00Z\"}]}"));
        JsonNode warning = result.get("warnings").get(0);
        assertThat(warning.get("id").asText()).isEqualTo("tls.cert-days-warn");
        assertThat(warning.get("summary").asText()).isEqualTo("The certificate CN=mx1.example.test expires in 12 days, fewer than the warning threshold of 30.");
        assertThat(warning.get("detail").asText()).startsWith("server certificate (CN=mx1.example.test) expires");
        assertThat(fieldNames(result.get("timingsMillis"))).contains("TLS");
    }

    @Test
    void severalResultsKeepTheirOrderAndTheWorstVerdictWins() throws Exception {
        CheckResult pass = passAtRcpt(2525);
        CheckResult transient4xx = Results.of(request(2526).recipient("alice@example.test").build())
                .refusedAt(RCPT, "452 #4.5.3 Too many recipients").build();

        JsonNode both = render(pass, transient4xx);
        assertThat(both.get("verdict").asText()).isEqualTo("TRANSIENT");
        assertThat(both.get("results")).extracting(n -> n.get("target").asText()).containsExactly("127.0.0.1:2525", "127.0.0.1:2526");
        assertThat(render().get("verdict").asText()).as("no results").isEqualTo("PASS");
        assertThat(render().get("results")).isEmpty();
    }
}
