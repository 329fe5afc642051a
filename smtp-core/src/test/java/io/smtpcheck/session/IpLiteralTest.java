package io.smtpcheck.session;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Which hosts skip the resolver thread: only those the JDK parses without a DNS query, whatever the deadline. */
class IpLiteralTest {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "0.0.0.0", "255.255.255.255", "192.0.2.10", "::1", "2001:db8::25", "fe80::1%lo"})
    void literalsAreParsedInPlace(String host) {
        assertThat(NameResolution.isIpLiteral(host)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "mail.example.com", "1.2.3.999", "010.1.1.1", "1.2.3", "1.2.3.4.5", "256.0.0.1", "[::1]", "10.0.0.1a"})
    void namesAndAmbiguousFormsGoThroughTheResolver(String host) {
        assertThat(NameResolution.isIpLiteral(host)).isFalse();
    }
}
