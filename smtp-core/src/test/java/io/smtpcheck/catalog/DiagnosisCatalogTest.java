package io.smtpcheck.catalog;

import io.smtpcheck.classify.EnhancedCode;
import io.smtpcheck.classify.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
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
    @CsvSource(delimiter = '|', textBlock = """
            421 #4.4.5 Too many connections from your host | esa.too-many-connections-from-host
            530 #5.7.0 Must issue a STARTTLS command first | smtp.starttls-required
            452 #4.5.3 Too many recipients | smtp.too-many-recipients
            554 5.7.1 <bob@example.org>: Relay access denied | postfix.relay-denied
            550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown in local recipient table | postfix.user-unknown-local
            450 4.1.8 <a@nowhere.invalid>: Sender address rejected: Domain not found | postfix.sender-domain-not-found
            452 4.5.3 Error: too many recipients | smtp.too-many-recipients
            530 5.7.0 Must issue a STARTTLS command first | smtp.starttls-required
            554 5.7.1 Service unavailable; Client host [192.0.2.7] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/192.0.2.7 | postfix.rbl-blocked
            450 4.7.1 Client host rejected: cannot find your hostname, [192.0.2.7] | postfix.unknown-client-hostname
            421 4.7.0 mail.example.com Error: too many connections from 192.0.2.7 | postfix.too-many-connections
            501 5.5.2 <bad_name!>: Helo command rejected: Invalid name | postfix.helo-invalid-name
            504 5.5.2 <pc01>: Helo command rejected: need fully-qualified hostname | postfix.helo-not-fqdn
            535 5.7.8 Error: authentication failed: authentication failure | smtp.auth-failed
            502 5.5.1 Error: command not implemented | smtp.command-not-implemented
            552 5.3.4 Message size exceeds fixed limit | smtp.message-too-big
            550 5.7.1 Client does not have permissions to send as this sender | exchange.send-as-denied
            530 5.7.57 SMTP; Client was not authenticated to send anonymous mail during MAIL FROM | exchange.client-not-authenticated
            530 5.7.57 Client not authenticated to send mail | exchange.client-not-authenticated
            550 5.7.54 SMTP; Unable to relay recipient in non-accepted domain | exchange.unable-to-relay
            451 4.7.0 Temporary server error. Please try again later. PRX5 | exchange.temporary-server-error
            452 4.3.1 Insufficient system resources | exchange.insufficient-resources
            421 4.3.2 Service not available | exchange.service-not-available
            421 4.3.2 Service not available, closing transmission channel | exchange.service-not-available
            550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup | exchange.recipient-not-found
            550 5.7.1 <carol@example.net>... Relaying denied | sendmail.relaying-denied
            553 5.1.8 <a@nowhere.invalid>... Domain of sender address a@nowhere.invalid does not exist | sendmail.sender-domain-unknown
            550 5.1.1 <nobody@example.com>... User unknown | sendmail.user-unknown
            451 4.3.0 Temporary system failure. Please try again later. | sendmail.temporary-failure
            421 mail.example.com Service not available, closing transmission channel | smtp.service-not-available
            503 5.5.1 Error: need RCPT command | smtp.command-order
            454 4.7.0 TLS not available due to local problem | postfix.tls-local-problem
            """)
    void commonMtaRepliesMatchTheirEntry(String line, String expectedId) {
        assertThat(CATALOG.match(Reply.of(line))).map(CatalogEntry::id).contains(expectedId);
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
        try (InputStream in = DiagnosisCatalogTest.class.getResourceAsStream("/seeds/004-replies.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        }
    }
}
