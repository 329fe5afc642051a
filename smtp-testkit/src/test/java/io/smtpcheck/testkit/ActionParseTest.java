package io.smtpcheck.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ActionParseTest {

    @Test
    void parsesEveryForm() {
        assertThat(Action.parse("452 #4.5.3 Too many recipients"))
                .isEqualTo(Action.reply("452 #4.5.3 Too many recipients"));
        assertThat(Action.parse("reply:452 #4.5.3 Too many recipients"))
                .isEqualTo(Action.reply("452 #4.5.3 Too many recipients"));
        assertThat(Action.parse("reply:250-first|250 last")).isEqualTo(Action.reply("250-first", "250 last"));
        assertThat(Action.parse("reply-close:421 4.3.2 Bye")).isEqualTo(Action.replyThenClose("421 4.3.2 Bye"));
        assertThat(Action.parse("close")).isEqualTo(Action.close());
        assertThat(Action.parse("silence")).isEqualTo(Action.silence());
        assertThat(Action.parse("drip:2s:220 slow banner"))
                .isEqualTo(Action.drip(Duration.ofSeconds(2), "220 slow banner"));
        assertThat(Action.parse("drip:150ms:220-a|220 b"))
                .isEqualTo(Action.drip(Duration.ofMillis(150), "220-a", "220 b"));
        assertThat(Action.parse("delay:5s:250 ok"))
                .isEqualTo(Action.delay(Duration.ofSeconds(5), Action.reply("250 ok")));
        assertThat(Action.parse("delay:1m:close")).isEqualTo(Action.delay(Duration.ofMinutes(1), Action.close()));
        assertThat(Action.parse("delay:PT1.5S:endless-line"))
                .isEqualTo(Action.delay(Duration.ofMillis(1500), Action.endlessLine()));
        assertThat(Action.parse("endless-line")).isEqualTo(Action.endlessLine());
        assertThat(Action.parse("endless-multiline")).isEqualTo(Action.endlessMultiline());
        assertThat(Action.parse("garbage")).isEqualTo(Action.garbage(Action.DEFAULT_GARBAGE));
        assertThat(Action.parse("garbage:1024")).isEqualTo(Action.garbage(1024));
        assertThat(Action.parse("http")).isEqualTo(Action.http());
        assertThat(Action.parse("starttls-garbage")).isEqualTo(Action.startTlsThenGarbage());
        assertThat(Action.parse("raw:SGVsbG8NCg==")).isEqualTo(Action.raw("Hello\r\n".getBytes()));
        assertThat(Action.parse("raw-close:MjUwIDIu")).isEqualTo(Action.rawThenClose("250 2.".getBytes()));
        assertThat(Action.parse("CLOSE")).as("keywords are case-insensitive").isEqualTo(Action.close());
    }

    @ParameterizedTest
    @ValueSource(strings = {"reply:250-a|250 b", "reply-close:421 bye", "close", "silence", "drip:100ms:220 x",
        "delay:2s:reply:250 ok", "delay:PT0.0005S:close", "endless-line", "endless-multiline", "garbage:7", "http",
        "starttls-garbage", "raw:AAEC", "raw-close:AAEC"})
    void toStringRoundTrips(String spec) {
        Action action = Action.parse(spec);
        assertThat(Action.parse(action.toString())).isEqualTo(action);
        assertThat(action.toString()).isEqualTo(spec);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "bogus", "reply", "reply:", "close:now", "drip:fast:220 x", "drip:2s",
        "drip:2s:", "delay:5s", "delay:-5s:close", "delay:5s:bogus", "garbage:0", "garbage:lots", "raw:%%%", "raw-close:%%%",
        "http:1.1"})
    void rejectsBadSpecsWithAHint(String spec) {
        assertThatThrownBy(() -> Action.parse(spec)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid action spec").hasMessageContaining("Valid forms");
    }

    @Test
    void parsedActionsBehaveLikeTheirFactories() throws IOException {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder()
                .banner(Action.parse("reply:220-one|220 two"))
                .on("RCPT", Action.parse("250 ok"), Action.parse("reply-close:421 4.7.0 go away")).start();
             SmtpTestClient client = new SmtpTestClient(server.host(), server.port())) {
            assertThat(client.reply()).containsExactly("220-one", "220 two");
            assertThat(client.command("RCPT TO:<a@b>")).containsExactly("250 ok");
            assertThat(client.command("RCPT TO:<c@d>")).containsExactly("421 4.7.0 go away");
            assertThat(client.readLine()).isNull();
        }
    }
}
