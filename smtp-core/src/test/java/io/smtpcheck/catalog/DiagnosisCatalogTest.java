package io.smtpcheck.catalog;

import io.smtpcheck.reply.EnhancedCode;
import io.smtpcheck.reply.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

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

    @ParameterizedTest(name = "{0}")
    @CsvFileSource(resources = "/catalog/mta-replies.txt", delimiter = '|')
    void commonMtaRepliesMatchTheirEntry(String line, String expectedId) {
        assertThat(CATALOG.match(Reply.of(line))).map(CatalogEntry::id).contains(expectedId);
    }

    @Test
    void everyEntryIsExercisedBySampleReplies() throws IOException {
        Set<String> matched = new HashSet<>();
        for (String line : seedReplies()) {
            CATALOG.match(Reply.of(line)).ifPresent(e -> matched.add(e.id()));
        }
        for (String line : lines("/catalog/mta-replies.txt")) {
            if (!line.startsWith("#")) {
                CATALOG.match(Reply.of(line.split("\\|")[0].strip())).ifPresent(e -> matched.add(e.id()));
            }
        }
        assertThat(matched).containsAll(CATALOG.entries().stream().map(CatalogEntry::id).toList());
    }

    @Test
    void unknownPermanentPolicyReplyGetsAGenericDiagnosisNamingClassAndSubject() {
        Diagnosis d = CATALOG.diagnose(Reply.of("550 5.7.26 Unauthenticated email from example.com is not accepted due to DMARC"), Locale.ENGLISH);
        assertThat(d.id()).isEqualTo("generic.reply");
        assertThat(d.summary()).contains("550 5.7.26", "permanent failure");
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
        assertThat(CATALOG.diagnose(Reply.of("552 5.2.2 Over quota"), Locale.ENGLISH).explanation()).contains("the mailbox", "mailbox full");
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
    void entryIdsAreUniqueAndEachHasItsMessages() {
        List<String> ids = CATALOG.entries().stream().map(CatalogEntry::id).toList();
        assertThat(ids).doesNotHaveDuplicates();
        for (String id : ids) {
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
    void entryNeedsTheCodeAndTheEnhancedCodeItNames() {
        assertThat(CATALOG.match(Reply.of("452 Too many recipients"))).isEmpty();
        assertThat(CATALOG.match(Reply.of("450 #4.5.3 Too many recipients"))).isEmpty();
        assertThat(CATALOG.match(Reply.of("552 Size limit exceeded"))).map(CatalogEntry::id).contains("smtp.message-too-big");
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

    private static List<String> seedReplies() throws IOException {
        return lines("/seeds/004-replies.txt");
    }

    private static List<String> lines(String resource) throws IOException {
        try (InputStream in = DiagnosisCatalogTest.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        }
    }
}
