package io.smtpcheck.catalog;

import io.smtpcheck.reply.EnhancedCode;
import io.smtpcheck.reply.Reply;
import io.smtpcheck.request.Stage;

import java.util.Comparator;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One rule of the reply table: a reply with this code, this enhanced code (when given), at one of these stages
 * (when given) and with a text the pattern finds (when given) is explained by the messages under {@code id}.
 * Several rules may share an id: the same diagnosis reached by the enhanced code or by the wording.
 *
 * @param id       message key prefix, for example {@code esa.too-many-connections-from-host}
 * @param code     {@code 554}, a class {@code 5xx}, or {@code *} for any reply code
 * @param enhanced the RFC 3463 code the reply must carry, with wildcards and ranges (see {@link EnhancedPattern})
 * @param stages   the stages the rule applies to; empty for every stage
 * @param text     found anywhere in {@link Reply#text()}, case-insensitive; empty for any text
 */
public record CatalogEntry(String id, String code, Optional<EnhancedPattern> enhanced, Set<Stage> stages, Optional<Pattern> text) {

    private static final Pattern CODE = Pattern.compile("[2-5](\\d\\d|xx)|\\*");
    private static final String ANY = "-";

    public CatalogEntry {
        Objects.requireNonNull(id, "id");
        if (!CODE.matcher(code).matches()) {
            throw new IllegalArgumentException("reply code must be like 554, 5xx or *: " + code);
        }
        Objects.requireNonNull(enhanced, "enhanced");
        stages = Set.copyOf(stages);
        Objects.requireNonNull(text, "text");
    }

    /** Builds an entry from table cells; {@code -} in the enhanced, stage or text cell means "any". */
    public static CatalogEntry of(String id, String code, String enhanced, String stages, String textRegex) {
        Set<Stage> stageSet = EnumSet.noneOf(Stage.class);
        if (!stages.equals(ANY)) {
            for (String stage : stages.split(",")) {
                stageSet.add(stage(stage.strip()));
            }
        }
        return new CatalogEntry(id, code,
                enhanced.equals(ANY) ? Optional.empty() : Optional.of(EnhancedPattern.parse(enhanced)),
                stageSet,
                textRegex.equals(ANY) ? Optional.empty()
                        : Optional.of(Pattern.compile(textRegex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE)));
    }

    /**
     * How many characters of the reply text the rule's pattern finds (0 for a rule without text), or -1 when the
     * reply lacks the code, the enhanced code, the stage or the text the rule names. A {@code null} stage (not
     * known) matches only rules that name none.
     */
    int matchedLength(Reply reply, Stage stage) {
        if (!codeMatches(reply.code())) {
            return -1;
        }
        if (!stages.isEmpty() && (stage == null || !stages.contains(stage))) {
            return -1;
        }
        if (enhanced.isPresent()) {
            Optional<EnhancedCode> actual = reply.enhancedCode();
            if (actual.isEmpty() || !enhanced.get().matches(actual.get())) {
                return -1;
            }
        }
        if (text.isEmpty()) {
            return 0;
        }
        Matcher found = text.get().matcher(reply.text());
        return found.find() ? found.end() - found.start() : -1;
    }

    /**
     * Ranks the rules that match one reply, most specific last: the server's own wording says more than its codes;
     * a stage narrows a code that means different things at different stages (554 at the greeting or at RCPT);
     * then a more exact enhanced code; then the rule that found more of the text (Postfix "User unknown in local
     * recipient table" over "User unknown"); then an exact basic code.
     */
    record Fit(CatalogEntry entry, int textLength) {
        static final Comparator<Fit> SPECIFICITY = Comparator
                .comparing((Fit f) -> f.entry.text.isPresent())
                .thenComparing(f -> !f.entry.stages.isEmpty())
                .thenComparingInt(f -> f.entry.enhanced.map(EnhancedPattern::exactness).orElse(-1))
                .thenComparingInt(Fit::textLength)
                .thenComparingInt(f -> f.entry.codeExactness());
    }

    private static Stage stage(String name) {
        for (Stage stage : Stage.values()) {
            if (stage != Stage.CONNECT && stage != Stage.QUIT && stage.name().equalsIgnoreCase(name)) {
                return stage;
            }
        }
        throw new IllegalArgumentException("unknown stage " + name + "; use banner, ehlo, tls, auth, mail, rcpt or data");
    }

    private boolean codeMatches(int replyCode) {
        String actual = Integer.toString(replyCode);
        return code.equals("*") || code.equals(actual) || (code.endsWith("xx") && code.charAt(0) == actual.charAt(0));
    }

    private int codeExactness() {
        return code.equals("*") ? 0 : code.endsWith("xx") ? 1 : 2;
    }

    /**
     * An enhanced status code with wildcards, as the table writes it: {@code x} stands for any value of a part
     * ({@code x.5.3} whatever the class, {@code 4.x.2} as Cisco ESA writes it), and a detail may be a range
     * ({@code 5.7.606-649}, as Microsoft documents its banned-IP codes).
     */
    public record EnhancedPattern(String codeClass, String subject, String detail) {

        private static final Pattern CELL = Pattern.compile("([245x])\\.(\\d{1,3}|x)\\.(\\d{1,3}(?:-\\d{1,3})?|x)");

        static EnhancedPattern parse(String cell) {
            Matcher m = CELL.matcher(cell.strip().toLowerCase(Locale.ROOT));
            if (!m.matches()) {
                throw new IllegalArgumentException("not an enhanced code pattern (like 5.7.1, x.5.3, 5.7.606-649): " + cell);
            }
            return new EnhancedPattern(m.group(1), m.group(2), m.group(3));
        }

        boolean matches(EnhancedCode actual) {
            return part(codeClass, Integer.toString(actual.codeClass())) && part(subject, actual.subject()) && detailMatches(actual.detail());
        }

        /** 0 to 5: one point per exact class and subject, two for an exact detail, one for a range. */
        int exactness() {
            int score = (codeClass.equals("x") ? 0 : 1) + (subject.equals("x") ? 0 : 1);
            return score + (detail.equals("x") ? 0 : detail.contains("-") ? 1 : 2);
        }

        private boolean detailMatches(String actual) {
            int dash = detail.indexOf('-');
            if (dash < 0) {
                return part(detail, actual);
            }
            if (!actual.chars().allMatch(Character::isDigit)) {
                return false;
            }
            int value = Integer.parseInt(actual);
            return value >= Integer.parseInt(detail.substring(0, dash)) && value <= Integer.parseInt(detail.substring(dash + 1));
        }

        private static boolean part(String pattern, String actual) {
            return pattern.equals("x") || pattern.equals(actual);
        }

        @Override
        public String toString() {
            return codeClass + "." + subject + "." + detail;
        }
    }
}
