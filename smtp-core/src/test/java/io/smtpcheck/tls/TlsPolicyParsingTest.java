package io.smtpcheck.tls;

import io.smtpcheck.request.InvalidRequestException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TlsPolicyParsingTest {

    @Test
    void levelsAreReadAsPostfixNamesThem() {
        assertThat(TlsLevel.parse(null)).isEqualTo(TlsLevel.MAY);
        assertThat(TlsLevel.parse(" Secure ")).isEqualTo(TlsLevel.SECURE);
        assertThat(TlsLevel.parse("encrypt").requiresTls()).isTrue();
        assertThat(TlsLevel.parse("may").requiresTls()).isFalse();
        assertThat(TlsLevel.parse("verify").verifiesPeer()).isTrue();
        assertThat(TlsLevel.parse("encrypt").verifiesPeer()).isFalse();
    }

    @Test
    void formerSecurityValuesSayWhatReplacedThem() {
        assertThatThrownBy(() -> TlsLevel.parse("require-starttls")).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("former --security option").hasMessageContaining("--tls-level encrypt");
        assertThatThrownBy(() -> TlsLevel.parse("starttls")).hasMessageContaining("--tls-level may");
        assertThatThrownBy(() -> TlsLevel.parse("implicit-tls")).hasMessageContaining("--tls-transport implicit");
        assertThatThrownBy(() -> TlsLevel.parse("dane")).hasMessageContaining("none, may, encrypt, verify, secure");
    }

    @Test
    void transportAndItsCombinationWithALevel() {
        assertThat(TlsTransport.parse("")).isEqualTo(TlsTransport.STARTTLS);
        assertThat(TlsTransport.parse("SMTPS")).isEqualTo(TlsTransport.IMPLICIT);
        assertThatThrownBy(() -> TlsTransport.parse("ssl")).hasMessageContaining("starttls").hasMessageContaining("implicit");
        assertThatThrownBy(() -> new TlsPolicy(TlsLevel.NONE, TlsTransport.IMPLICIT, List.of()))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("cannot run at level none");
        // Implicit TLS has no plaintext to fall back to, so even may requires TLS there.
        assertThat(new TlsPolicy(TlsLevel.MAY, TlsTransport.IMPLICIT, List.of()).requiresTls()).isTrue();
        assertThat(TlsPolicy.DEFAULT.requiresTls()).isFalse();
    }

    @Test
    void matchListsAreReadAsPostfixReadsThemAndReplaceTheLevelDefault() {
        assertThat(TlsPolicy.parseMatch("hostname, nexthop  .Example.com")).containsExactly("hostname", "nexthop", ".example.com");
        assertThat(TlsPolicy.parseMatch(" ")).isEmpty();
        assertThatThrownBy(() -> TlsPolicy.parseMatch("*.example.com")).hasMessageContaining(".example.com for its subdomains");
        assertThat(new TlsPolicy(TlsLevel.SECURE, null, List.of()).effectiveMatch()).containsExactly("nexthop", "dot-nexthop");
        assertThat(new TlsPolicy(TlsLevel.MAY, null, List.of()).effectiveMatch()).containsExactly("hostname");
        assertThat(new TlsPolicy(TlsLevel.SECURE, null, List.of("relay.example.net")).effectiveMatch()).containsExactly("relay.example.net");
    }
}
