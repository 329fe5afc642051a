package io.smtpcheck.reply;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** One server reply: the three-digit code and every line as received, continuation lines included. */
public record Reply(int code, List<String> lines) implements java.io.Serializable {

    public Reply {
        if (code < 100 || code > 599) {
            throw new IllegalArgumentException("reply code out of range: " + code);
        }
        lines = List.copyOf(lines);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("a reply has at least one line");
        }
    }

    /** Builds a reply from raw lines such as {@code "250-PIPELINING"}, {@code "250 OK"}. */
    public static Reply of(String... lines) {
        return new Reply(Integer.parseInt(lines[0].substring(0, 3)), List.of(lines));
    }

    public int codeClass() {
        return code / 100;
    }

    public boolean isPositive() {
        return codeClass() == 2 || codeClass() == 3;
    }

    public boolean isTransient() {
        return codeClass() == 4;
    }

    public boolean isPermanent() {
        return codeClass() == 5;
    }

    /** The text of every line without the code and separator, joined by a space. */
    public String text() {
        return lines.stream().map(Reply::textOf).collect(Collectors.joining(" ")).strip();
    }

    /** The text of each line without the {@code 250-} / {@code 250 } prefix. */
    public List<String> textLines() {
        return lines.stream().map(Reply::textOf).toList();
    }

    /** The enhanced status code of the first line, in RFC 3463 or ESA form, when the server sent one. */
    public Optional<EnhancedCode> enhancedCode() {
        return EnhancedCode.parseLeading(textOf(lines.get(0)));
    }

    /**
     * True when the server wrote its enhanced code in Cisco ESA's form {@code #4.4.5}: reports show that form only
     * then, since Exim, Postfix or Exchange never write it and an administrator would search their logs for 4.4.5.
     */
    public boolean usesEsaForm() {
        return enhancedCode().isPresent() && textOf(lines.get(0)).strip().startsWith("#");
    }

    /** The enhanced code as the server wrote it: {@code #4.4.5} in the ESA form, {@code 4.4.5} otherwise. */
    public Optional<String> enhancedCodeAsWritten() {
        return enhancedCode().map(code -> usesEsaForm() ? code.esaForm() : code.toString());
    }

    /** The reply as the server wrote it, one line per element joined with newlines. */
    public String raw() {
        return String.join("\n", lines);
    }

    private static String textOf(String line) {
        return line.length() <= 4 ? "" : line.substring(4);
    }

    @Override
    public String toString() {
        return raw();
    }
}
