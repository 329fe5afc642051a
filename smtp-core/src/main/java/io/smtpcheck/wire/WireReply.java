package io.smtpcheck.wire;

import java.util.List;

/**
 * One reply as the strict reader accepted it.
 *
 * @param lines  every line as received, without its line end (decoded text; a bare code stays {@code "250"})
 * @param lfOnly true when at least one line ended in LF alone instead of CRLF, which the transcript should note
 */
public record WireReply(int code, List<String> lines, boolean lfOnly) {

    public WireReply {
        lines = List.copyOf(lines);
    }

    /**
     * The lines as Commons Net's callers expect them: a bare code gets its space ({@code "250 "}), since
     * Commons Net reads challenge and enhanced code text from the fifth character on.
     */
    public List<String> commonsNetLines() {
        return lines.stream().map(l -> l.length() == 3 ? l + " " : l).toList();
    }
}
