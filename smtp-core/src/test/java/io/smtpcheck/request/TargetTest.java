package io.smtpcheck.request;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TargetTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "mail.example.com,       mail.example.com, 0,   false",
            "mail.example.com:587,   mail.example.com, 587, false",
            "172.16.6.165:25,        172.16.6.165,     25,  false",
            "[2001:db8::1]:2525,     2001:db8::1,      2525, false",
            "[::1],                  ::1,              0,   false",
            "2001:db8::25,           2001:db8::25,     0,   false",
            "mx:example.com,         example.com,      0,   true",
            "MX:example.com,         example.com,      0,   true",
            "mx:example.com:2525,    example.com,      2525, true",
    })
    void parsesWhatUsersWrite(String spec, String host, int port, boolean mx) {
        Target t = Target.parse(spec);
        assertThat(t.host()).isEqualTo(host);
        assertThat(t.port()).isEqualTo(port);
        assertThat(t.mx()).isEqualTo(mx);
        assertThat(Target.parse(t.toString())).isEqualTo(t);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "host:", "host:0", "host:70000", "host:smtp", "[::1", ":25"})
    void refusesWhatCannotBeATarget(String spec) {
        assertThatThrownBy(() -> Target.parse(spec)).isInstanceOf(InvalidRequestException.class);
    }

    @ParameterizedTest
    @CsvSource(value = {"587, 587", "' 2525 ', 2525", "'', 0", "NULL, 0"}, nullValues = "NULL")
    void readsAPortGivenOnItsOwn(String text, int port) {
        assertThat(Target.parsePort(text)).isEqualTo(port);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "65536", "smtp", "25x", "-1"})
    void refusesAPortThatIsNotOne(String text) {
        assertThatThrownBy(() -> Target.parsePort(text))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("port"));
    }
}
