package io.smtpcheck.report;

import io.smtpcheck.session.CheckResult;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A result as every report shows it, for tests that must hold in all of them: what leaks in one leaks. */
public final class EveryFormat {

    private EveryFormat() {
    }

    /** Format name to the rendered report: text with its transcript, JSON, JUnit XML, Nagios, and the result as a log would print it. */
    public static Map<String, String> of(CheckResult result) {
        Map<String, String> shown = new LinkedHashMap<>();
        shown.put("text", TextReport.render(List.of(result), true));
        shown.put("json", JsonReport.render(List.of(result)));
        shown.put("junit", JunitXmlReport.render(List.of(result), BuildPolicy.STRICT));
        shown.put("nagios", NagiosReport.render(List.of(result), BuildPolicy.STRICT));
        shown.put("log", String.valueOf(result));
        return shown;
    }

    /** The formats shown on a terminal as they are, where no control character may stay raw. */
    public static boolean terminal(String format) {
        return format.equals("text") || format.equals("nagios");
    }
}
