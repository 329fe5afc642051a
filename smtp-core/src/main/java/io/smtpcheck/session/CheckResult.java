package io.smtpcheck.session;

import io.smtpcheck.classify.Outcome;
import io.smtpcheck.classify.Verdict;
import io.smtpcheck.classify.Warning;
import io.smtpcheck.request.Stage;
import io.smtpcheck.tls.TlsResult;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;

/**
 * Everything a check found. {@link #outcome()} is the verdict; the rest is evidence for the report.
 *
 * @param target       the target as the user named it ({@code host:port})
 * @param address      the IP address connected to, or null when no connection was made
 * @param stopAfter    the last stage the request asked for
 * @param plannedStages the stages the request was to go through (TLS only at a TLS level other than none, AUTH only with credentials)
 * @param warnings     what the check passed with but the user must hear of (the build policy makes them WARN); any outcome may have them
 * @param capabilities EHLO keywords with their parameters, as last advertised (after TLS when TLS was used)
 * @param tls          the TLS session and its evaluation, or null when no TLS was tried
 * @param recipients   each RCPT TO with its reply, in order
 */
public record CheckResult(String target, String address, Stage stopAfter, List<Stage> plannedStages, Outcome outcome,
                          List<Warning> warnings, List<StageTiming> timings, List<String> capabilities, TlsResult tls,
                          List<RecipientResult> recipients, Transcript transcript,
                          Instant startedAt, long elapsedMillis) implements Serializable {

    public CheckResult {
        plannedStages = List.copyOf(plannedStages);
        warnings = List.copyOf(warnings);
        timings = List.copyOf(timings);
        capabilities = List.copyOf(capabilities);
        recipients = List.copyOf(recipients);
    }

    public Verdict verdict() {
        return outcome.verdict();
    }

    /** A result for a target that ended before any session, such as an MX domain that does not resolve. */
    public static CheckResult withoutSession(String target, List<Stage> plannedStages, Outcome outcome, Transcript transcript) {
        return new CheckResult(target, null, plannedStages.get(plannedStages.size() - 1), plannedStages, outcome, List.of(), List.of(), List.of(), null,
                List.of(), transcript, Instant.now(), 0);
    }
}
