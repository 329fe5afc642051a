package io.smtpcheck.cli;

import io.smtpcheck.report.BuildPolicy;
import io.smtpcheck.report.JsonReport;
import io.smtpcheck.report.JunitXmlReport;
import io.smtpcheck.report.NagiosReport;
import io.smtpcheck.report.ReportWriter;
import io.smtpcheck.report.TextReport;

import java.io.Writer;

/** The report formats of {@code --format}, named as {@link io.smtpcheck.option.Option#FORMAT} offers them. */
enum Format {
    text, json, junit, nagios;

    /** The format's report on {@code out}, written as results come. */
    ReportWriter writer(Writer out, boolean transcript, BuildPolicy policy) {
        return switch (this) {
            case text -> TextReport.writer(out, transcript);
            case json -> JsonReport.writer(out);
            case junit -> JunitXmlReport.writer(out, policy);
            case nagios -> NagiosReport.writer(out, policy);
        };
    }
}
