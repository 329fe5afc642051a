package io.smtpcheck.session;

import io.smtpcheck.text.Texts;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The session as a telnet user would have seen it, with secrets already masked: {@code <-} what the
 * server sent, {@code ->} what the check sent, {@code **} what happened in between (connect, TLS, close).
 */
public record Transcript(List<Line> lines) implements Serializable {

    public Transcript {
        lines = List.copyOf(lines);
    }

    public enum Direction {
        SERVER("<-"), CLIENT("->"), NOTE("**");

        private final String arrow;

        Direction(String arrow) {
            this.arrow = arrow;
        }

        public String arrow() {
            return arrow;
        }
    }

    /** One line, {@code atMillis} after the check started. */
    public record Line(long atMillis, Direction direction, String text) implements Serializable {
        /**
         * Built by hand: the first String.format of a process sets up java.util.Formatter and the CLDR locale data,
         * tens of milliseconds of a one-probe command. Plain digits, as the catalog writes numbers.
         */
        @Override
        public String toString() {
            String at = Long.toString(atMillis);
            return " ".repeat(Math.max(0, 6 - at.length())) + at + " ms " + direction.arrow() + " " + text;
        }
    }

    /** Every line with its time offset, ready to print. */
    public String render() {
        return lines.stream().map(Line::toString).collect(Collectors.joining("\n"));
    }

    /**
     * The transcript with the keyword lines of every EHLO reply (the capability list, ten lines and more on a
     * typical server) replaced by one note that counts them, for logs where the session should read at a glance;
     * {@link CheckResult#capabilities()} still has the list. The greeting line of the reply and every other line stay.
     *
     * @param locale the language of the note, the result's
     */
    public Transcript withCapabilitiesFolded(Locale locale) {
        List<Line> folded = new ArrayList<>(lines.size());
        boolean inEhloReply = false;
        int keywords = 0;
        for (Line line : lines) {
            if (line.direction() == Direction.CLIENT) {
                inEhloReply = line.text().regionMatches(true, 0, "EHLO ", 0, 5);
                folded.add(line);
            } else if (inEhloReply && line.direction() == Direction.SERVER && line.text().startsWith("250")) {
                boolean greeting = keywords == 0 && !folded.isEmpty() && folded.get(folded.size() - 1).direction() == Direction.CLIENT;
                boolean last = !line.text().startsWith("250-");
                if (greeting) {
                    folded.add(line);
                } else {
                    keywords++;
                }
                if (last) {
                    if (keywords > 0) {
                        folded.add(new Line(line.atMillis(), Direction.NOTE, Texts.of(locale).get("note.keywords-folded", keywords)));
                    }
                    inEhloReply = false;
                    keywords = 0;
                }
            } else {
                inEhloReply = false;
                folded.add(line);
            }
        }
        return new Transcript(folded);
    }

    /** Only what went over the wire, without times: reads like the telnet session. */
    public String renderPlain() {
        return lines.stream().filter(l -> l.direction() != Direction.NOTE)
                .map(l -> l.direction().arrow() + " " + l.text()).collect(Collectors.joining("\n"));
    }
}
