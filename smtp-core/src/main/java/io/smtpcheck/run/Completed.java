package io.smtpcheck.run;

import io.smtpcheck.session.CheckResult;

/**
 * One result of a run as its check ended, for reports written while the run goes on.
 *
 * @param index where it goes in the run's results: target order, an MX domain's hosts in preference order
 * @param total how many results the run has
 */
public record Completed(int index, int total, CheckResult result) {
}
