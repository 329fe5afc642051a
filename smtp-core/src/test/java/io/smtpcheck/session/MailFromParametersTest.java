package io.smtpcheck.session;

import io.smtpcheck.classify.Outcome;
import io.smtpcheck.request.MessageSpec;
import io.smtpcheck.request.Stage;
import io.smtpcheck.testkit.Action;
import io.smtpcheck.testkit.ScriptedSmtpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.smtpcheck.session.Fixtures.against;
import static org.assertj.core.api.Assertions.assertThat;

/** The MAIL FROM parameters a sending MTA adds for what the server advertises (RFC 1870, 6152, 6531). */
class MailFromParametersTest {

    @RegisterExtension
    final StartedServers servers = new StartedServers();

    private ScriptedSmtpServer advertising(String... keywords) {
        String[] ehlo = new String[keywords.length + 1];
        ehlo[0] = "250-mx.example.test";
        for (int i = 0; i < keywords.length; i++) {
            ehlo[i + 1] = (i == keywords.length - 1 ? "250 " : "250-") + keywords[i];
        }
        return servers.start(ScriptedSmtpServer.builder().on("EHLO", Action.reply(ehlo)));
    }

    private static String mailCommand(ScriptedSmtpServer server) {
        return server.received().stream().filter(l -> l.startsWith("MAIL ")).findFirst().orElseThrow();
    }

    @Test
    void theSizeOfTheMessageThatDataSendsIsDeclared() {
        ScriptedSmtpServer server = advertising("SIZE 10240000", "8BITMIME");

        var r = SmtpSession.check(against(server).recipient("a@example.test").stopAfter(Stage.DATA)
                .message(new MessageSpec("size", ".dot line\nsecond\n")).build());

        assertThat(r.outcome()).isInstanceOf(Outcome.Passed.class);
        String mail = mailCommand(server);
        assertThat(mail).matches("MAIL FROM:<test@test.com> SIZE=\\d+");
        // What arrived after DATA, without the final dot and with the doubled dot undone, is what SIZE counted.
        List<String> lines = server.received();
        List<String> body = lines.subList(lines.indexOf("DATA") + 1, lines.lastIndexOf("."));
        long octets = body.stream().map(l -> l.startsWith("..") ? l.substring(1) : l)
                .mapToLong(l -> l.getBytes(StandardCharsets.UTF_8).length + 2L).sum();
        assertThat(Long.parseLong(mail.substring(mail.indexOf("SIZE=") + 5))).isEqualTo(octets);
        assertThat(mail).doesNotContain("BODY=");
    }

    @Test
    void anEightBitBodyIsDeclaredWhenTheServerTakesIt() {
        ScriptedSmtpServer server = advertising("SIZE", "8BITMIME");

        SmtpSession.check(against(server).recipient("a@example.test").stopAfter(Stage.DATA)
                .message(new MessageSpec("8bit", "Grüße, привет\n")).build());

        assertThat(mailCommand(server)).contains(" BODY=8BITMIME").contains(" SIZE=");
        assertThat(server.received()).contains("Content-Type: text/plain; charset=UTF-8");
    }

    @Test
    void nothingIsDeclaredThatTheServerDoesNotAdvertiseOrWhenNoMessageFollows() {
        ScriptedSmtpServer plain = advertising("PIPELINING");
        SmtpSession.check(against(plain).recipient("a@example.test").stopAfter(Stage.DATA)
                .message(new MessageSpec("8bit", "Grüße\n")).build());
        assertThat(mailCommand(plain)).isEqualTo("MAIL FROM:<test@test.com>");

        ScriptedSmtpServer sized = advertising("SIZE 1000");
        SmtpSession.check(against(sized).recipient("a@example.test").build());
        assertThat(mailCommand(sized)).isEqualTo("MAIL FROM:<test@test.com>");
    }

    @Test
    void anAddressThatIsNotAsciiAsksForSmtputf8WhenOffered() {
        ScriptedSmtpServer server = advertising("SMTPUTF8");

        SmtpSession.check(against(server).recipient("ünïcode@example.test").build());

        assertThat(mailCommand(server)).isEqualTo("MAIL FROM:<test@test.com> SMTPUTF8");
    }
}
