package io.smtpcheck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smtpcheck.testkit.Action;
import io.smtpcheck.testkit.ScriptedSmtpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The runnable jar as users start it: {@code java -jar smtp-cli/target/smtp-check.jar ...}, in its own JVM. */
class CliJarIT {

    private static final Path JAR = Path.of("target", "smtp-check.jar");

    private static Launched run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        return Launched.run(command, Map.of());
    }

    @Test
    void theDemoRunsFromTheJar() throws Exception {
        Launched demo = run("demo", "--no-transcript");

        assertThat(demo.exitCode()).as(demo.out()).isZero();
        assertThat(demo.out()).contains("demo: 4 scenarios, 4 as expected");
    }

    @Test
    void everyReportFormatRendersFromTheJar(@TempDir Path dir) throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().on("RCPT", Action.reply("452 #4.5.3 Too many recipients")).start()) {
            String target = server.host() + ":" + server.port();
            Path json = dir.resolve("r.json");
            Path junit = dir.resolve("r.xml");

            Launched text = run(target, "--to", "a@example.test", "--json-file", json.toString(), "--junit-file", junit.toString());
            Launched asJson = run(target, "--to", "a@example.test", "--format", "json");
            Launched nagios = run(target, "--to", "a@example.test", "--format", "nagios");

            assertThat(text.exitCode()).as(text.out()).isEqualTo(1);
            assertThat(text.out()).contains("TRANSIENT  " + target + ": transient failure (4xx) at RCPT TO");
            JsonNode parsed = new ObjectMapper().readTree(asJson.out());
            assertThat(parsed.path("verdict").asText()).isEqualTo("TRANSIENT");
            assertThat(new ObjectMapper().readTree(json.toFile()).path("results").get(0).path("outcome").path("reply").path("code").asInt()).isEqualTo(452);
            assertThat(Files.readString(junit)).contains("<testsuite name=\"smtp-check\"");
            assertThat(nagios.exitCode()).isEqualTo(1);
            assertThat(nagios.out()).startsWith("SMTP WARNING - ");
        }
    }

    @Test
    void helpAndVersionWork() throws Exception {
        assertThat(run("--help").out()).contains("Exit codes:", "--tls-level=LEVEL");
        assertThat(run("--version").out()).startsWith("smtp-check ").doesNotContain("development build");
    }
}
