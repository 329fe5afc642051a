package io.smtpcheck.option;

import io.smtpcheck.request.InvalidRequestException;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OptionTest {

    @Test
    void namesAndFlagsAreUnique() {
        Set<String> names = new HashSet<>();
        Set<String> flags = new HashSet<>();
        for (Option<?> o : Option.all()) {
            assertThat(names.add(o.name())).as(o.name()).isTrue();
            if (o.offeredBy(Shell.CLI)) {
                o.cliNames().forEach(flag -> assertThat(flags.add(flag)).as(flag).isTrue());
            }
        }
    }

    @Test
    void everyDefaultIsAValueOfItsOptionInEveryFrontEnd() {
        for (Option<?> o : Option.all()) {
            if (o.kind() == Kind.ELEMENTS) {
                continue;
            }
            o.parse(null);
            for (Shell shell : Shell.values()) {
                if (o.offeredBy(shell) && o.defaultIn(shell) != null) {
                    Object text = shell == Shell.CLI ? o.fromCli(o.defaultIn(shell)) : o.defaultIn(shell);
                    assertThat(o.parse(text)).as(o + " in " + shell).isNotNull();
                }
            }
        }
    }

    @Test
    void theOptionsOfACheckAreOfferedEverywhereAndPerTarget() {
        List<Option<?>> check = Option.all().stream().filter(Option::shapesTheCheck).toList();

        assertThat(check).contains(Option.PORT, Option.STOP_AFTER, Option.LANG).doesNotContain(Option.FAIL_ON_TRANSIENT, Option.HOST);
        assertThat(check).allMatch(o -> o.offeredBy(Shell.CLI) && o.offeredBy(Shell.MAVEN) && o.offeredBy(Shell.JENKINS) && o.perTarget());
        assertThat(Option.in(Shell.JENKINS)).contains(Option.HOST, Option.CREDENTIALS_ID, Option.FAIL_ON_PERMANENT).doesNotContain(Option.PARALLEL);
    }

    @Test
    void theCommandLineWritesNamesInKebabCaseAndHasFormsOfItsOwn() {
        assertThat(Option.STOP_AFTER.cliName()).isEqualTo("--stop-after");
        assertThat(Option.STOP_AFTER.field()).isEqualTo("stop-after");
        assertThat(Option.PORT.cliNames()).containsExactly("-p", "--port");

        assertThat(Option.TLS_LEVEL.cliName()).isEqualTo("--tls-level");
        assertThat(Option.ALLOW_UNVERIFIED_AUTH.cliName()).isEqualTo("--allow-unverified-auth");
        assertThat(Option.MIN_CERT_DAYS.cliFlag()).as("--min-cert-days takes warn[,crit]").isFalse();

        assertThat(Option.FAIL_ON_TRANSIENT.defaultIn(Shell.CLI)).isEqualTo("warn");
        assertThat(Option.FAIL_ON_TRANSIENT.defaultIn(Shell.MAVEN)).isEqualTo("true");
        assertThat(Option.FAIL_ON_TRANSIENT.defaultIn(Shell.JENKINS)).isEqualTo("false");
        assertThat(Option.FAIL_ON_TRANSIENT.fromCli("FAIL")).isEqualTo("true");
        assertThat(Option.FAIL_ON_TRANSIENT.fromCli("warn")).isEqualTo("false");
        assertThatThrownBy(() -> Option.FAIL_ON_TRANSIENT.fromCli("maybe"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("transient"))
                .hasMessage("transient: must be warn or fail, not 'maybe'");
    }

    @Test
    void choicesAreReadInAnyCaseAndRefusedWithTheList() {
        assertThat(Option.FORMAT.parse("JSON")).isEqualTo("json");
        assertThat(Option.LANG.parse("fr-CA").getLanguage()).isEqualTo("fr");
        assertThatThrownBy(() -> Option.FORMAT.parse("xml")).hasMessage("format: 'xml' is not offered; use one of text, json, junit, nagios");
        assertThatThrownBy(() -> Option.LANG.parse("de")).hasMessage("lang: 'de' is not a language of the diagnoses; use one of en, fr, ru, ja, ar");
    }
}
