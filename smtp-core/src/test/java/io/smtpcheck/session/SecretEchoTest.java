package io.smtpcheck.session;

import io.smtpcheck.classify.Verdict;
import io.smtpcheck.redact.SecretForms;
import io.smtpcheck.report.EveryFormat;
import io.smtpcheck.request.AuthMechanism;
import io.smtpcheck.request.Credentials;
import io.smtpcheck.request.Stage;
import io.smtpcheck.testkit.Action;
import io.smtpcheck.testkit.ScriptedSmtpServer;
import io.smtpcheck.tls.TlsLevel;
import io.smtpcheck.tls.TlsPolicy;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server that echoes the password back in every form it could have it in (raw, base64 padded and not, URL-safe, the
 * PLAIN, LOGIN, XOAUTH2 and CRAM-MD5 blobs and their tails), after each mechanism's real exchange: in a multi-line
 * refusal, in a line that is not a reply, and in a reply before its command. No report format shows any of them.
 */
class SecretEchoTest {

    private static final String USER = "alice@example.org";
    private static final String SECRET = "Tr0ub4dor&3-horse";
    private static final String CHALLENGE = Base64.getEncoder().encodeToString("<1896.697170952@mx.example.org>".getBytes(StandardCharsets.US_ASCII));

    @RegisterExtension
    final StartedServers servers = new StartedServers();

    private enum Echo {
        REFUSAL(forms -> {
            List<String> lines = new ArrayList<>();
            forms.forEach(f -> lines.add("535-5.7.8 you sent " + f));
            lines.add("535 5.7.8 Authentication failed");
            return Action.reply(lines.toArray(String[]::new));
        }),
        NOT_A_REPLY(forms -> Action.raw(("5x5 " + String.join(" ", forms) + "\r\n").getBytes(StandardCharsets.UTF_8))),
        UNSOLICITED(forms -> Action.raw(("535 5.7.8 no\r\n250 " + String.join(" ", forms) + "\r\n").getBytes(StandardCharsets.UTF_8)));

        final Function<List<String>, Action> action;

        Echo(Function<List<String>, Action> action) {
            this.action = action;
        }
    }

    /** What the client sends for the mechanism and the forms a server could echo from it. */
    private static List<String> forms(AuthMechanism mechanism) throws Exception {
        List<String> forms = new ArrayList<>(SecretForms.of(USER, SECRET));
        if (mechanism == AuthMechanism.CRAM_MD5) {
            forms.add(cramDigest());
            forms.addAll(SecretForms.encodings((USER + " " + cramDigest()).getBytes(StandardCharsets.UTF_8)));
        }
        // A part of a blob: its second half, which carries the secret (it comes last in every blob).
        new ArrayList<>(forms).stream().filter(f -> f.length() >= 24).forEach(f -> forms.add(f.substring(f.length() / 2)));
        return forms;
    }

    private static String cramDigest() throws Exception {
        Mac hmac = Mac.getInstance("HmacMD5");
        hmac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacMD5"));
        return HexFormat.of().formatHex(hmac.doFinal(Base64.getDecoder().decode(CHALLENGE)));
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The mechanism's real exchange up to the client's last response, which gets {@code echo}. */
    private static ScriptedSmtpServer.Builder server(AuthMechanism mechanism, Action echo) throws Exception {
        ScriptedSmtpServer.Builder server = ScriptedSmtpServer.builder()
                .on("EHLO", Action.reply("250-mx.example.org", "250 AUTH " + mechanism.saslName()));
        return switch (mechanism) {
            case PLAIN -> server.on("AUTH", Action.reply("334 ")).on(b64("\0" + USER + "\0" + SECRET), echo);
            case XOAUTH2 -> server.on("AUTH", echo);
            case LOGIN -> server.on("AUTH", Action.reply("334 VXNlcm5hbWU6")).on(b64(USER), Action.reply("334 UGFzc3dvcmQ6")).on(b64(SECRET), echo);
            case CRAM_MD5 -> server.on("AUTH", Action.reply("334 " + CHALLENGE)).on(b64(USER + " " + cramDigest()), echo);
        };
    }

    @ParameterizedTest
    @EnumSource(AuthMechanism.class)
    void noReportShowsTheSecretInAnyFormTheServerEchoes(AuthMechanism mechanism) throws Exception {
        List<String> forms = forms(mechanism);
        for (Echo echo : Echo.values()) {
            ScriptedSmtpServer server = servers.start(server(mechanism, echo.action.apply(forms)));

            CheckResult r = SmtpSession.check(Fixtures.against(server).tlsPolicy(TlsPolicy.at(TlsLevel.NONE)).allowPlaintextAuth(true)
                    .credentials(new Credentials(USER, SECRET, mechanism)).build());

            assertThat(r.outcome().stage()).as("%s %s: %s", mechanism, echo, r.outcome()).isEqualTo(Stage.AUTH);
            assertThat(r.outcome().verdict()).isNotEqualTo(Verdict.PASS);
            // The echo reached the client: the server got the mechanism's last response.
            assertThat(server.received()).as("the exchange reached the echo").anyMatch(line -> forms.contains(line.substring(line.lastIndexOf(' ') + 1)));
            for (Map.Entry<String, String> shown : EveryFormat.of(r).entrySet()) {
                for (String form : forms) {
                    assertThat(shown.getValue()).as("%s %s in %s", mechanism, echo, shown.getKey())
                            .doesNotContain(form, form.replace("&", "&amp;"), form.replace("&", "\\u0026"));
                }
            }
        }
    }
}
