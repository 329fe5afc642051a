package io.smtpcheck.report;

import java.math.BigDecimal;

/** Milliseconds as seconds with three decimals ("0.061"), the unit of Nagios performance data and JUnit XML. */
final class Seconds {

    private Seconds() {
    }

    /**
     * Exact, with a point whatever the locale, and without String.format, whose first use in a process costs a
     * one-probe command tens of milliseconds (java.util.Formatter and the CLDR locale data).
     */
    static String of(long millis) {
        return BigDecimal.valueOf(millis, 3).toPlainString();
    }
}
