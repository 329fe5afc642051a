package io.smtpcheck.session;

import io.smtpcheck.request.CheckRequest;
import io.smtpcheck.request.MessageSpec;
import io.smtpcheck.request.Stage;
import io.smtpcheck.testkit.Action;
import io.smtpcheck.testkit.RecordedSession;
import io.smtpcheck.testkit.ScriptedSmtpServer;
import io.smtpcheck.testkit.TlsIdentity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import static io.smtpcheck.session.Fixtures.FAST;
import static org.assertj.core.api.Assertions.assertThat;

/** What a listener receives as EHLO argument when the request names none: a dotted name or an address literal, never a bare label. */
class EhloNameSessionTest {

    /** A fully qualified name (two labels or more, not localhost's) or the literal of the loopback address the client used. */
    private static final Pattern FQDN_OR_LITERAL = Pattern.compile("(?i)(?!localhost(\\.localdomain)?$)[a-z0-9-]+(\\.[a-z0-9-]+)+|\\[127\\.0\\.0\\.1]|\\[IPv6:::1]");

    @RegisterExtension
    final StartedServers servers = new StartedServers();

    private static CheckRequest.Builder withoutHelo(ScriptedSmtpServer server) {
        return CheckRequest.builder(server.host()).port(server.port()).recipient("user@other.com").limits(FAST);
    }

    private static RecordedSession onlySession(ScriptedSmtpServer server) {
        List<RecordedSession> sessions = server.awaitSessions(1, Duration.ofSeconds(5));
        assertThat(sessions).hasSize(1);
        return sessions.get(0);
    }

    private static String argument(String command) {
        return command.substring(command.indexOf(' ') + 1);
    }

    @Test
    void theDefaultIsAQualifiedNameOrTheLocalAddressLiteralAndStaysTheSameAfterStartTls() {
        ScriptedSmtpServer server = servers.start(ScriptedSmtpServer.builder().starttls(TlsIdentity.selfSigned("localhost", Duration.ofDays(30))));

        CheckResult r = SmtpSession.check(withoutHelo(server).build());

        assertThat(r.outcome().stage()).isEqualTo(Stage.RCPT);
        List<String> ehlos = onlySession(server).commands().stream().filter(c -> c.startsWith("EHLO ")).toList();
        assertThat(ehlos).hasSize(2);
        String name = argument(ehlos.get(0));
        assertThat(name).matches(FQDN_OR_LITERAL).doesNotContain(" ");
        assertThat(argument(ehlos.get(1))).as("the same name inside TLS").isEqualTo(name);
        assertThat(r.transcript().renderPlain()).as("the transcript shows what was sent").contains("-> EHLO " + name + "\n");
    }

    @Test
    void onIpv6LoopbackTheLiteralIsAnIpv6One() throws Exception {
        ScriptedSmtpServer server = servers.start(ScriptedSmtpServer.builder().bindAddress(InetAddress.getByName("::1")));

        SmtpSession.check(withoutHelo(server).build());

        String name = argument(onlySession(server).commands().get(0));
        assertThat(name).matches(FQDN_OR_LITERAL).isNotEqualTo("[127.0.0.1]");
    }

    @Test
    void theHeloFallbackAndTheTestMessageUseTheSameName() {
        ScriptedSmtpServer server = servers.start(ScriptedSmtpServer.builder().on("EHLO", Action.reply("502 5.5.2 Error: command not recognized")));

        SmtpSession.check(withoutHelo(server).stopAfter(Stage.DATA).message(new MessageSpec("probe", "hello")).build());

        RecordedSession session = onlySession(server);
        String name = argument(session.commands().get(0));
        assertThat(name).matches(FQDN_OR_LITERAL);
        assertThat(session.commands().get(1)).isEqualTo("HELO " + name);
        assertThat(session.messages()).singleElement().asString().contains("@" + name + ">");
    }

    @Test
    void anExplicitNameIsSentAsGivenEvenAShortOne() {
        ScriptedSmtpServer server = servers.start(ScriptedSmtpServer.builder());

        SmtpSession.check(withoutHelo(server).heloName("vm").build());

        assertThat(onlySession(server).commands().get(0)).isEqualTo("EHLO vm");
    }
}
