package io.smtpcheck.report;

import io.smtpcheck.classify.Verdict;
import io.smtpcheck.session.CheckResult;

import java.util.Collection;

/** Folds several results into one verdict: any failure fails, else any transient failure, else pass. */
public final class Verdicts {

    private Verdicts() {
    }

    public static Verdict worst(Collection<CheckResult> results) {
        return results.stream().map(CheckResult::verdict).max(Enum::compareTo).orElse(Verdict.PASS);
    }
}
