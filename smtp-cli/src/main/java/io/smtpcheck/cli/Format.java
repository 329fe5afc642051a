package io.smtpcheck.cli;

import io.smtpcheck.report.BuildPolicy;
import io.smtpcheck.report.JsonReport;
import io.smtpcheck.report.JunitXmlReport;
import io.smtpcheck.report.NagiosReport;
import io.smtpcheck.report.TextReport;
import io.smtpcheck.session.CheckResult;

import java.util.List;

/** The report formats of {@code --format}, named as {@link io.smtpcheck.option.Option#FORMAT} offers them. */
enum Format {
    text, json, junit, nagios;

    String render(List<CheckResult> results, boolean transcript, BuildPolicy policy) {
        return switch (this) {
            case text -> TextReport.render(results, transcript);
            case json -> JsonReport.render(results);
            case junit -> JunitXmlReport.render(results, policy);
            case nagios -> NagiosReport.render(results, policy);
        };
    }
}
