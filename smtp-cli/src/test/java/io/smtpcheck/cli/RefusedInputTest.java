package io.smtpcheck.cli;

import io.smtpcheck.testkit.ScriptedSmtpServer;
import io.smtpcheck.text.Printable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command lines of issue 11 that put bad input on the wire: each is now refused before anything is sent (the
 * listener counts no connection), exits 3 and says in one line, with every control character escaped, which option is
 * wrong.
 */
class RefusedInputTest {

    private final ScriptedSmtpServer server = ScriptedSmtpServer.builder().start();
    private final String target = server.host() + ":" + server.port();

    @AfterEach
    void stop() {
        server.close();
    }

    /** Runs the command against the listener with a recipient, and asserts the refusal; returns what stderr said. */
    private String refused(String... args) {
        List<String> all = new ArrayList<>(List.of("--to", "rcpt@example.org"));
        all.addAll(Arrays.asList(args));
        Cli cli = Cli.run(all.toArray(String[]::new));

        assertThat(cli.exitCode()).as(cli.out() + cli.err()).isEqualTo(3);
        assertThat(server.connectionCount()).as("refused input must not connect").isZero();
        String[] lines = cli.err().split("\n");
        assertThat(lines[0]).startsWith("smtp-check: ");
        assertThat(lines.length).as(cli.err()).isLessThanOrEqualTo(2);
        assertThat(Printable.firstUnsafe(cli.err().replace("\n", ""))).as("raw control character in %s", Printable.escape(cli.err())).isNegative();
        assertThat(cli.err()).doesNotContain("Exception", "\tat ", "internal error");
        return lines[0];
    }

    static Stream<Arguments> badValues() {
        String port = "%PORT%";
        return Stream.of(
                Arguments.of(List.of("127.0.0.1:２９６４"), "TARGET with fullwidth digits"),
                Arguments.of(List.of("127.0.0.1\r:" + port), "a CR in the target"),
                Arguments.of(List.of("127.0.0.1", "--port", "٢٩٦١"), "Arabic-Indic port"),
                Arguments.of(List.of("127.0.0.1", "--port", "２５"), "fullwidth port"),
                Arguments.of(List.of("T", "--timeout", "１０s"), "fullwidth duration"),
                Arguments.of(List.of("T", "--timeout", "9223372036854775807s"), "overflowing deadline"),
                Arguments.of(List.of("T", "--reply-timeout", "9223372036854775807s"), "overflowing reply timeout"),
                Arguments.of(List.of("T", "--connect-timeout", "٣s"), "Arabic-Indic duration"),
                Arguments.of(List.of("T", "--helo", "client\u001b[2J.example"), "ESC in HELO"),
                Arguments.of(List.of("T", "--helo", "client\u0007.example"), "BEL in HELO"),
                Arguments.of(List.of("T", "--helo", "client\u007f.example"), "DEL in HELO"),
                Arguments.of(List.of("T", "--helo", "client\u0085.example"), "NEL in HELO"),
                Arguments.of(List.of("T", "--helo", "client\u2028.example"), "line separator in HELO"),
                Arguments.of(List.of("T", "--helo", "client\u3000.example"), "ideographic space in HELO"),
                Arguments.of(List.of("T", "--helo", "a".repeat(40_000) + ".example"), "40,000-character HELO"),
                Arguments.of(List.of("T", "--from", "x".repeat(65) + "@example.org"), "local part over 64 octets"),
                Arguments.of(List.of("T", "--to", "a@b@example.org"), "two @ in a recipient"),
                Arguments.of(List.of("T", "--from", "a\u001b[31m@example.org"), "ESC in the sender"),
                Arguments.of(List.of("T", "--to", "rcpt\u009b31m@example.org"), "CSI in a recipient"),
                Arguments.of(List.of("T", "--to", "rcpt\u0001@example.org"), "another C0 control in a recipient"),
                Arguments.of(List.of("T", "--from", "a\ufffd@example.org"), "invalid UTF-8 (decoded as U+FFFD) in the sender"),
                Arguments.of(List.of("T", "--helo", "client\ud800.example"), "a lone surrogate in HELO"),
                Arguments.of(List.of("T", "--\u001b]0;owned\u0007"), "ESC in an unknown option (picocli's own message)"),
                Arguments.of(List.of("T", "--expect-banner", "ESMTP\\"), "a banner pattern ending in a backslash (the JDK calls it an internal error)"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badValues")
    void badValuesAreRefusedBeforeConnecting(List<String> args, String why) {
        String line = refused(args.stream().map(a -> a.equals("T") ? target : a.replace("%PORT%", Integer.toString(server.port())))
                .toArray(String[]::new));

        assertThat(line).isNotBlank();
    }

    @Test
    void theOptionIsNamedAndItsControlCharactersEscaped() {
        String line = refused(target, "--helo", "client\u001b[2J.example");

        assertThat(line).startsWith("smtp-check: --helo: ").contains("\\x1b[2J");
    }

    @Test
    void atFilesAreNotExpandedSoHeloAtFileIsAnInvalidHelo(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("name"), "relay.example.org\n");

        String line = refused(target, "--helo", "@" + file);

        assertThat(line).startsWith("smtp-check: --helo: ").doesNotContain("relay.example.org");
    }

    @Test
    void aPasswordFileWithACarriageReturnIsRefusedBeforeAuth(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("pw"), "s3cret\r\n");

        String line = refused(target, "--user", "alice", "--password-file", file.toString(), "--allow-plaintext-auth");

        assertThat(line).startsWith("smtp-check: --password-file: ").contains("carriage return").doesNotContain("s3cret");
    }

    @Test
    void aPasswordFileWithASecondLineIsRefused(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("pw"), "s3cret\nother\n");

        assertThat(refused(target, "--user", "alice", "--password-file", file.toString())).contains("more than one line").doesNotContain("s3cret");
    }

    @Test
    void aPasswordFileOver64KiBIsRefusedWithoutReadingItWhole(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("pw"), new byte[64 * 1024 + 1]);

        assertThat(refused(target, "--user", "alice", "--password-file", file.toString())).contains("larger than 64 KiB");
    }

    @Test
    void aJsonFileNamingADirectoryIsRefusedBeforeConnecting(@TempDir Path dir) {
        assertThat(refused(target, "--json-file", dir.toString())).startsWith("smtp-check: --json-file: ").contains("is a directory");
    }
}
