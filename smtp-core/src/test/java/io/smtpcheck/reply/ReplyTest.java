package io.smtpcheck.reply;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplyTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "421 #4.4.5 Too many connections from your host | 4.4.5 | #4.4.5",
            "421 #4.x.2 Too many messages to this session   | 4.x.2 | #4.x.2",
            "550 5.1.1 <nosuchuser@localhost>: Recipient address rejected | 5.1.1 | #5.1.1",
            "538 #5.7.11 Encryption required                 | 5.7.11 | #5.7.11",
            "452 4.5.3 Error: too many recipients            | 4.5.3 | #4.5.3",
    })
    void readsEnhancedCodeInRfcAndEsaForms(String line, String rfc, String esa) {
        Reply reply = Reply.of(line);
        assertThat(reply.enhancedCode()).hasValueSatisfying(code -> {
            assertThat(code).hasToString(rfc);
            assertThat(code.esaForm()).isEqualTo(esa);
        });
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "421 #4.4.5 Too many connections from your host | #4.4.5 | true",
            "421 #4.x.2 Too many messages to this session   | #4.x.2 | true",
            "550 5.1.1 <nosuchuser@localhost>: Rejected     | 5.1.1  | false",
            "451 4.5.3 Too many recipients: # of them       | 4.5.3  | false",
    })
    void remembersWhetherTheServerWroteTheEsaForm(String line, String asWritten, boolean esa) {
        Reply reply = Reply.of(line);
        assertThat(reply.usesEsaForm()).isEqualTo(esa);
        assertThat(reply.enhancedCodeAsWritten()).contains(asWritten);
    }

    @Test
    void noEsaFormWithoutAnEnhancedCode() {
        assertThat(Reply.of("550 #1 relay not permitted").usesEsaForm()).isFalse();
        assertThat(Reply.of("550 relay not permitted").enhancedCodeAsWritten()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "500 Line too long",
            "421 <hostname> Service not available, closing transaction channel",
            "250 ok: Message 214 accepted",
            "554 5.3.0.1 nonsense",
    })
    void noEnhancedCodeWhereTheServerSentNone(String line) {
        assertThat(Reply.of(line).enhancedCode()).isEmpty();
    }

    @Test
    void multiLineReplyKeepsEveryLineAndJoinsTheText() {
        Reply ehlo = Reply.of("250-my_esa.local", "250-SIZE 10240000", "250 STARTTLS");
        assertThat(ehlo.code()).isEqualTo(250);
        assertThat(ehlo.textLines()).containsExactly("my_esa.local", "SIZE 10240000", "STARTTLS");
        assertThat(ehlo.text()).isEqualTo("my_esa.local SIZE 10240000 STARTTLS");
        assertThat(ehlo.isPositive()).isTrue();
    }

    @Test
    void codeClassDecidesTransientOrPermanent() {
        assertThat(Reply.of("452 #4.5.3 Too many recipients").isTransient()).isTrue();
        assertThat(Reply.of("530 #5.7.0 Must issue a STARTTLS command first").isPermanent()).isTrue();
    }

    @Test
    void refusesCodesOutsideSmtp() {
        assertThatThrownBy(() -> Reply.of("999 what")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EnhancedCode.of("3.1.1")).isInstanceOf(IllegalArgumentException.class);
    }
}
