package io.smtpcheck.cli;

import io.smtpcheck.session.FaultySession;
import io.smtpcheck.testkit.ScriptedSmtpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

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

    @Test
    void aFaultMidRunLeavesThePreviousReportFilesAndNoPartialOne(@TempDir Path dir) throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        Path json = dir.resolve("r.json");
        Path junit = dir.resolve("r.xml");
        Files.writeString(json, "previous json");
        Files.writeString(junit, "previous junit");
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().start();
             FaultySession fault = new FaultySession("injected fault")) {
            // One at a time: the refused port's result is written before the second check meets the fault.
            Cli cli = Cli.run("127.0.0.1:" + closedPort, server.host() + ":" + server.port(), "--parallel", "1", "--no-transcript",
                    "--json-file", json.toString(), "--junit-file", junit.toString());

            assertThat(cli.exitCode()).isEqualTo(3);
            assertThat(cli.err().lines()).singleElement().asString().contains("internal error: ", " at EHLO/HELO: ");
            assertThat(cli.out()).as("the result before the fault was shown as it came").contains("network failure (REFUSED) at connect");
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("r.json", "r.xml");
        }
        assertThat(Files.readString(json)).isEqualTo("previous json");
        assertThat(Files.readString(junit)).isEqualTo("previous junit");
    }
}
