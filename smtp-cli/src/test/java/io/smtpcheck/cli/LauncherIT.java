package io.smtpcheck.cli;

import io.smtpcheck.testkit.ScriptedSmtpServer;
import io.smtpcheck.testkit.TlsIdentity;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The launcher the package phase writes ({@code target/smtp-check}) as users start it, with the archive its training
 * run recorded: a check runs through it, and the classes a real check needs come from the archive, not the jar.
 */
class LauncherIT {

    private static final Path LAUNCHER = Path.of("target", "smtp-check");

    /** The launcher on the JDK running this test, which is the one the package phase trained with. */
    private static Launched run(String javaOptions, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        return Launched.run(command, Map.of("JAVA_HOME", System.getProperty("java.home"), "SMTP_CHECK_JAVA_OPTS", javaOptions));
    }

    @Test
    void aStartTlsCheckRunsThroughTheLauncherWithTheClassesOfItsRunFromTheArchive() throws Exception {
        assertThat(LAUNCHER).as("the package phase writes the launcher on Unix").isExecutable();
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().hostname("mx.example.test")
                .starttls(TlsIdentity.selfSigned("mx.example.test", Duration.ofDays(30))).start()) {
            String target = server.host() + ":" + server.port();

            Launched check = run("-Xlog:class+load=info", target, "--helo", "probe.example.test", "--to", "a@example.test", "--no-transcript");

            assertThat(check.exitCode()).as(check.out()).isZero();
            assertThat(check.out()).contains("PASS  " + target + ": passed up to RCPT TO", "TLS connection established");
            // The fan-out, the streamed report and TLS: what demo alone never trained.
            for (String trained : List.of("io.smtpcheck.run.SessionScheduler", "io.smtpcheck.report.InTargetOrder",
                    "io.smtpcheck.cli.RunReports", "sun.security.ssl.SSLSocketImpl", "io.smtpcheck.tls.ChainEvaluator")) {
                List<String> loaded = check.out().lines().filter(l -> l.contains(" " + trained + " source: ")).toList();
                assertThat(loaded).as("how %s was loaded", trained).hasSize(1);
                assertThat(loaded.get(0)).contains("source: shared objects file");
            }
        }
    }

    @Test
    void settingsGivenInTheEnvironmentComeAfterTheLaunchersOwnAndWin() throws Exception {
        Launched own = run("-XX:+PrintCommandLineFlags", "--version");
        Launched changed = run("-XX:+PrintCommandLineFlags -Xmx128m", "--version");

        assertThat(own.exitCode()).as(own.out()).isZero();
        assertThat(own.out()).contains("smtp-check ", "-XX:MaxHeapSize=268435456", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
        assertThat(changed.out()).contains("smtp-check ", "-XX:MaxHeapSize=134217728").doesNotContain("-XX:MaxHeapSize=268435456");
    }
}
