package io.smtpcheck.cli;

import io.smtpcheck.session.FaultySession;
import io.smtpcheck.testkit.ScriptedSmtpServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A bug of smtp-check inside a check is no verdict: exit 3 with one line naming target and stage, no trace. */
class InternalErrorTest {

    @Test
    void aFaultInAStageExitsThreeWithOneLine() {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().start();
             FaultySession fault = new FaultySession("injected fault")) {
            String target = server.host() + ":" + server.port();
            Cli cli = Cli.run(target, "--to", "user@other.com", "--no-transcript");

            assertThat(cli.exitCode()).isEqualTo(3);
            assertThat(cli.out()).as("no verdict is printed").doesNotContain("PASS", "FAIL", "network failure");
            assertThat(cli.err().lines()).singleElement().asString()
                    .startsWith("smtp-check: internal error: ")
                    .contains("checking " + target + " at EHLO/HELO: java.lang.NullPointerException: injected fault")
                    .endsWith("SMTP_CHECK_DEBUG=1 shows the stack trace.");
        }
    }

    @Test
    void withSeveralTargetsInParallelTheFaultStillExitsThree() {
        try (ScriptedSmtpServer a = ScriptedSmtpServer.builder().start();
             ScriptedSmtpServer b = ScriptedSmtpServer.builder().start();
             FaultySession fault = new FaultySession("injected fault")) {
            Cli cli = Cli.run(a.host() + ":" + a.port(), b.host() + ":" + b.port(), "--to", "user@other.com", "--parallel", "2");

            assertThat(cli.exitCode()).isEqualTo(3);
            assertThat(cli.err().lines()).singleElement().asString().contains("internal error: ", " at EHLO/HELO: ");
        }
    }
}
