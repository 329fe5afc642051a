package io.smtpcheck.report;

import io.smtpcheck.classify.Verdict;
import io.smtpcheck.session.CheckResult;

import java.util.Collection;

/**
 * What a build does with verdicts: every front end (exit code, Nagios status, Maven, Jenkins) asks here.
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
    }

    public Decision decide(Verdict verdict) {
        return switch (verdict) {
            case PASS -> Decision.PASS;
            case TRANSIENT -> failOnTransient ? Decision.FAIL : Decision.WARN;
            case FAIL -> failOnPermanent ? Decision.FAIL : Decision.WARN;
        };
    }

    /** The worst decision over several results; PASS when there are none. */
    public Decision decide(Collection<CheckResult> results) {
        return results.stream().map(r -> decide(r.verdict())).max(Enum::compareTo).orElse(Decision.PASS);
    }
}
