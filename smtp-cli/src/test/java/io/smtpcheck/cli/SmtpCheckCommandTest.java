package io.smtpcheck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smtpcheck.testkit.Action;
import io.smtpcheck.testkit.ScriptedSmtpServer;
import io.smtpcheck.testkit.TlsIdentity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class SmtpCheckCommandTest {

    private static String target(ScriptedSmtpServer server) {
        return server.host() + ":" + server.port();
    }

    @Test
    void passingListenerExitsZeroAndPrintsTranscriptAndVerdict() {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().hostname("my_esa.local").start()) {
            Cli cli = Cli.run(target(server), "--to", "user@other.com", "--helo", "client.example");

            assertThat(cli.exitCode()).isZero();
            assertThat(cli.out()).contains("<- 220 my_esa.local ESMTP smtp-testkit", "-> RCPT TO:<user@other.com>",
                    "PASS  " + target(server) + ": passed up to RCPT TO");
        }
    }

    @ParameterizedTest(name = "{0} at {1} -> exit {3}")
    @CsvSource(delimiter = '|', value = {
            "452 #4.5.3 Too many recipients | RCPT | warn | 1",
            "452 #4.5.3 Too many recipients | RCPT | fail | 2",
            "550 5.1.1 User unknown         | RCPT | warn | 2",
            "554 5.7.1 Access denied        | MAIL | warn | 2",
    })
    void exitCodeFollowsTheReplyClassAndTheTransientPolicy(String reply, String verb, String policy, int exit) {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().on(verb, Action.reply(reply)).start()) {
            Cli cli = Cli.run(target(server), "--to", "user@other.com", "--transient", policy, "--no-transcript");

            assertThat(cli.exitCode()).isEqualTo(exit);
            assertThat(cli.out()).contains(reply.strip());
        }
    }

    @Test
    void networkFailureExitsTwo() throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        Cli cli = Cli.run("127.0.0.1:" + closedPort, "--no-transcript");

        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.out()).contains("network failure (REFUSED) at connect");
    }

    static Stream<Arguments> badUsage() {
        return Stream.of(
                Arguments.of("--to=user@other.com\r\nRSET", "--to: "),
                Arguments.of("--helo=client\nMAIL FROM:<x@y>", "--helo: "),
                Arguments.of("--from=a@b.example\u0000", "--from: "),
                Arguments.of("--port=70000", "1 to 65535"),
                Arguments.of("--tls-level=require-starttls", "--tls-level: 'require-starttls' was a value of the former --security option; write --tls-level encrypt instead"),
                Arguments.of("--tls-transport=ssl", "--tls-transport: 'ssl' is not a TLS transport"),
                Arguments.of("--min-cert-days=7,30", "--min-cert-days: the critical threshold 30 is above the warning threshold 7"),
                Arguments.of("--stop-after=sometime", "--stop-after"),
                Arguments.of("--lang=de", "--lang"),
                Arguments.of("--expect-banner=([", "--expect-banner: is not a valid regular expression"),
                Arguments.of("--timeout=soon", "--timeout: 'soon' is not a duration"),
                Arguments.of("--user=alice", "password"),
                Arguments.of("--trust-file=/nonexistent/ca.pem", "does not exist"),
                Arguments.of("--json-file=/nonexistent/dir/r.json", "does not exist or is not writable"),
                Arguments.of("--junit-file=" + System.getProperty("java.io.tmpdir"), "--junit-file: " + System.getProperty("java.io.tmpdir") + " is a directory; name a file in it"),
                Arguments.of("--transient=sometimes", "--transient: must be warn or fail, not 'sometimes'"),
                Arguments.of("--parallel=0", "--parallel: 0 is not a number of targets to check at once; give 1 or more"),
                Arguments.of("--parallel=lots", "--parallel: 'lots' is not a whole number"),
                Arguments.of("--per-host=0", "--per-host: 0 is not a number of sessions; give 1 or more"),
                Arguments.of("--run-timeout=0s", "--run-timeout: 0 would end the run before any check"),
                Arguments.of("--run-timeout=soon", "--run-timeout: 'soon' is not a duration"),
                Arguments.of("--format=xml", "--format: 'xml' is not offered; use one of text, json, junit, nagios"),
                Arguments.of("--min-cert-days=two", "--min-cert-days: 'two' is not warn[,crit] in whole days"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badUsage")
    void badUsageExitsThreeBeforeAnythingIsSent(String option, String message) {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().start()) {
            String target = option.startsWith("--port") ? server.host() : target(server);
            Cli cli = Cli.run(target, option, "--password-env", "SMTP_CHECK_TEST_UNSET_VARIABLE");

            assertThat(cli.exitCode()).isEqualTo(3);
            assertThat(cli.err()).contains(message).doesNotContain("Exception", "\tat ");
            assertThat(server.connectionCount()).as("nothing may be sent on bad usage").isZero();
        }
    }

    @Test
    void usageHelpListsTheSubcommandsAddedOnlyWhenNeeded() {
        for (String help : new String[] {"--help", "-h", "-hV"}) {
            Cli cli = Cli.run(help);

            assertThat(cli.exitCode()).isZero();
            assertThat(cli.out()).contains("[COMMAND]", "Commands:", "  demo   Checks scripted listeners", "  serve  Runs a scripted SMTP listener", "Exit codes:");
        }
        assertThat(Cli.run("demo", "--help").out()).startsWith("Usage: smtp-check demo");
        assertThat(Cli.run("--lang", "fr", "serve", "--bind", "0.0.0.0").err()).contains("--bind must be a loopback address");
    }

    @Test
    void missingTargetIsUsage() {
        Cli cli = Cli.run();
        assertThat(cli.exitCode()).isEqualTo(3);
        assertThat(cli.err()).contains("TARGET");
    }

    @Test
    void jsonAndJunitFilesAreWrittenBesideTheChosenFormat(@TempDir Path dir) throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().on("RCPT", Action.reply("452 #4.5.3 Too many recipients")).start()) {
            Path json = dir.resolve("r.json");
            Path junit = dir.resolve("r.xml");
            Cli cli = Cli.run(target(server), "--to", "a@b.example", "--format", "nagios", "--json-file", json.toString(), "--junit-file", junit.toString());

            assertThat(cli.exitCode()).isEqualTo(1);
            assertThat(cli.out()).startsWith("SMTP WARNING - ").contains("| '");
            JsonNode root = new ObjectMapper().readTree(json.toFile());
            assertThat(root.path("results").get(0).path("outcome").path("reply").path("esaCode").asText()).isEqualTo("#4.5.3");
            assertThat(Files.readString(junit)).contains("<testsuite", "RCPT TO");
        }
    }

    @Test
    void theWholeReportComesInTheChosenLanguage() {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().banner(Action.replyThenClose("421 #4.4.5 Too many connections from your host")).start()) {
            Cli en = Cli.run(target(server), "--no-transcript");
            Cli fr = Cli.run(target(server), "--no-transcript", "--lang", "fr");

            assertThat(en.out()).contains("diagnosis: Too many connections from your host: the per-host connection limit was reached.");
            assertThat(fr.exitCode()).isEqualTo(1);
            assertThat(fr.out()).contains("TEMPORAIRE  127.0.0.1:" + server.port() + ": échec temporaire (4xx) à l’étape bannière 220",
                    "421 #4.4.5 Too many connections from your host  [code étendu 4.4.5, ESA #4.4.5]",
                    "diagnostic : Trop de connexions depuis votre hôte : la limite de connexions par hôte est atteinte.",
                    "solution :   Fermez les sessions inutilisées et réessayez plus tard", "durées :     connexion ")
                    .doesNotContain("Too many connections from your host:", "diagnosis:", "remedy:", "TRANSIENT");
        }
    }

    @Test
    void authPasswordFromAFileIsUsedAndNeverPrinted(@TempDir Path dir) throws Exception {
        TlsIdentity identity = TlsIdentity.selfSigned("localhost", Duration.ofDays(30));
        Path pem = identity.writePem(dir.resolve("ca.pem"));
        Path secret = Files.writeString(dir.resolve("pw"), "s3cret-pass\n");
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().starttls(identity).auth("alice", "s3cret-pass").start()) {
            Cli cli = Cli.run(target(server), "--user", "alice", "--password-file", secret.toString(), "--trust-file", pem.toString(),
                    "--tls-level", "verify", "--format", "json");

            assertThat(cli.exitCode()).as(cli.out()).isZero();
            assertThat(cli.out()).contains("235").doesNotContain("s3cret-pass");
            assertThat(server.sessions().get(0).authenticatedUser()).hasValue("alice");
        }
    }

    @ParameterizedTest
    @CsvSource({"text", "json", "junit", "nagios"})
    void aServerEchoingThePasswordShowsItInNoOutputNorReportFile(String format, @TempDir Path dir) throws Exception {
        String password = "s3cret-pass-xyz";
        byte[] plain = ("\0alice\0" + password).getBytes(StandardCharsets.UTF_8);
        List<String> forms = new ArrayList<>(List.of(password));
        for (Base64.Encoder e : List.of(Base64.getEncoder(), Base64.getEncoder().withoutPadding(),
                Base64.getUrlEncoder(), Base64.getUrlEncoder().withoutPadding())) {
            forms.add(e.encodeToString(password.getBytes(StandardCharsets.UTF_8)));
            forms.add(e.encodeToString(plain));
        }
        Path secret = Files.writeString(dir.resolve("pw"), password + "\n");
        Path json = dir.resolve("r.json");
        Path junit = dir.resolve("r.xml");
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().on("EHLO", Action.reply("250-mx.example.org", "250 AUTH PLAIN"))
                .on("AUTH", Action.reply("334 ")).on(forms.get(2), Action.reply("535 5.7.8 bad " + String.join(" ", forms))).start()) {
            Cli cli = Cli.run(target(server), "--user", "alice", "--password-file", secret.toString(), "--tls-level", "none",
                    "--allow-plaintext-auth", "--format", format, "--json-file", json.toString(), "--junit-file", junit.toString());

            assertThat(cli.exitCode()).as(cli.out() + cli.err()).isEqualTo(2);
            assertThat(server.received()).as("the echo was reached").contains(forms.get(2));
            for (String shown : List.of(cli.out(), Files.readString(json), Files.readString(junit))) {
                assertThat(shown).contains("535").doesNotContain(forms);
            }
            assertThat(cli.err()).doesNotContain(forms);
        }
    }

    @Test
    void aSelfSignedCertificatePassesAtTheDefaultLevelAndFailsAtVerify() {
        TlsIdentity identity = TlsIdentity.selfSigned("localhost", Duration.ofDays(30));
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().starttls(identity).start()) {
            Cli may = Cli.run(target(server), "--to", "a@b.example", "--no-transcript");
            Cli verify = Cli.run(target(server), "--to", "a@b.example", "--no-transcript", "--tls-level", "verify");

            assertThat(may.exitCode()).as(may.out()).isZero();
            assertThat(may.out()).contains("tls:       Untrusted TLS connection established to " + server.host(), "(level may)",
                    "not verified: self-signed certificate");
            assertThat(verify.exitCode()).isEqualTo(2);
            assertThat(verify.out()).contains("TLS failure at TLS", "The server certificate is not trusted (self-signed certificate");
        }
    }

    @Test
    void aCertificateWithinTheWarningThresholdExitsOneWithAWarningInEveryFormat(@TempDir Path dir) {
        TlsIdentity identity = TlsIdentity.selfSigned("localhost", Duration.ofDays(10));
        Path pem = identity.writePem(dir.resolve("ca.pem"));
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().starttls(identity).start()) {
            Cli text = Cli.run(target(server), "--to", "a@b.example", "--trust-file", pem.toString(), "--min-cert-days", "30,7", "--no-transcript");
            Cli nagios = Cli.run(target(server), "--to", "a@b.example", "--trust-file", pem.toString(), "--min-cert-days", "30,7", "--format", "nagios");
            Cli crit = Cli.run(target(server), "--to", "a@b.example", "--trust-file", pem.toString(), "--min-cert-days", "30,14", "--no-transcript");

            assertThat(text.exitCode()).as(text.out()).isEqualTo(1);
            assertThat(text.out()).contains("PASS  " + target(server), "warning:   The certificate CN=localhost expires in 9 days, fewer than the warning threshold of 30.");
            assertThat(nagios.exitCode()).isEqualTo(1);
            assertThat(nagios.out()).startsWith("SMTP WARNING - ").contains("warning: The certificate CN=localhost expires in 9 days");
            assertThat(crit.exitCode()).isEqualTo(2);
            assertThat(crit.out()).contains("FAIL  " + target(server), "fewer than the critical threshold of 14");
        }
    }

    @Test
    void theRunTimeoutEndsAFleetCheckWithAVerdictForEveryTarget() {
        // A listener that never sends its banner: each check would wait its whole --timeout; the run's deadline is shorter.
        try (ScriptedSmtpServer silent = ScriptedSmtpServer.builder().banner(Action.delay(Duration.ofSeconds(20), Action.reply("220 late"))).start()) {
            Cli cli = Cli.run(target(silent), target(silent), target(silent), "--no-transcript", "--per-host", "1", "--timeout", "30s",
                    "--run-timeout", "800ms", "--format", "json");

            assertThat(cli.exitCode()).isEqualTo(2);
            assertThat(cli.out()).contains("\"verdict\" : \"FAIL\"").contains("not started: the run's deadline of 0.8 s passed");
            // One host, one session at a time: the first check started and timed out; the other two never connected.
            assertThat(silent.connectionCount()).isEqualTo(1);
        }
    }

    @Test
    void severalTargetsGiveTheWorstVerdict() {
        try (ScriptedSmtpServer ok = ScriptedSmtpServer.builder().start();
             ScriptedSmtpServer busy = ScriptedSmtpServer.builder().banner(Action.replyThenClose("421 4.3.2 Service not available")).start()) {
            Cli cli = Cli.run(target(ok), target(busy), "--no-transcript", "--parallel", "2");

            assertThat(cli.exitCode()).isEqualTo(1);
            assertThat(cli.out()).contains("PASS  " + target(ok), "TRANSIENT  " + target(busy));
        }
    }

    private static List<String> names(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void reportFilesReplaceThePreviousOnesWholeAndNoPartialFileStays(@TempDir Path dir) throws Exception {
        try (ScriptedSmtpServer ok = ScriptedSmtpServer.builder().start();
             ScriptedSmtpServer busy = ScriptedSmtpServer.builder().on("RCPT", Action.reply("452 4.5.3 Too many recipients")).start()) {
            Path json = dir.resolve("r.json");
            Path junit = dir.resolve("r.xml");
            Files.writeString(json, "previous");
            Files.writeString(junit, "previous");

            Cli cli = Cli.run(target(ok), target(busy), "--to", "a@b.example", "--parallel", "2", "--json-file", json.toString(), "--junit-file", junit.toString());

            assertThat(cli.exitCode()).isEqualTo(1);
            assertThat(names(dir)).containsExactly("r.json", "r.xml");
            JsonNode root = new ObjectMapper().readTree(json.toFile());
            assertThat(root.get("results")).extracting(r -> r.get("target").asText()).containsExactly(target(ok), target(busy));
            assertThat(root.get("verdict").asText()).isEqualTo("TRANSIENT");
            assertThat(Files.readString(junit)).startsWith("<?xml").contains("<testsuite name=\"smtp-check\" tests=\"12\" failures=\"0\" errors=\"0\" skipped=\"3\"")
                    .endsWith("</testsuite>\n");
        }
    }

    @Test
    void eachResultIsOnStandardOutputBeforeTheNextCheckEnds() throws Exception {
        try (ScriptedSmtpServer fast = ScriptedSmtpServer.builder().start();
             ServerSocket held = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            // Never accepted: the check of this listener waits for a banner until the listener closes, which resets it.
            String heldTarget = "127.0.0.1:" + held.getLocalPort();
            String fastVerdict = "PASS  " + target(fast);
            StringBuilder written = new StringBuilder();
            List<String> flushed = new ArrayList<>();
            Writer terminal = new Writer() {
                @Override
                public void write(char[] chars, int offset, int length) {
                    written.append(chars, offset, length);
                }

                @Override
                public void flush() throws IOException {
                    flushed.add(written.toString());
                    if (written.indexOf(fastVerdict) >= 0) {
                        held.close();
                    }
                }

                @Override
                public void close() {
                }
            };

            int exit = SmtpCheckCommand.run(new String[] {target(fast), heldTarget, "--no-transcript", "--parallel", "2", "--timeout", "20s"},
                    new PrintWriter(terminal), new PrintWriter(new StringWriter()));

            assertThat(exit).isEqualTo(2);
            assertThat(flushed).as("the first listener's verdict is shown while the second is still being checked")
                    .filteredOn(out -> out.contains(fastVerdict)).first().asString().doesNotContain(heldTarget);
            assertThat(written.toString()).contains("FAIL  " + heldTarget);
        }
    }
}
