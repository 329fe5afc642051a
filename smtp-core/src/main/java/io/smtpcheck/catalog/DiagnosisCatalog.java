package io.smtpcheck.catalog;

import io.smtpcheck.reply.EnhancedCode;
import io.smtpcheck.reply.Reply;
import io.smtpcheck.request.Stage;
import io.smtpcheck.text.Texts;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.Optional;
import java.util.ResourceBundle;

/**
 * Explains SMTP replies and check outcomes in plain language. The reply rules come from
 * {@code replies.tsv}, the texts from the {@code Messages} bundles (en, fr, ru, ja, ar). Immutable and
 * thread-safe once built; the table of {@link #standard()} is read once, on first use.
 */
public final class DiagnosisCatalog {

    /** The id of every diagnosis composed from the reply code when no rule matches. */
    public static final String GENERIC_ID = "generic.reply";

    private static final String BUNDLE = "io.smtpcheck.catalog.Messages";
    private static final String TABLE = "replies.tsv";
    private static final List<Locale> LANGUAGES = List.of(
            Locale.ENGLISH, Locale.FRENCH, Locale.forLanguageTag("ru"), Locale.JAPANESE, Locale.forLanguageTag("ar"));

    /** The shipped catalog; its reply table stays unread until a reply needs explaining (see {@link #entries()}). */
    private static final DiagnosisCatalog STANDARD = new DiagnosisCatalog(null);

    /** The rules, or null for the shipped table in {@link StandardTable}. */
    private final List<CatalogEntry> entries;

    private DiagnosisCatalog(List<CatalogEntry> entries) {
        this.entries = entries == null ? null : List.copyOf(entries);
    }

    /** The catalog shipped with smtp-check. */
    public static DiagnosisCatalog standard() {
        return STANDARD;
    }

    /** The languages the messages are written in; any other locale gets English. */
    public static List<Locale> languages() {
        return LANGUAGES;
    }

    /**
     * Every rule, in table order. The shipped table is parsed (some hundred and fifty rules) only here: a check
     * that passes is described from the bundles alone, and a one-probe command starts that much sooner.
     */
    public List<CatalogEntry> entries() {
        return entries != null ? entries : StandardTable.ENTRIES;
    }

    /** The most specific rule matching the reply, its stage not known: only rules that name no stage apply. */
    public Optional<CatalogEntry> match(Reply reply) {
        return match(reply, null);
    }

    /** The most specific rule matching the reply at this stage; the ranking is {@code CatalogEntry.Fit.SPECIFICITY}. */
    public Optional<CatalogEntry> match(Reply reply, Stage stage) {
        CatalogEntry.Fit best = null;
        for (CatalogEntry entry : entries()) {
            int length = entry.matchedLength(reply, stage);
            if (length >= 0) {
                CatalogEntry.Fit fit = new CatalogEntry.Fit(entry, length);
                if (best == null || CatalogEntry.Fit.SPECIFICITY.compare(fit, best) > 0) {
                    best = fit;
                }
            }
        }
        return Optional.ofNullable(best).map(CatalogEntry.Fit::entry);
    }

    /** What the reply means when its stage is not known; see {@link #diagnose(Reply, Stage, Locale)}. */
    public Diagnosis diagnose(Reply reply, Locale locale) {
        return diagnose(reply, null, locale);
    }

    /**
     * What the reply means at this stage: the matching rule's messages, or a generic diagnosis built from the code
     * class, the basic code and the enhanced code. The reply text is only ever a format argument, never a pattern.
     */
    public Diagnosis diagnose(Reply reply, Stage stage, Locale locale) {
        Optional<CatalogEntry> entry = match(reply, stage);
        if (entry.isPresent()) {
            return describe(entry.get().id(), locale, reply.text());
        }
        return generic(reply, bundle(locale));
    }

    /** A diagnosis not tied to one reply (network, TLS, protocol, expectation, pass), filled with {@code args}. */
    public Diagnosis describe(String id, Locale locale, Object... args) {
        ResourceBundle messages = bundle(locale);
        if (!messages.containsKey(id + ".summary")) {
            throw new IllegalArgumentException("no diagnosis with id " + id);
        }
        return new Diagnosis(id,
                format(messages, id + ".summary", args),
                format(messages, id + ".explanation", args),
                format(messages, id + ".remedy", args));
    }

    private Diagnosis generic(Reply reply, ResourceBundle messages) {
        Optional<EnhancedCode> enhanced = reply.enhancedCode();
        String codes = reply.code() + enhanced.map(e -> " " + e).orElse("");
        String codeClass = classKey(reply.codeClass());
        String classShort = text(messages, "generic.class-short." + codeClass);
        Optional<String> codeMeaning = optional(messages, "generic.code." + reply.code());
        String summary = codeMeaning
                .map(meaning -> format(messages, "generic.reply.summary", codes, meaning, classShort))
                .orElseGet(() -> format(messages, "generic.reply.summary-class", codes, classShort));

        List<String> explanation = new ArrayList<>();
        explanation.add(format(messages, "generic.reply.quote", reply.text()));
        explanation.add(text(messages, "generic.class." + codeClass));
        List<String> remedy = new ArrayList<>();
        remedy.add(text(messages, "generic.remedy." + (reply.isPositive() ? "ok" : reply.isTransient() ? "4" : "5")));
        enhanced.flatMap(e -> optional(messages, "generic.subject." + e.subject()).map(subject -> {
            Optional<String> detail = optional(messages, "generic.detail." + e.subject() + "." + e.detail());
            return detail.map(d -> format(messages, "generic.enhanced", e.toString(), subject, d))
                    .orElseGet(() -> format(messages, "generic.enhanced.subject", e.toString(), subject));
        })).ifPresent(explanation::add);
        enhanced.filter(e -> !reply.isPositive())
                .flatMap(e -> optional(messages, "generic.advice." + e.subject()))
                .ifPresent(remedy::add);
        return new Diagnosis(GENERIC_ID, summary, sentences(explanation), sentences(remedy));
    }

    /** Joins sentences with a space, except after the Japanese full stop, which needs none. */
    private static String sentences(List<String> parts) {
        StringBuilder text = new StringBuilder();
        for (String part : parts) {
            if (text.length() > 0 && text.charAt(text.length() - 1) != '。') {
                text.append(' ');
            }
            text.append(part);
        }
        return text.toString();
    }

    private static String classKey(int codeClass) {
        return codeClass >= 2 && codeClass <= 5 ? Integer.toString(codeClass) : "other";
    }

    private static ResourceBundle bundle(Locale locale) {
        return Texts.bundle(BUNDLE, locale);
    }

    private static String format(ResourceBundle messages, String key, Object... args) {
        return Texts.format(messages, key, args);
    }

    private static String text(ResourceBundle messages, String key) {
        return format(messages, key);
    }

    private static Optional<String> optional(ResourceBundle messages, String key) {
        return messages.containsKey(key) ? Optional.of(text(messages, key)) : Optional.empty();
    }

    static DiagnosisCatalog load(InputStream table) {
        List<CatalogEntry> entries = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(table, StandardCharsets.UTF_8))) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] cells = line.split("\t", -1);
                if (cells.length != 5) {
                    throw new IllegalStateException(TABLE + " line " + number + ": expected 5 tab-separated cells (id, code, enhanced, stage, text), got " + cells.length);
                }
                try {
                    entries.add(CatalogEntry.of(cells[0], cells[1], cells[2], cells[3], cells[4]));
                } catch (IllegalArgumentException e) {
                    throw new IllegalStateException(TABLE + " line " + number + ": " + e.getMessage(), e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new DiagnosisCatalog(entries);
    }

    /** Lazy holder: the table is read on first use, once, with the JVM's class-initialization guarantees. */
    private static final class StandardTable {
        static final List<CatalogEntry> ENTRIES = loadStandard();

        private static List<CatalogEntry> loadStandard() {
            try (InputStream in = DiagnosisCatalog.class.getResourceAsStream(TABLE)) {
                if (in == null) {
                    throw new MissingResourceException("reply table not found", DiagnosisCatalog.class.getName(), TABLE);
                }
                return load(in).entries;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
