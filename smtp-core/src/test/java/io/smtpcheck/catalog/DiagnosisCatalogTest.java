package io.smtpcheck.catalog;

import io.smtpcheck.reply.EnhancedCode;
import io.smtpcheck.reply.Reply;
import io.smtpcheck.request.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.aggregator.ArgumentsAccessor;
import org.junit.jupiter.params.provider.CsvFileSource;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DiagnosisCatalogTest {

    private static final DiagnosisCatalog CATALOG = DiagnosisCatalog.standard();
    private static final Locale JVM_DEFAULT = Locale.getDefault();

    @AfterEach
    void restoreDefaultLocale() {
        Locale.setDefault(JVM_DEFAULT);
    }

    @Test
    void everySeed004ReplyHasASpecificEntryAndParses() throws IOException {
        List<String> lines = seedReplies();
        assertThat(lines).hasSize(52);
        for (String line : lines) {
            Reply reply = Reply.of(line);
            assertThat(reply.code()).as(line).isEqualTo(Integer.parseInt(line.substring(0, 3)));
            if (line.substring(4).startsWith("#")) {
                EnhancedCode expected = EnhancedCode.of(line.substring(4).split(" ")[0]);
                assertThat(reply.enhancedCode()).as(line).contains(expected);
            } else {
                assertThat(reply.enhancedCode()).as(line).isEmpty();
            }
            assertThat(CATALOG.match(reply)).as(line).isPresent();
            assertThat(CATALOG.diagnose(reply, Locale.ENGLISH).id()).as(line).isNotEqualTo(DiagnosisCatalog.GENERIC_ID);
        }
    }

    @Test
    void esaWildcardEnhancedCodeParsesAndMatches() {
        Reply reply = Reply.of("421 #4.x.2 Too many messages to this session");
        assertThat(reply.enhancedCode()).contains(new EnhancedCode(4, "x", "2"));
        assertThat(CATALOG.match(reply)).map(CatalogEntry::id).contains("esa.too-many-messages-in-session");
    }

    /** Rows are reply | entry id, and a third cell, the stage, when the rule depends on it. */
    @ParameterizedTest(name = "{0}")
    @CsvFileSource(resources = "/catalog/mta-replies.txt", delimiter = '|')
    void commonMtaRepliesMatchTheirEntry(ArgumentsAccessor row) {
        Stage stage = row.size() > 2 ? stage(row.getString(2)) : null;
        assertThat(CATALOG.match(Reply.of(row.getString(0)), stage)).map(CatalogEntry::id).contains(row.getString(1));
    }

    /** Every row of the table, not only every id: a row no sample reaches is either dead or shadowed by another. */
    @Test
    void everyRuleIsExercisedBySampleReplies() throws IOException {
        Set<CatalogEntry> matched = new HashSet<>();
        for (String line : seedReplies()) {
            CATALOG.match(Reply.of(line)).ifPresent(matched::add);
        }
        for (String line : lines("/catalog/mta-replies.txt")) {
            if (!line.startsWith("#")) {
                String[] cells = line.split("\\|");
                CATALOG.match(Reply.of(cells[0].strip()), cells.length > 2 ? stage(cells[2]) : null).ifPresent(matched::add);
            }
        }
        assertThat(CATALOG.entries().stream().filter(rule -> !matched.contains(rule)).toList()).as("rules no sample reply reaches").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "451 4.5.3 Too many recipients: Too many recipients        | smtp.too-many-recipients",
            "450 #4.5.3 Too many recipients                           | smtp.too-many-recipients",
            "554 5.3.4 Message too big for system: Transaction failed | smtp.message-too-big",
            "421 4.3.4 odd but too big                                | smtp.message-too-big",
            "550 5.2.2 anything                                       | smtp.mailbox-full",
            "450 4.1.1 anything                                       | smtp.mailbox-unknown",
    })
    void aSpecificEnhancedCodeDecidesWhateverTheBasicCode(String line, String expectedId) {
        assertThat(CATALOG.diagnose(Reply.of(line), Stage.RCPT, Locale.ENGLISH).id()).isEqualTo(expectedId);
    }

    @Test
    void detailRangesMatchTheirBoundsAndExactCodesBeatRanges() {
        assertThat(CATALOG.match(Reply.of("550 5.7.606 Access denied"))).map(CatalogEntry::id).contains("exchange.banned-ip");
        assertThat(CATALOG.match(Reply.of("550 5.7.649 Access denied"))).map(CatalogEntry::id).contains("exchange.banned-ip");
        assertThat(CATALOG.match(Reply.of("550 5.7.650 Access denied"))).isEmpty();
        assertThat(CATALOG.match(Reply.of("550 5.7.605 Access denied"))).isEmpty();
        assertThat(CATALOG.match(Reply.of("550 5.7.705 Access denied"))).map(CatalogEntry::id).contains("exchange.tenant-threshold");
        assertThat(CATALOG.match(Reply.of("550 5.7.708 Access denied"))).map(CatalogEntry::id).contains("exchange.ip-not-accepted");
    }

    @Test
    void theStageGivesOneReplyDifferentMeanings() {
        Reply reply = Reply.of("554 5.7.1 Client host rejected: access denied");
        assertThat(CATALOG.diagnose(reply, Stage.BANNER, Locale.ENGLISH).id()).isEqualTo("smtp.banner-refused");
        assertThat(CATALOG.diagnose(reply, Stage.MAIL, Locale.ENGLISH).id()).isEqualTo("smtp.sender-refused");
        assertThat(CATALOG.diagnose(reply, Stage.RCPT, Locale.ENGLISH).id()).isEqualTo("smtp.recipient-refused");
        assertThat(CATALOG.diagnose(reply, Stage.DATA, Locale.ENGLISH).id()).isEqualTo("smtp.content-refused");
        assertThat(CATALOG.diagnose(reply, Locale.ENGLISH).id()).as("stage unknown").isEqualTo("smtp.policy-refused");

        Reply plain554 = Reply.of("554 Transaction failed");
        assertThat(CATALOG.diagnose(plain554, Stage.BANNER, Locale.ENGLISH).summary()).isEqualTo("The server refuses this client at connection time.");
        assertThat(CATALOG.diagnose(plain554, Stage.RCPT, Locale.ENGLISH).id()).isEqualTo(DiagnosisCatalog.GENERIC_ID);
    }

    @Test
    void theServersWordingRefinesItsEnhancedCode() {
        assertThat(CATALOG.diagnose(Reply.of("554 5.7.1 <x@example.com>: Relay access denied"), Stage.RCPT, Locale.ENGLISH).id())
                .isEqualTo("postfix.relay-denied");
        assertThat(CATALOG.diagnose(Reply.of("552 #5.3.4 Header size exceeds limit"), Stage.DATA, Locale.ENGLISH).id())
                .isEqualTo("esa.header-too-big");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "x\t55\t-\t-\ttext      | line 1: reply code must be like 554, 5xx or *: 55",
            "x\t550\t9.1.1\t-\ttext | line 1: not an enhanced code pattern",
            "x\t550\t-\tlater\ttext | line 1: unknown stage later; use banner, ehlo, tls, auth, mail, rcpt or data",
            "x\t550\t-\t-\t(       | line 1: Unclosed group",
            "x\t550\t-\t-           | line 1: expected 5 tab-separated cells",
    })
    void aBrokenTableNamesTheLineAndTheCell(String row, String message) {
        InputStream table = new java.io.ByteArrayInputStream(row.getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> DiagnosisCatalog.load(table)).hasMessageContaining(message);
    }

    @Test
    void unknownPermanentPolicyReplyGetsAGenericDiagnosisNamingClassAndSubject() {
        Diagnosis d = CATALOG.diagnose(Reply.of("550 5.7.99 Refused by a local rule"), Locale.ENGLISH);
        assertThat(d.id()).isEqualTo("generic.reply");
        assertThat(d.summary()).contains("550 5.7.99", "permanent failure");
        assertThat(d.explanation()).contains("permanent failure", "security or policy");
    }

    @Test
    void unknownTransientReplyWithoutEnhancedCodeIsTransient() {
        Diagnosis d = CATALOG.diagnose(Reply.of("451 whatever"), Locale.ENGLISH);
        assertThat(d.id()).isEqualTo("generic.reply");
        assertThat(d.summary()).contains("451", "transient failure");
        assertThat(d.explanation()).contains("transient failure").doesNotContain("enhanced");
        assertThat(d.remedy()).contains("Retry later");
    }

    @Test
    void genericDiagnosisNamesCommonDetails() {
        assertThat(CATALOG.diagnose(Reply.of("552 5.2.0 Mailbox trouble"), Locale.ENGLISH).explanation()).contains("the mailbox", "other or undefined mailbox status");
        assertThat(CATALOG.diagnose(Reply.of("599 9.9.9 odd"), Locale.ENGLISH).summary()).contains("599", "permanent failure");
        assertThat(CATALOG.diagnose(Reply.of("250 2.0.0 Ok"), Locale.ENGLISH).remedy()).isEqualTo("Nothing to do.");
    }

    @Test
    void replyTextWithBracesAndApostrophesIsRenderedVerbatim() {
        String text = "5.7.99 Don't {0} send '{1}' here";
        Diagnosis generic = CATALOG.diagnose(Reply.of("550 " + text), Locale.ENGLISH);
        assertThat(generic.explanation()).contains(text);

        Diagnosis specific = CATALOG.diagnose(Reply.of("501 Unknown option {0}'s"), Locale.FRENCH);
        assertThat(specific.id()).isEqualTo("esa.unknown-command-option-value");
        assertThat(specific.summary()).contains("Unknown option {0}'s");
    }

    @Test
    void unsupportedLocaleYieldsEnglishEvenOnAGermanJvm() {
        Locale.setDefault(Locale.GERMANY);
        Diagnosis english = CATALOG.describe("network.reset", Locale.ENGLISH);
        assertThat(CATALOG.describe("network.reset", Locale.GERMAN)).isEqualTo(english);
        assertThat(CATALOG.describe("network.reset", Locale.forLanguageTag("pt-BR"))).isEqualTo(english);
        assertThat(english.summary()).isEqualTo("The connection was reset.");
    }

    @Test
    void describeFillsArguments() {
        Diagnosis d = CATALOG.describe("network.connect-timeout", Locale.ENGLISH, "mx.example.com:25", 10);
        assertThat(d.id()).isEqualTo("network.connect-timeout");
        assertThat(d.summary()).isEqualTo("No answer from mx.example.com:25 within 10 s.");
        assertThat(CATALOG.describe("protocol.unexpected-reply", Locale.ENGLISH, "RCPT TO", 354).summary())
                .isEqualTo("Unexpected reply 354 to RCPT TO.");
    }

    @Test
    void describeRejectsUnknownIds() {
        assertThatThrownBy(() -> CATALOG.describe("no.such.id", Locale.ENGLISH)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rulesAreUniqueAndEachIdHasItsMessages() {
        List<String> conditions = CATALOG.entries().stream()
                .map(e -> e.code() + " " + e.enhanced() + " " + e.stages() + " " + e.text().map(Object::toString)).toList();
        assertThat(conditions).doesNotHaveDuplicates();
        for (String id : CATALOG.entries().stream().map(CatalogEntry::id).distinct().toList()) {
            Diagnosis d = CATALOG.describe(id, Locale.ENGLISH, "x");
            assertThat(List.of(d.summary(), d.explanation(), d.remedy())).as(id).allSatisfy(s -> assertThat(s).isNotBlank());
        }
    }

    @Test
    void moreSpecificEntryWins() {
        Reply postfix = Reply.of("550 5.1.1 <x@example.com>: Recipient address rejected: User unknown in virtual mailbox table");
        assertThat(CATALOG.match(postfix)).map(CatalogEntry::id).contains("postfix.user-unknown-local");
        assertThat(CATALOG.match(Reply.of("550 5.1.1 User unknown"))).map(CatalogEntry::id).contains("sendmail.user-unknown");
    }

    @Test
    void ruleNeedsTheCodeTheEnhancedCodeAndTheStageItNames() {
        assertThat(CATALOG.match(Reply.of("552 Too many recipients"))).as("4xx rule, 5xx reply").isEmpty();
        assertThat(CATALOG.match(Reply.of("550 Header size exceeds limit"))).as("no 5.3.4 in the reply").isEmpty();
        assertThat(CATALOG.match(Reply.of("550 Unrouteable address"), Stage.MAIL)).as("an RCPT rule at MAIL").isEmpty();
        assertThat(CATALOG.match(Reply.of("550 Unrouteable address"))).as("stage unknown").isEmpty();
        assertThat(CATALOG.match(Reply.of("552 Size limit exceeded"))).map(CatalogEntry::id).contains("smtp.message-too-big");
    }

    @Test
    void theOldSignatureIsTheUnknownStage() {
        Reply reply = Reply.of("550 Client host rejected: access denied for 127.0.0.1");
        assertThat(CATALOG.diagnose(reply, Locale.FRENCH)).isEqualTo(CATALOG.diagnose(reply, null, Locale.FRENCH));
        assertThat(CATALOG.diagnose(reply, Stage.BANNER, Locale.FRENCH)).isNotEqualTo(CATALOG.diagnose(reply, Locale.FRENCH));
    }

    @Test
    void languagesAreTheFiveBundles() {
        assertThat(DiagnosisCatalog.languages()).extracting(Locale::getLanguage).containsExactly("en", "fr", "ru", "ja", "ar");
    }

    @Test
    void multiLineRepliesAreMatchedOnTheirWholeText() {
        Reply reply = Reply.of("554-5.7.1 Service unavailable; Client host [192.0.2.7] blocked using zen.spamhaus.org;",
                "554 5.7.1 https://www.spamhaus.org/query/ip/192.0.2.7");
        assertThat(CATALOG.match(reply)).map(CatalogEntry::id).contains("postfix.rbl-blocked");
    }

    private static Stage stage(String cell) {
        return cell == null || cell.isBlank() ? null : Stage.valueOf(cell.strip().toUpperCase(Locale.ROOT));
    }

    private static List<String> seedReplies() throws IOException {
        return lines("/seeds/004-replies.txt");
    }

    private static List<String> lines(String resource) throws IOException {
        try (InputStream in = DiagnosisCatalogTest.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        }
    }
}
