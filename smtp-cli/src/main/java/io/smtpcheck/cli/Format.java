package io.smtpcheck.cli;

import io.smtpcheck.report.JsonReport;
import io.smtpcheck.report.JunitXmlReport;
import io.smtpcheck.report.NagiosReport;
import io.smtpcheck.report.TextReport;
import io.smtpcheck.session.CheckResult;

import java.util.List;

/** The report formats of {@code --format}. */
enum Format {
    text, json, junit, nagios;

    String render(List<CheckResult> results, boolean transcript, boolean transientFails) {
        return switch (this) {
            case text -> TextReport.render(results, transcript);
            case json -> JsonReport.render(results);
            case junit -> JunitXmlReport.render(results, !transientFails);
            case nagios -> NagiosReport.render(results, transientFails);
        };
    }
}
