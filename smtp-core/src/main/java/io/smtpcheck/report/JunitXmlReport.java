package io.smtpcheck.report;

import io.smtpcheck.classify.Outcome;
import io.smtpcheck.request.Stage;
import io.smtpcheck.session.CheckResult;
import io.smtpcheck.session.StageTiming;
import io.smtpcheck.text.Printable;
import io.smtpcheck.text.Texts;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Set;
import java.util.List;
import java.util.Locale;

/**
 * JUnit XML, so a CI server lists every target and stage as a test: stages that worked pass, the stage
 * that decided a failure fails with the diagnosis, the stages it prevented are skipped. A failure that the build
 * policy tolerates (a 4xx that only warns) is reported as skipped, not failed.
 */
public final class JunitXmlReport {

    private JunitXmlReport() {
    }

    public static String render(List<CheckResult> results, BuildPolicy policy) {
        return InTargetOrder.render(results, out -> writer(out, policy));
    }

    /** The report written as results come, its spool in the temporary directory ({@code java.io.tmpdir}). */
    public static ReportWriter writer(Writer out, BuildPolicy policy) {
        return writer(out, policy, Path.of(System.getProperty("java.io.tmpdir")));
    }

    /**
     * The report written as results come. The {@code testsuite} element opens with the counts of all its test cases,
     * so each result's test cases go to a spool file in {@code spoolDirectory} as soon as the results before it are
     * written, and {@link ReportWriter#finish} writes the element with its counts and copies the spool after it. The
     * spool is deleted by {@code finish} or {@code close}, whichever comes first.
     */
    public static ReportWriter writer(Writer out, BuildPolicy policy, Path spoolDirectory) {
        return new InTargetOrder<>(new Suite(out, policy, spoolDirectory));
    }

    /** A result's test cases as XML, and what the {@code testsuite} element counts of them. */
    private record Cases(String xml, int tests, int failures, int skipped, long millis) {
    }

    private static final class Suite implements InTargetOrder.Format<Cases> {
        private final Writer out;
        private final BuildPolicy policy;
        private final Path spoolDirectory;
        private final XMLOutputFactory factory = XMLOutputFactory.newFactory();
        private Path spoolFile;
        private Writer spool;
        private int tests;
        private int failures;
        private int skipped;
        private long millis;

        Suite(Writer out, BuildPolicy policy, Path spoolDirectory) {
            this.out = out;
            this.policy = policy;
            this.spoolDirectory = spoolDirectory;
        }

        @Override
        public Cases piece(CheckResult r) {
            List<Case> cases = cases(r, policy.decide(r.verdict()) != BuildPolicy.Decision.FAIL);
            StringWriter text = new StringWriter();
            try {
                XMLStreamWriter xml = factory.createXMLStreamWriter(text);
                for (Case c : cases) {
                    writeCase(xml, c);
                }
                xml.close();
            } catch (XMLStreamException e) {
                throw new IllegalStateException("writing JUnit XML to memory failed", e);
            }
            return new Cases(text.toString(), cases.size(), (int) cases.stream().filter(c -> c.status == Status.FAILED).count(),
                    (int) cases.stream().filter(c -> c.status == Status.SKIPPED).count(), r.elapsedMillis());
        }

        @Override
        public void write(Cases cases) throws IOException {
            if (spool == null) {
                // Hidden and not *.xml: a CI server that collects a report directory's XML files must not take it for a report.
                spoolFile = Files.createTempFile(spoolDirectory, ".smtp-check-junit-", ".spool");
                spool = Files.newBufferedWriter(spoolFile, StandardCharsets.UTF_8);
            }
            spool.write(cases.xml());
            tests += cases.tests();
            failures += cases.failures();
            skipped += cases.skipped();
            millis += cases.millis();
        }

        @Override
        public void finish() throws IOException {
            try {
                XMLStreamWriter xml = factory.createXMLStreamWriter(out);
                xml.writeStartDocument("UTF-8", "1.0");
                xml.writeCharacters("\n");
                xml.writeStartElement("testsuite");
                xml.writeAttribute("name", "smtp-check");
                xml.writeAttribute("tests", Integer.toString(tests));
                xml.writeAttribute("failures", Integer.toString(failures));
                xml.writeAttribute("errors", "0");
                xml.writeAttribute("skipped", Integer.toString(skipped));
                xml.writeAttribute("time", Seconds.of(millis));
                // Ends the start tag, which the writer otherwise leaves open for more attributes, before the spool's test cases.
                xml.writeCharacters("");
                xml.flush();
                if (spool != null) {
                    spool.close();
                    try (Reader cases = Files.newBufferedReader(spoolFile, StandardCharsets.UTF_8)) {
                        cases.transferTo(out);
                    }
                }
                xml.writeCharacters("\n");
                xml.writeEndElement();
                xml.writeEndDocument();
                xml.close();
                out.write('\n');
            } catch (XMLStreamException e) {
                throw new IOException("writing the JUnit XML report failed: " + e.getMessage(), e);
            } finally {
                close();
            }
        }

        @Override
        public void close() throws IOException {
            if (spool != null) {
                try {
                    spool.close();
                } finally {
                    Files.deleteIfExists(spoolFile);
                    spool = null;
                }
            }
        }
    }

    private static void writeCase(XMLStreamWriter xml, Case c) throws XMLStreamException {
        xml.writeCharacters("\n  ");
        xml.writeStartElement("testcase");
        xml.writeAttribute("classname", legal("smtp-check." + c.target.replace('.', '_')));
        xml.writeAttribute("name", c.stage.ordinal() + " " + c.stage.label(c.locale));
        xml.writeAttribute("time", Seconds.of(c.millis));
        if (c.status != Status.PASSED) {
            xml.writeStartElement(c.status == Status.FAILED ? "failure" : "skipped");
            if (c.status == Status.FAILED) {
                xml.writeAttribute("type", c.kind);
            }
            // CI consoles print both as they are: control characters from a reply are escaped as in the text report.
            xml.writeAttribute("message", legal(Printable.escape(c.message)));
            if (c.details != null) {
                xml.writeCharacters(legal(c.details));
            }
            xml.writeEndElement();
        }
        if (c.transcript != null) {
            xml.writeStartElement("system-out");
            xml.writeCData(legal(c.transcript).replace("]]>", "]]]]><![CDATA[>"));
            xml.writeEndElement();
        }
        xml.writeEndElement();
    }

    private enum Status { PASSED, FAILED, SKIPPED }

    private record Case(String target, Stage stage, Locale locale, long millis, Status status, String kind, String message, String details, String transcript) {
    }

    /**
     * One case per stage the request planned (plus the deciding stage, should an expectation fail at a
     * stage that was not planned): before the deciding stage passed, at it failed, after it skipped.
     */
    private static List<Case> cases(CheckResult r, boolean tolerated) {
        Outcome o = r.outcome();
        boolean passed = o instanceof Outcome.Passed;
        Stage decisive = o.stage();
        Set<Stage> stages = EnumSet.copyOf(r.plannedStages());
        stages.add(decisive);
        Texts texts = Texts.of(r.locale());
        String headline = o.headline(r.locale());
        String verdict = headline + ": " + o.diagnosis().summary();
        List<Case> cases = new ArrayList<>();
        for (Stage stage : stages) {
            long millis = r.timings().stream().filter(t -> t.stage() == stage).mapToLong(StageTiming::millis).findFirst().orElse(0);
            boolean ran = r.timings().stream().anyMatch(t -> t.stage() == stage);
            // JUnit has no warning state: a warning goes with the transcript, and the case passes.
            String transcript = stage == decisive ? warnings(r) + r.transcript().render() : null;
            if (!passed && stage.isAfter(decisive)) {
                cases.add(new Case(r.target(), stage, r.locale(), 0, Status.SKIPPED, o.kind(), texts.get("junit.not-reached", headline), null, null));
            } else if (!passed && stage == decisive) {
                cases.add(new Case(r.target(), stage, r.locale(), millis, tolerated ? Status.SKIPPED : Status.FAILED, o.kind(),
                        !tolerated ? verdict : texts.get(o instanceof Outcome.TransientFailure ? "junit.transient-tolerated" : "junit.tolerated", verdict),
                        details(r), transcript));
            } else if (stage == Stage.TLS && !ran) {
                // Level may, and the server did not offer STARTTLS or TLS fell back to plaintext: nothing to pass or fail.
                String why = r.tls() != null && r.tls().fallback() != null ? texts.get("junit.tls-fell-back", r.tls().fallback())
                        : texts.get("junit.starttls-not-offered");
                cases.add(new Case(r.target(), stage, r.locale(), 0, Status.SKIPPED, o.kind(), why, null, null));
            } else {
                cases.add(new Case(r.target(), stage, r.locale(), millis, Status.PASSED, o.kind(), "", null, transcript));
            }
        }
        return cases;
    }

    private static String warnings(CheckResult r) {
        Texts texts = Texts.of(r.locale());
        StringBuilder out = new StringBuilder();
        r.warnings().forEach(w -> out.append(texts.get("junit.warning", w.diagnosis().summary(), w.detail())).append('\n'));
        return out.toString();
    }

    private static String details(CheckResult r) {
        return TextReport.render(r, false);
    }

    /**
     * The text with every character XML 1.0 forbids (C0 controls other than tab, LF and CR; lone surrogates;
     * U+FFFE, U+FFFF) replaced by U+FFFD: a server can put such bytes in a reply, and StAX writes them as they are,
     * which would leave a document no CI server can parse.
     */
    private static String legal(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int width = Character.charCount(cp);
            boolean ok = cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF)
                    || (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
            if (!ok && out == null) {
                out = new StringBuilder(text.length()).append(text, 0, i);
            }
            if (out != null) {
                if (ok) {
                    out.appendCodePoint(cp);
                } else {
                    out.append('\uFFFD');
                }
            }
            i += width;
        }
        return out == null ? text : out.toString();
    }

}
