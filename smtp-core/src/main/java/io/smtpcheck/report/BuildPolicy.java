package io.smtpcheck.report;

import io.smtpcheck.classify.Verdict;
import io.smtpcheck.session.CheckResult;

import java.util.Collection;

/**
 * What a build does with verdicts and warnings: every front end (exit code, Nagios status, Maven, Jenkins) asks here.
 * A result with warnings (a certificate near its end, TLS that fell back to plaintext) is at least WARN.
 *
 * @param failOnTransient a 4xx fails the build; otherwise it warns (Maven) or marks the build unstable (Jenkins)
 * @param failOnPermanent a 5xx, TLS, protocol, network or expectation failure fails the build; otherwise it warns
 */
public record BuildPolicy(boolean failOnTransient, boolean failOnPermanent) {

    /** Fails on everything that is not a pass. */
    public static final BuildPolicy STRICT = new BuildPolicy(true, true);

    /** Ordered from best to worst; the ordinal is the Nagios plugin status (0 OK, 1 WARNING, 2 CRITICAL). */
    public enum Decision {
        PASS, WARN, FAIL;

        public int nagiosStatus() {
            return ordinal();
        }

        /** The worse of the two: how a run's decision is folded as its results come. */
        public Decision worse(Decision other) {
            return other.compareTo(this) > 0 ? other : this;
        }
    }

    public Decision decide(Verdict verdict) {
        return switch (verdict) {
            case PASS -> Decision.PASS;
            case TRANSIENT -> failOnTransient ? Decision.FAIL : Decision.WARN;
            case FAIL -> failOnPermanent ? Decision.FAIL : Decision.WARN;
        };
    }

    /** The verdict's decision, WARN at least when the result has warnings. */
    public Decision decide(CheckResult result) {
        Decision verdict = decide(result.verdict());
        return result.warnings().isEmpty() || verdict == Decision.FAIL ? verdict : Decision.WARN;
    }

    /** The worst decision over several results; PASS when there are none. */
    public Decision decide(Collection<CheckResult> results) {
        Decision run = Decision.PASS;
        for (CheckResult r : results) {
            run = run.worse(decide(r));
        }
        return run;
    }
}
