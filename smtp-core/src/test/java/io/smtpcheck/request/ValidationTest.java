package io.smtpcheck.request;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.IDN;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ValidationTest {

    /** 63 characters, the longest label DNS allows. */
    private static final String LABEL_63 = "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijk";

    /** The ASCII fast path must answer exactly as IDN does, accepting and refusing the same names. */
    @ParameterizedTest
    @ValueSource(strings = {"mail.example.com", "MX1.Example.COM", "example.com.", "localhost", "127.0.0.1", "my_esa.local",
            "-odd-.example", LABEL_63 + ".example", "bücher.example", "почта.рф", "例え.テスト", "münchen。example"})
    void acceptsWhatIdnAcceptsAndGivesTheSameName(String name) {
        assertThat(Validation.toAscii(name)).isEqualTo(IDN.toASCII(name, IDN.ALLOW_UNASSIGNED));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a..example", ".example", LABEL_63 + "a.example", "mail." + LABEL_63 + "b"})
    void refusesWhatIdnRefuses(String name) {
        assertThatThrownBy(() -> IDN.toASCII(name, IDN.ALLOW_UNASSIGNED)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Validation.toAscii(name)).isInstanceOf(IllegalArgumentException.class);
    }
}
