package io.smtpcheck.text;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class PrintableTest {

    static Stream<Arguments> unsafe() {
        return Stream.of(
                Arguments.of("\u001b[2J", "\\x1b[2J"),
                Arguments.of("a\u009b31m", "a\\x9b31m"),
                Arguments.of("\u0000\u0007\u007f", "\\x00\\x07\\x7f"),
                Arguments.of("tab\there", "tab\\there"),
                Arguments.of("cr\rlf\n", "cr\\rlf\\n"),
                Arguments.of("nel\u0085", "nel\\x85"),
                Arguments.of("\u2028\u2029", "\\u2028\\u2029"),
                Arguments.of("evil\u202egnp.exe", "evil\\u202egnp.exe"),
                Arguments.of("\u2066\u2067\u2068\u2069\u200e\u200f\u061c", "\\u2066\\u2067\\u2068\\u2069\\u200e\\u200f\\u061c"),
                Arguments.of("\ud800x", "\\ud800x"));
    }

    @ParameterizedTest
    @MethodSource("unsafe")
    void escapesEveryControlAndBidiCharacter(String raw, String shown) {
        assertThat(Printable.escape(raw)).isEqualTo(shown);
    }

    @Test
    void leavesOrdinaryTextAloneAndReturnsTheSameInstance() {
        String text = "250 mx.example.org Grüße, 例え, \ud83d\udce7 and a backslash \\";
        assertThat(Printable.escape(text)).isSameAs(text);
        assertThat(Printable.firstUnsafe(text)).isEqualTo(-1);
    }

    @Test
    void theResultHasNoUnsafeCharacterForAnyInput() {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0x3000; c++) {
            all.append(c);
        }
        all.append('\udfff').append('\ud800');
        assertThat(Printable.firstUnsafe(Printable.escape(all.toString()))).isEqualTo(-1);
    }
}
