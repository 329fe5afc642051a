package io.smtpcheck.catalog;

import io.smtpcheck.reply.Reply;
import io.smtpcheck.request.Stage;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Renders the reply table as the Markdown page {@code docs/catalog.md}, so the documentation comes from the same
 * rules the checker uses, with the share of real servers' rejections the rules explain. {@code CatalogMarkdownTest}
 * fails when the page is stale and rewrites it on request.
 */
public final class CatalogMarkdown {

    /** The command that rewrites docs/catalog.md after a change to the table or the English messages. */
    public static final String REGENERATE_COMMAND =
            "./mvnw -q -B -pl smtp-core test -Dtest=CatalogMarkdownTest -Dcatalog.regenerate=true";

    /**
     * A rejection a real server sent in the integration tests: which server, at which stage, and the reply.
     *
     * @param mta the server as the page names it, for example {@code Exim 4.96}
     */
    public record Observed(String mta, Stage stage, Reply reply) {
        public Observed {
            Objects.requireNonNull(mta, "mta");
            Objects.requireNonNull(stage, "stage");
            Objects.requireNonNull(reply, "reply");
        }
    }

    private CatalogMarkdown() {
    }

    /** The page for {@code catalog}, in English, with the share of {@code observed} that gets a specific diagnosis. */
    public static String render(DiagnosisCatalog catalog, List<Observed> observed) {
        StringBuilder out = new StringBuilder()
                .append("# Reply catalog\n\n")
                .append("Generated from `smtp-core/src/main/resources/io/smtpcheck/catalog/replies.tsv` and `Messages.properties`;")
                .append(" do not edit by hand, regenerate it with `").append(REGENERATE_COMMAND).append("`.\n\n")
                .append("A reply matches a row when it has the code (`5xx` is any code of that class, `*` any code), the enhanced")
                .append(" status code (if the row names one; `x` matches any value, `606-649` a range), arrives at one of the")
                .append(" stages (if the row names any) and contains the text (if the row names one; case-insensitive, `…` stands")
                .append(" for any text). When several rows match, the most specific wins: a row naming a text over one that does")
                .append(" not, then a row naming a stage, then the more exact enhanced code, then the row that found more of the")
                .append(" text, then the exact code. So a specific enhanced code decides whatever the basic code (`451 4.5.3` is")
                .append(" too many recipients, `554 5.3.4` a message too big), a server's own wording refines it, and 554 at the")
                .append(" greeting (RFC 5321 section 3.1: no SMTP service here) differs from 554 at RCPT TO. A reply no row")
                .append(" matches gets a generic diagnosis built from its code and enhanced status code.\n\n");
        appendShare(out, catalog, observed);
        out.append("## Rules\n\n")
                .append("| Code | Enhanced | Stage | What the server says | Summary | Remedy | Id |\n")
                .append("| --- | --- | --- | --- | --- | --- | --- |\n");
        for (CatalogEntry entry : catalog.entries()) {
            // The page shows rules, not replies: the reply-text placeholder reads as an ellipsis.
            Diagnosis d = catalog.describe(entry.id(), Locale.ENGLISH, "…");
            out.append("| ").append(cell(entry.code()))
                    .append(" | ").append(entry.enhanced().map(Object::toString).orElse(""))
                    .append(" | ").append(entry.stages().stream().sorted().map(Stage::label).collect(Collectors.joining(", ")))
                    .append(" | ").append(entry.text().map(t -> cell(readable(t.pattern()))).orElse(""))
                    .append(" | ").append(cell(d.summary()))
                    .append(" | ").append(cell(d.remedy()))
                    .append(" | `").append(entry.id()).append("` |\n");
        }
        return out.toString();
    }

    /**
     * Per server: how many of its real rejections get a rule's diagnosis rather than the generic one, then every
     * rejection with the diagnosis it gets, so a reader can see what "specific" means.
     */
    private static void appendShare(StringBuilder out, DiagnosisCatalog catalog, List<Observed> observed) {
        Map<String, int[]> perMta = new LinkedHashMap<>();
        for (Observed o : observed) {
            int[] counts = perMta.computeIfAbsent(o.mta(), mta -> new int[2]);
            counts[0]++;
            if (catalog.match(o.reply(), o.stage()).isPresent()) {
                counts[1]++;
            }
        }
        out.append("## Real servers\n\n")
                .append("The integration tests provoke these rejections from real servers on loopback (`.ci/postfix-scenarios.md`,")
                .append(" `.ci/mta-scenarios.md`). A specific diagnosis names the cause and a remedy for that server; the rest get")
                .append(" the generic one.\n\n")
                .append("| Server | Rejections | Specific diagnosis | Share |\n")
                .append("| --- | --- | --- | --- |\n");
        perMta.forEach((mta, counts) -> out.append("| ").append(mta).append(" | ").append(counts[0]).append(" | ").append(counts[1])
                .append(" | ").append(Math.round(100.0 * counts[1] / counts[0])).append(" % |\n"));
        out.append("\n| Server | Stage | Reply | Diagnosis |\n| --- | --- | --- | --- |\n");
        for (Observed o : observed) {
            out.append("| ").append(o.mta()).append(" | ").append(o.stage().label())
                    .append(" | ").append(cell(String.join(" / ", o.reply().lines())))
                    .append(" | `").append(catalog.diagnose(o.reply(), o.stage(), Locale.ENGLISH).id()).append("` |\n");
        }
        out.append('\n');
    }

    /** Turns the regular expression into what an admin would read in a reply: alternatives, no escapes. */
    static String readable(String regex) {
        return regex.replace(".*", "…")
                .replace("(?:", "(")
                .replace("\\s+", " ")
                .replace(" ?", " ")
                .replace("|", " / ")
                .replaceAll("\\\\(.)", "$1");
    }

    /** Escapes what Markdown would read as table separators, emphasis or HTML tags ({@code <cr>}). */
    private static String cell(String text) {
        return text.replace("|", "\\|").replace("*", "\\*").replace("<", "&lt;").replace("\n", " ");
    }
}
