package io.smtpcheck.report;

import io.smtpcheck.classify.Verdict;
import io.smtpcheck.session.CheckResult;

import java.util.Collection;
import java.util.Optional;

/** Folds several results into one: any failure is worse than a transient failure, which is worse than a pass. */
public final class Verdicts {

    private Verdicts() {
    }

    /** The first of the worst results: the one that decides a run (an MX domain's hosts, a build's targets). */
    public static Optional<CheckResult> worst(Collection<CheckResult> results) {
        CheckResult worst = null;
        for (CheckResult r : results) {
            if (worst == null || r.verdict().compareTo(worst.verdict()) > 0) {
                worst = r;
            }
        }
        return Optional.ofNullable(worst);
    }

    /** The worse of two verdicts: how a run's verdict is folded as its results come, from PASS when there are none. */
    public static Verdict worse(Verdict a, Verdict b) {
        return b.compareTo(a) > 0 ? b : a;
    }
}
