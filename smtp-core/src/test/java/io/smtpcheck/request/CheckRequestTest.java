package io.smtpcheck.request;

import io.smtpcheck.tls.AuthIntent;
import io.smtpcheck.tls.TlsLevel;
import io.smtpcheck.tls.TlsPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CheckRequestTest {

    @Test
    void defaultsStopAfterRcptWithRecipientsAndUseTlsLevelMay() {
        CheckRequest r = CheckRequest.builder("mail.example.com").recipient("user@example.com").heloName("client.example").build();
        assertThat(r.port()).isEqualTo(25);
        assertThat(r.tlsPolicy()).isEqualTo(TlsPolicy.DEFAULT);
        assertThat(r.tlsPolicy().level()).isEqualTo(TlsLevel.MAY);
        assertThat(r.nexthop()).as("a host named directly is its own nexthop").isNull();
        assertThat(r.auth()).isEqualTo(AuthIntent.NONE);
        assertThat(r.stopAfter()).isEqualTo(Stage.RCPT);
        assertThat(r.mailFrom()).isEmpty();
        assertThat(r.limits()).isEqualTo(Limits.DEFAULT);
    }

    @Test
    void withoutRecipientsTheCheckStopsBeforeMail() {
        assertThat(CheckRequest.builder("h").tlsPolicy(TlsPolicy.at(TlsLevel.NONE)).build().stopAfter()).isEqualTo(Stage.EHLO);
        assertThat(CheckRequest.builder("h").build().stopAfter()).isEqualTo(Stage.TLS);
        assertThat(CheckRequest.builder("h").credentials(new Credentials("u", "p", null)).build().stopAfter()).isEqualTo(Stage.AUTH);
    }

    @ParameterizedTest
    @ValueSource(strings = {"user@example.com\r\nRSET", "user@example.com\n", "a\rb@example.com", "x@exa\u0000mple.com"})
    void lineBreaksInARecipientAreRefusedBeforeAnythingIsSent(String evil) {
        assertThatThrownBy(() -> CheckRequest.builder("h").recipient(evil).build())
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("to: ")
                .hasMessageContaining("inject");
    }

    @Test
    void lineBreaksInSenderAndHeloAreRefused() {
        assertThatThrownBy(() -> CheckRequest.builder("h").mailFrom("a@b.c\r\nDATA").build())
                .isInstanceOf(InvalidRequestException.class).hasMessageStartingWith("from: ");
        assertThatThrownBy(() -> CheckRequest.builder("h").heloName("client\r\nMAIL FROM:<x@y>").build())
                .isInstanceOf(InvalidRequestException.class).hasMessageStartingWith("helo: ");
    }

    @Test
    void emptyHostAndPortsOutOfRangeAreRefused() {
        assertThatThrownBy(() -> CheckRequest.builder("  ").build()).isInstanceOf(InvalidRequestException.class).hasMessageStartingWith("host");
        assertThatThrownBy(() -> CheckRequest.builder(null).build()).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> CheckRequest.builder("h").port(0).build()).hasMessageContaining("1 to 65535");
        assertThatThrownBy(() -> CheckRequest.builder("h").port(65536).build()).hasMessageContaining("1 to 65535");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bad host", "mail.example.com/25", "host;rm", "[::1 ]", "2001:db8::zz"})
    void hostsThatCannotBeNamesOrAddressesAreRefused(String host) {
        assertThatThrownBy(() -> CheckRequest.builder(host).build()).isInstanceOf(InvalidRequestException.class).hasMessageStartingWith("host");
    }

    @Test
    void authWithoutTlsNeedsAnExplicitAllowance() {
        CheckRequest.Builder b = CheckRequest.builder("h").tlsPolicy(TlsPolicy.at(TlsLevel.NONE)).credentials(new Credentials("u", "secret", null));
        assertThatThrownBy(b::build).isInstanceOf(InvalidRequestException.class).hasMessageContaining("clear text");
        assertThat(b.allowPlaintextAuth(true).build().credentials().username()).isEqualTo("u");
    }

    @Test
    void credentialsNeverPrintTheSecret() {
        Credentials c = new Credentials("alice", "hunter2", AuthMechanism.LOGIN);
        assertThat(c.toString()).doesNotContain("hunter2").contains("alice");
        assertThat(CheckRequest.builder("h").credentials(c).build().toString()).doesNotContain("hunter2");
    }

    @Test
    void aPasswordWithALineBreakIsRefusedWithoutShowingIt() {
        Credentials c = new Credentials("alice", "hunter2\n", null);
        assertThatThrownBy(() -> CheckRequest.builder("h").credentials(c).build()).isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("password: contains a line break").hasMessageNotContaining("hunter2");
    }

    @Test
    void internationalNamesGoOnTheWireAsPunycodeAndBracketsAreDropped() {
        assertThat(CheckRequest.builder("mail.bücher.example").build().host()).isEqualTo("mail.xn--bcher-kva.example");
        assertThat(CheckRequest.builder("[::1]").build().host()).isEqualTo("::1");
        assertThat(CheckRequest.builder("h").recipient("<anna@bücher.example>").build().recipients()).containsExactly("anna@xn--bcher-kva.example");
    }

    @Test
    void malformedAddressesSayHowToWriteThem() {
        assertThatThrownBy(() -> CheckRequest.builder("h").recipient("nobody").build()).hasMessageContaining("user@example.com");
        assertThatThrownBy(() -> CheckRequest.builder("h").recipient("a b@example.com").build()).hasMessageContaining("space");
        assertThatThrownBy(() -> CheckRequest.builder("h").recipient("<a@b>>").build()).hasMessageContaining("angle brackets");
    }

    @Test
    void theCredentialsRuleSeesWhatTheUserAllowed() {
        CheckRequest r = CheckRequest.builder("h").credentials(new Credentials("u", "secret", null)).allowUnverifiedAuth(true).build();

        assertThat(r.auth()).isEqualTo(new AuthIntent(true, false, true));
        assertThat(r.toBuilder().nexthop("example.com").build().nexthop()).isEqualTo("example.com");
    }

    @Test
    void stagesThatNeedInputSayWhatIsMissing() {
        assertThatThrownBy(() -> CheckRequest.builder("h").stopAfter(Stage.DATA).build()).hasMessageStartingWith("to: ");
        assertThatThrownBy(() -> CheckRequest.builder("h").stopAfter(Stage.AUTH).build()).hasMessageContaining("credentials");
        assertThatThrownBy(() -> CheckRequest.builder("h").tlsPolicy(TlsPolicy.at(TlsLevel.NONE)).stopAfter(Stage.TLS).build()).hasMessageContaining("level is none");
    }
}
