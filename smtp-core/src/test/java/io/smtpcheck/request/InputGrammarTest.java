package io.smtpcheck.request;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The grammar every option value passes before anything is sent (issue 11 item 5). */
class InputGrammarTest {

    private static CheckRequest.Builder base() {
        return CheckRequest.builder("mail.example.com").heloName("client.example").recipient("user@example.com");
    }

    private static void refused(String field, Runnable build) {
        assertThatThrownBy(build::run).isInstanceOf(InvalidRequestException.class)
                .satisfies(e -> assertThat(((InvalidRequestException) e).field()).isEqualTo(field));
    }

    @ParameterizedTest
    @ValueSource(strings = {"client.example.com", "localhost", "a-b.c0", "192.0.2.1", "[192.0.2.1]", "[IPv6:2001:db8::1]",
            "[IPv6:::1]", "[ipv6:2001:db8:0:0:0:0:0:1]", "[IPv6:::ffff:192.0.2.1]", "[IPv6:1:2:3:4:5:6:192.0.2.1]"})
    void heloAcceptsDomainsAndAddressLiterals(String helo) {
        assertThat(base().heloName(helo).build().heloName()).isEqualTo(helo);
    }

    @Test
    void anInternationalHeloGoesInPunycode() {
        assertThat(base().heloName("bücher.example").build().heloName()).isEqualTo("xn--bcher-kva.example");
    }

    @ParameterizedTest
    @ValueSource(strings = {"my_host.local", "-bad.example", "bad-.example", "a..b", "example.com.", "[1.2.3.4", "[1.2.3.256]",
            "[IPv6:1::2::3]", "[IPv6:1:2:3:4:5:6:7:8:9]", "[IPv6:fe80::1%eth0]", "[2001:db8::1]", "host\u3000name", "@file",
            "a\u001b[31m", "a\u0007", "a\u007f", "a\u0085", "a\u2028", "a\u202e", "a\ud800", "a\ufffd"})
    void heloRefusesAnythingElseNamingTheOption(String helo) {
        refused("helo", () -> base().heloName(helo).build());
    }

    /** Found by CommandLineFuzzTest, seed -7677453482003356860: IDN's punycode parser gives up on so long a name. */
    @Test
    void aDomainTooLongForPunycodeIsRefusedInWordsNotWithAnExceptionName() {
        String to = "rcpt@" + "a".repeat(5000) + "\u00e9.example.org";
        assertThatThrownBy(() -> base().recipients(List.of(to)).build()).isInstanceOf(InvalidRequestException.class)
                .satisfies(e -> assertThat(((InvalidRequestException) e).field()).isEqualTo("to"))
                .hasMessageNotContaining("Exception").hasMessageContaining("punycode");
    }

    @Test
    void aFortyThousandCharacterHeloIsRefused() {
        refused("helo", () -> base().heloName("a".repeat(40_000)).build());
        refused("helo", () -> base().heloName(("a".repeat(63) + ".").repeat(4) + "com").build());
        assertThat(base().heloName("a".repeat(63) + ".example").build().heloName()).hasSize(71);
        refused("helo", () -> base().heloName("a".repeat(64) + ".example").build());
    }

    @Test
    void controlCharactersInHeloAreShownEscapedInTheMessage() {
        assertThatThrownBy(() -> base().heloName("evil\u001b[2Jname").build())
                .hasMessageContaining("\\x1b[2J").hasMessageNotContaining("\u001b");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a@example.org", "first.last@example.org", "o'hara+tag@example.org", "\"john doe\"@example.org",
            "\"a\\\"b\"@example.org", "user@[192.0.2.1]", "user@[IPv6:2001:db8::1]", "<a@example.org>", "!#$%&'*+-/=?^_`{|}~@example.org"})
    void mailboxesOfRfc5321AreAccepted(String to) {
        assertThat(base().recipient(to).build().recipients()).hasSize(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a@b@example.org", "a.@example.org", ".a@example.org", "a..b@example.org", "a,b@example.org",
            "a(b)@example.org", "\"open@example.org", "\"a\"b@example.org", "a@exa mple.org", "a@exa_mple.org", "a@-x.org",
            "a@[300.1.1.1]", "a b@example.org", "a\u3000b@example.org", "a\u0000@example.org", "a\u009b@example.org",
            "a\u202e@example.org", "a@example.org\u2029"})
    void otherAddressesAreRefusedNamingTheOption(String to) {
        refused("to", () -> base().recipient(to).build());
        refused("from", () -> base().mailFrom(to).build());
    }

    @Test
    void theLocalPartIsAtMost64Octets() {
        assertThat(base().recipient("a".repeat(64) + "@example.org").build().recipients()).hasSize(2);
        assertThatThrownBy(() -> base().recipient("a".repeat(65) + "@example.org").build())
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("65 octets");
        // Octets, not characters: 22 three-octet characters are 66 octets.
        refused("to", () -> base().recipient("例".repeat(22) + "@example.org").build());
    }

    @Test
    void aNonAsciiLocalPartIsAllowedAndMarksTheRequestAsNeedingSmtpUtf8() {
        CheckRequest ascii = base().build();
        assertThat(ascii.needsSmtpUtf8()).isFalse();
        CheckRequest utf8 = base().recipient("用户@例え.テスト").build();
        assertThat(utf8.recipients()).contains("用户@xn--r8jz45g.xn--zckzah");
        assertThat(utf8.needsSmtpUtf8()).isTrue();
        assertThat(base().mailFrom("josé@example.org").build().needsSmtpUtf8()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1:２９６４", "127.0.0.1:٢٩٦١", "127.0.0.1\r:2963", "127.0.0.1:+25", "127.0.0.1:-25",
            "127.0.0.1: 25", "127.0.0.1:0025000", "[::1]:２５"})
    void portsAreAsciiDigitsAndTheTargetHasNoControls(String spec) {
        assertThatThrownBy(() -> base().target(Target.parse(spec)).build()).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void portsOnTheirOwnAreAsciiDigitsToo() {
        assertThat(Target.parsePort(" 2525 ")).isEqualTo(2525);
        assertThatThrownBy(() -> Target.parsePort("٢٩٦١")).isInstanceOf(InvalidRequestException.class).hasMessageContaining("ASCII");
        assertThatThrownBy(() -> Target.parsePort("２５")).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> Target.parsePort("99999")).isInstanceOf(InvalidRequestException.class).hasMessageContaining("out of range");
    }

    @Test
    void theCrBeforeTheColonIsRefusedAsAControlCharacter() {
        assertThatThrownBy(() -> Target.parse("127.0.0.1\r:2963")).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("\\r").satisfies(e -> assertThat(((InvalidRequestException) e).field()).isEqualTo("host"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"１０s", "٥s", "10 s", "+10s", "-10s", "1e3ms", "9223372036854775807s", "9223372036854775807",
            "99999999999999999999ms", "25h", "PT25H", "PT9223372036854775807H", "1441m", "86400001ms", "10\u001bs"})
    void durationsAreAsciiAndAtMost24Hours(String text) {
        assertThatThrownBy(() -> Durations.parse("timeout", text, Duration.ZERO)).isInstanceOf(InvalidRequestException.class)
                .satisfies(e -> assertThat(((InvalidRequestException) e).field()).isEqualTo("timeout"));
    }

    @Test
    void theOverflowingTimeoutOfTheIssueGetsAClearMessage() {
        assertThatThrownBy(() -> Durations.parse("reply-timeout", "9223372036854775807s", Duration.ZERO))
                .hasMessage("reply-timeout: '9223372036854775807s' is longer than the 24h a check may take; write for example 30s or 10m");
    }

    @Test
    void durationsUpTo24HoursStillParse() {
        assertThat(Durations.parse("timeout", "86400", Duration.ZERO)).isEqualTo(Duration.ofHours(24));
        assertThat(Durations.parse("timeout", "1440m", Duration.ZERO)).isEqualTo(Duration.ofHours(24));
        assertThat(Durations.parse("timeout", "PT24H", Duration.ZERO)).isEqualTo(Duration.ofHours(24));
        assertThat(Durations.parse("timeout", "86400000ms", Duration.ZERO)).isEqualTo(Duration.ofHours(24));
        assertThat(Durations.parse("timeout", " 10S ", Duration.ZERO)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void userNamesAndPasswordsHaveNoControls() {
        refused("user", () -> base().credentials(new Credentials("al\u001bice", "pw", null)).build());
        assertThatThrownBy(() -> base().credentials(new Credentials("alice", "p\u0007w", null)).build())
                .isInstanceOf(InvalidRequestException.class).hasMessageStartingWith("password: ").hasMessageNotContaining("p\u0007w");
    }

    @Test
    void aPasswordFileHoldsOneLineOfAtMost64KiB(@TempDir Path dir) throws IOException {
        assertThat(SecretFile.read("password-file", write(dir, "ok", "s3cret\n"))).isEqualTo("s3cret");
        assertThat(SecretFile.read("password-file", write(dir, "nolf", "s3cret"))).isEqualTo("s3cret");
        assertThat(SecretFile.read("password-file", write(dir, "max", "x".repeat(SecretFile.MAX_BYTES)))).hasSize(SecretFile.MAX_BYTES);
        assertThatThrownBy(() -> SecretFile.read("password-file", write(dir, "crlf", "s3cret\r\n")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("carriage return");
        assertThatThrownBy(() -> SecretFile.read("password-file", write(dir, "cr", "s3c\rret")))
                .hasMessageContaining("carriage return").hasMessageNotContaining("s3c");
        assertThatThrownBy(() -> SecretFile.read("password-file", write(dir, "two", "s3cret\nsecond\n"))).hasMessageContaining("more than one line");
        assertThatThrownBy(() -> SecretFile.read("password-file", write(dir, "empty", "\n"))).hasMessageContaining("empty");
        assertThatThrownBy(() -> SecretFile.read("password-file", write(dir, "big", "x".repeat(SecretFile.MAX_BYTES + 1))))
                .hasMessageContaining("64 KiB");
        Path invalid = Files.write(dir.resolve("latin1"), new byte[] {'p', (byte) 0xe9, '\n'});
        assertThatThrownBy(() -> SecretFile.read("password-file", invalid)).hasMessageContaining("not UTF-8");
        assertThatThrownBy(() -> SecretFile.read("password-file", dir)).hasMessageContaining("directory")
                .satisfies(e -> assertThat(((InvalidRequestException) e).field()).isEqualTo("password-file"));
    }

    @Test
    void aHugePasswordFileIsRefusedWithoutReadingIt(@TempDir Path dir) throws IOException {
        Path huge = dir.resolve("huge");
        try (var channel = Files.newByteChannel(huge, java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE,
                java.nio.file.StandardOpenOption.SPARSE)) {
            channel.position(300L << 20).write(java.nio.ByteBuffer.wrap(new byte[] {'x'}));
        }
        assertThatThrownBy(() -> SecretFile.read("password-file", huge)).hasMessageContaining("64 KiB");
    }

    private static Path write(Path dir, String name, String content) throws IOException {
        return Files.write(dir.resolve(name), content.getBytes(StandardCharsets.UTF_8));
    }
}
