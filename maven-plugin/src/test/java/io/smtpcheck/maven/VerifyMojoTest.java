package io.smtpcheck.maven;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smtpcheck.testkit.Action;
import io.smtpcheck.testkit.ScriptedSmtpServer;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.apache.maven.settings.Proxy;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.DefaultSettingsProblem;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The goal run in-process against scripted listeners, Maven's parts replaced by the least that stands in for them: a
 * recording log, plain {@link Settings} and a decrypter that "decrypts" {@code {secret}} to {@code secret}. The
 * invoker ITs under src/it run the same goal in real Maven builds.
 */
class VerifyMojoTest {

    private static final String PASSWORD = "s3cret-Pa55";

    @TempDir
    Path dir;

    private final RecordingLog log = new RecordingLog();

    /** Strips the braces of an "encrypted" password; a password without braces cannot be decrypted. */
    private static final SettingsDecrypter BRACES = request -> {
        Server server = request.getServers().get(0).clone();
        String password = server.getPassword();
        if (password.startsWith("{") && password.endsWith("}")) {
            server.setPassword(password.substring(1, password.length() - 1));
            return new Decrypted(server, List.of());
        }
        return new Decrypted(server, List.of(new DefaultSettingsProblem("Failed to decrypt password for server " + server.getId()
                + ": master password missing", SettingsProblem.Severity.ERROR, "server: " + server.getId(), -1, -1, null)));
    };

    private record Decrypted(Server server, List<SettingsProblem> problems) implements SettingsDecryptionResult {
        public Server getServer() {
            return server;
        }

        public List<Server> getServers() {
            return List.of(server);
        }

        public Proxy getProxy() {
            return null;
        }

        public List<Proxy> getProxies() {
            return List.of();
        }

        public List<SettingsProblem> getProblems() {
            return problems;
        }
    }

    /** The goal with the defaults its @Parameter annotations give. */
    private VerifyMojo mojo() {
        VerifyMojo mojo = new VerifyMojo(BRACES);
        mojo.setLog(log);
        mojo.port = 25;
        mojo.tlsLevel = "none";
        mojo.tlsTransport = "starttls";
        mojo.helo = "probe.example.test";
        mojo.connectTimeout = "2s";
        mojo.replyTimeout = "5s";
        mojo.timeout = "10s";
        mojo.lang = "en";
        mojo.failOnTransient = true;
        mojo.parallel = "4";
        mojo.perHost = 8;
        mojo.outputDirectory = dir.resolve("smtp-check").toFile();
        mojo.settings = new Settings();
        return mojo;
    }

    private JsonNode report() throws IOException {
        return new ObjectMapper().readTree(dir.resolve("smtp-check/smtp-check.json").toFile());
    }

    /** The lines the check sent, as the JSON transcript records them. */
    private static List<String> sent(JsonNode result) {
        List<String> lines = new ArrayList<>();
        result.path("transcript").forEach(line -> {
            if (line.path("direction").asText().equals("->")) {
                lines.add(line.path("text").asText());
            }
        });
        return lines;
    }

    /** A listener whose first two sessions get 421 at the banner. */
    private static ScriptedSmtpServer busyTwice() {
        return ScriptedSmtpServer.builder().banner(Action.replyThenClose("421 4.4.5 Too many connections from your host"),
                Action.replyThenClose("421 4.4.5 Too many connections from your host")).start();
    }

    private static TargetConfig target(ScriptedSmtpServer server) {
        return TargetConfig.host(server.host() + ":" + server.port());
    }

    @Test
    void aPassIsLoggedAsOneBlockAndReported() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().hostname("mx.example.test").start()) {
            VerifyMojo mojo = mojo();
            mojo.host = server.host() + ":" + server.port();
            mojo.to = List.of("alice@example.test");

            mojo.execute();

            assertThat(log.at("INFO")).contains("<- 220 mx.example.test ESMTP smtp-testkit", "-> RCPT TO:<alice@example.test>",
                    "PASS  " + mojo.host + ": passed up to RCPT TO", "** 3 EHLO keyword lines folded")
                    .doesNotContain("<- 250-PIPELINING");
            assertThat(log.at("DEBUG")).contains("EHLO keywords of " + mojo.host + ": PIPELINING, SIZE 10240000, 8BITMIME");
            assertThat(log.at("WARN") + log.at("ERROR")).isEmpty();
            JsonNode json = report();
            assertThat(json.path("verdict").asText()).isEqualTo("PASS");
            assertThat(json.path("results")).hasSize(1);
            assertThat(json.path("results").get(0).path("target").asText()).isEqualTo(mojo.host);
            assertThat(json.path("results").get(0).path("outcome").path("stage").asText()).isEqualTo("RCPT");
            assertThat(Files.readString(dir.resolve("smtp-check/TEST-smtp-check.xml"))).contains("<testsuite name=\"smtp-check\"", "failures=\"0\"");
        }
    }

    @Test
    void aRefusedRecipientFailsTheBuildWithStageReplyAndDiagnosis() {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder()
                .on("RCPT", Action.reply("554 5.7.1 <someone@example.com>: Relay access denied")).start()) {
            VerifyMojo mojo = mojo();
            mojo.targets = List.of(target(server));
            mojo.to = List.of("someone@example.com");

            assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class)
                    .hasMessageContaining("1 listener: 0 passed, 0 transient (4xx), 1 failed")
                    .hasMessageContaining("FAIL  " + server.host() + ":" + server.port() + ": permanent failure (5xx) at RCPT TO")
                    .hasMessageContaining("reply:     554 5.7.1 <someone@example.com>: Relay access denied  [enhanced 5.7.1]")
                    .hasMessageNotContaining("ESA #5.7.1")
                    .hasMessageContaining("diagnosis: ")
                    .hasMessageContaining("remedy: ")
                    .hasMessageNotContaining("failOnTransient");
            assertThat(log.at("ERROR")).contains("permanent failure (5xx) at RCPT TO");
            assertThat(dir.resolve("smtp-check/TEST-smtp-check.xml")).as("reports are written before the build fails").exists();
        }
    }

    @Test
    void aTransientFailureFailsByDefaultAndWarnsWhenAsked() throws Exception {
        try (ScriptedSmtpServer server = busyTwice()) {
            VerifyMojo failing = mojo();
            failing.targets = List.of(target(server));
            assertThatThrownBy(failing::execute).isInstanceOf(MojoFailureException.class)
                    .hasMessageContaining("transient failure (4xx) at 220 banner")
                    .hasMessageContaining("-Dsmtp-check.failOnTransient=false");

            log.lines.clear();
            VerifyMojo warning = mojo();
            warning.targets = List.of(target(server));
            warning.failOnTransient = false;
            warning.execute();

            assertThat(log.at("WARN")).contains("TRANSIENT  " + server.host() + ":" + server.port(), "421 4.4.5",
                    "Not failing the build on this transient failure (failOnTransient is false).");
            assertThat(Files.readString(dir.resolve("smtp-check/TEST-smtp-check.xml"))).contains("<skipped", "failures=\"0\"");
        }
    }

    @Test
    void inAnotherLanguageTheSessionTheBlocksAndTheSummariesAreInIt() throws Exception {
        try (ScriptedSmtpServer server = busyTwice()) {
            VerifyMojo failing = mojo();
            failing.lang = "fr";
            failing.targets = List.of(target(server));
            assertThatThrownBy(failing::execute).isInstanceOf(MojoFailureException.class)
                    .hasMessageStartingWith("smtp-check : 1 écouteur : 0 réussi(s), 1 temporaire(s) (4xx), 0 en échec")
                    .hasMessageContaining("TEMPORAIRE  " + server.host() + ":" + server.port() + ": échec temporaire (4xx) à l’étape bannière 220")
                    .hasMessageContaining("Un 4xx signifie « réessayez plus tard » ; mettez <failOnTransient>false</failOnTransient>")
                    .hasMessageContaining("Rapports : ")
                    .hasMessageNotContaining("transient failure").hasMessageNotContaining("Reports:");
            assertThat(log.at("INFO")).contains("** Essai de 127.0.0.1...", "smtp-check : 1 écouteur : ").doesNotContain("Trying", "listener");

            log.lines.clear();
            VerifyMojo warning = mojo();
            warning.lang = "ru";
            warning.targets = List.of(target(server));
            warning.failOnTransient = false;
            warning.execute();

            assertThat(log.at("WARN")).contains("ВРЕМЕННО  " + server.host() + ":" + server.port(),
                    "Сборка не прерывается из-за этого временного отказа (failOnTransient = false).").doesNotContain("Not failing");
            assertThat(log.at("INFO")).contains("smtp-check: слушателей: 1; пройдено: 0, временных отказов (4xx): 1, отказов: 0; отчёты ");
        }
    }

    @Test
    void eachTargetOverridesTheGoalsOptionsAndKeepsTheRest() throws Exception {
        try (ScriptedSmtpServer a = ScriptedSmtpServer.builder().start(); ScriptedSmtpServer b = ScriptedSmtpServer.builder().start()) {
            VerifyMojo mojo = mojo();
            TargetConfig second = target(b);
            second.helo = "override.example.test";
            second.to = List.of("bob@example.test");
            second.stopAfter = "mail";
            mojo.targets = List.of(target(a), second);
            mojo.to = List.of("alice@example.test");

            mojo.execute();

            JsonNode results = report().path("results");
            assertThat(results).hasSize(2);
            assertThat(results.get(0).path("stopAfter").asText()).isEqualTo("RCPT");
            assertThat(sent(results.get(0))).contains("EHLO probe.example.test", "RCPT TO:<alice@example.test>");
            assertThat(results.get(1).path("stopAfter").asText()).as("the target's stopAfter").isEqualTo("MAIL");
            assertThat(sent(results.get(1))).contains("EHLO override.example.test", "MAIL FROM:<>")
                    .noneMatch(line -> line.startsWith("RCPT TO"));
        }
    }

    @Test
    void aBadOptionInOneTargetNamesTheParameterAndNothingIsSent() {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().start()) {
            VerifyMojo mojo = mojo();
            TargetConfig bad = target(server);
            bad.stopAfter = "dta";
            mojo.targets = List.of(target(server), bad);

            assertThatThrownBy(mojo::execute).isInstanceOf(MojoExecutionException.class)
                    .hasMessageStartingWith("stopAfter: 'dta' is not a stage; use one of connect, banner, ehlo, tls, auth, mail, rcpt, data")
                    .hasMessageContaining("<target> 2 of <targets>")
                    .hasMessageContaining("set <stopAfter> in the POM or -Dsmtp-check.stopAfter");
            assertThat(server.connectionCount()).isZero();
        }
    }

    @Test
    void controlCharactersOfAParameterAndOfAServerReachTheBuildLogEscaped() {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().on("MAIL", Action.reply("550 5.7.1 \u001b[2J\u009b31m no")).start()) {
            VerifyMojo badHelo = mojo();
            badHelo.helo = "probe\u001b]0;owned\u0007.example";
            badHelo.targets = List.of(target(server));

            assertThatThrownBy(badHelo::execute).isInstanceOf(MojoExecutionException.class)
                    .hasMessageStartingWith("helo: ").hasMessageContaining("\\x1b]0;owned\\x07").hasMessageNotContaining("\u001b");
            assertThat(server.connectionCount()).isZero();

            VerifyMojo refused = mojo();
            refused.targets = List.of(target(server));
            refused.stopAfter = "mail";
            assertThatThrownBy(refused::execute).isInstanceOf(MojoFailureException.class)
                    .hasMessageContaining("550 5.7.1 \\x1b[2J\\x9b31m no").hasMessageNotContaining("\u001b").hasMessageNotContaining("\u009b");
            assertThat(log.lines).isNotEmpty().noneMatch(line -> line.contains("\u001b") || line.contains("\u009b"));
        }
    }

    @Test
    void commaSeparatedHostsAndABadPortNameTheHostParameter() {
        VerifyMojo mojo = mojo();
        mojo.host = "127.0.0.1:2525, 127.0.0.1:99999";

        assertThatThrownBy(mojo::execute).isInstanceOf(MojoExecutionException.class)
                .hasMessageStartingWith("port: ")
                .hasMessageContaining("(smtp-check.host, 127.0.0.1:99999; set <port> in the POM or -Dsmtp-check.port on the command line)");
    }

    @Test
    void aParallelismBelowOneOrAReportPathThatIsADirectoryStopsTheBuildBeforeAnyConnection() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().start()) {
            VerifyMojo serial = mojo();
            serial.targets = List.of(target(server));
            serial.parallel = "0";
            assertThatThrownBy(serial::execute).isInstanceOf(MojoExecutionException.class)
                    .hasMessage("parallel: 0 is not a number of targets to check at once; give 1 or more (set <parallel> in the POM or "
                            + "-Dsmtp-check.parallel on the command line)");

            VerifyMojo blocked = mojo();
            blocked.targets = List.of(target(server));
            Files.createDirectories(dir.resolve("smtp-check/smtp-check.json"));
            assertThatThrownBy(blocked::execute).isInstanceOf(MojoExecutionException.class)
                    .hasMessageStartingWith("outputDirectory: " + dir.resolve("smtp-check/smtp-check.json") + " is a directory");

            assertThat(server.connectionCount()).isZero();
        }
    }

    @Test
    void noTargetAndATargetWithoutHostAreRefused() {
        assertThatThrownBy(mojo()::execute).isInstanceOf(MojoExecutionException.class)
                .hasMessageStartingWith("host: no listener to check; name one with -Dsmtp-check.host=");

        VerifyMojo mojo = mojo();
        mojo.targets = List.of(new TargetConfig());
        assertThatThrownBy(mojo::execute).isInstanceOf(MojoExecutionException.class)
                .hasMessage("host: <target> 1 of <targets> has no <host>; give the listener as host, host:port or mx:domain");
    }

    @Test
    void credentialsComeFromTheDecryptedServerEntryAndNeverReachTheLog() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().auth("alice", PASSWORD).start()) {
            VerifyMojo mojo = mojo();
            mojo.settings.addServer(server("smtp-relay", "alice", "{" + PASSWORD + "}"));
            mojo.serverId = "smtp-relay";
            mojo.allowPlaintextAuth = true;
            mojo.targets = List.of(target(server));

            mojo.execute();

            assertThat(log.at("INFO")).contains("-> AUTH PLAIN", "-> ********", "passed up to AUTH");
            assertThat(log.lines).noneMatch(l -> l.contains(PASSWORD));
            assertThat(Files.readString(dir.resolve("smtp-check/smtp-check.json"))).doesNotContain(PASSWORD);
            assertThat(sent(report().path("results").get(0))).contains("AUTH PLAIN", "********");
        }
    }

    @Test
    void anUnknownServerIdOrAnUndecryptablePasswordNamesServerId() {
        VerifyMojo unknown = mojo();
        unknown.host = "127.0.0.1:2525";
        unknown.serverId = "nope";
        assertThatThrownBy(unknown::execute).isInstanceOf(MojoExecutionException.class)
                .hasMessageStartingWith("serverId: settings.xml has no <server> with <id>nope</id>");

        VerifyMojo undecryptable = mojo();
        undecryptable.host = "127.0.0.1:2525";
        undecryptable.settings.addServer(server("relay", "alice", "not-in-braces"));
        TargetConfig target = TargetConfig.host("127.0.0.1:2526");
        target.serverId = "relay";
        undecryptable.targets = List.of(target);
        assertThatThrownBy(undecryptable::execute).isInstanceOf(MojoExecutionException.class)
                .hasMessageStartingWith("serverId: the password of <server> 'relay' in settings.xml cannot be decrypted: "
                        + "Failed to decrypt password for server relay: master password missing.")
                .hasMessageNotContaining("not-in-braces");

        VerifyMojo noUser = mojo();
        noUser.host = "127.0.0.1:2525";
        noUser.settings.addServer(server("relay", null, "{x}"));
        noUser.serverId = "relay";
        assertThatThrownBy(noUser::execute).isInstanceOf(MojoExecutionException.class)
                .hasMessageStartingWith("serverId: the <server> 'relay' in settings.xml has no <username>");
    }

    @Test
    void skipRunsNothingAndWritesNothing() throws Exception {
        VerifyMojo mojo = mojo();
        mojo.skip = true;
        mojo.host = "127.0.0.1:1";

        mojo.execute();

        assertThat(log.at("INFO")).isEqualTo("smtp-check: skipped (skip is true)");
        assertThat(dir.resolve("smtp-check")).doesNotExist();
    }

    private static Server server(String id, String user, String password) {
        Server server = new Server();
        server.setId(id);
        server.setUsername(user);
        server.setPassword(password);
        return server;
    }

    /** Keeps every line with its level; debug is on, as with mvn -X. */
    private static final class RecordingLog extends SystemStreamLog {
        final List<String> lines = new ArrayList<>();

        String at(String level) {
            return lines.stream().filter(l -> l.startsWith(level + " ")).map(l -> l.substring(level.length() + 1))
                    .reduce((x, y) -> x + "\n" + y).orElse("");
        }

        @Override
        public boolean isDebugEnabled() {
            return true;
        }

        @Override
        public void debug(CharSequence content) {
            lines.add("DEBUG " + content);
        }

        @Override
        public void info(CharSequence content) {
            lines.add("INFO " + content);
        }

        @Override
        public void warn(CharSequence content) {
            lines.add("WARN " + content);
        }

        @Override
        public void error(CharSequence content) {
            lines.add("ERROR " + content);
        }
    }
}
