package io.smtpcheck.run;

import io.smtpcheck.mx.MxResolver;
import io.smtpcheck.request.CheckRequest;
import io.smtpcheck.request.InvalidRequestException;
import io.smtpcheck.request.Stage;
import io.smtpcheck.request.Target;
import io.smtpcheck.session.CheckResult;
import io.smtpcheck.session.InternalCheckError;
import io.smtpcheck.session.SmtpSession;
import io.smtpcheck.session.Transcript;
import io.smtpcheck.text.Texts;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Checks several targets at once within a {@link FanOut} (sessions at once, per host, the run's deadline),
 * expanding {@code mx:domain} targets into the domain's MX hosts. Results come back in target order (MX hosts in
 * preference order), or one by one as their checks end.
 */
public final class CheckRunner {

    private final MxResolver mxResolver;
    private final FanOut fanOut;

    /**
     * @param parallelism the most sessions at once; fewer when the machine allows fewer ({@link FanOut#auto})
     * @throws InvalidRequestException when {@code parallelism} is below 1
     */
    public CheckRunner(MxResolver mxResolver, int parallelism) {
        this(mxResolver, FanOut.auto(parallelism));
    }

    public CheckRunner(MxResolver mxResolver, FanOut fanOut) {
        this.mxResolver = mxResolver;
        this.fanOut = fanOut;
    }

    /** Sessions at once, per host, and the run's deadline. */
    public FanOut fanOut() {
        return fanOut;
    }

    /**
     * The one rule for the number of sessions at once, which the {@code parallel} option reads with.
     *
     * @throws InvalidRequestException naming {@code parallel} when {@code n} is below 1
     */
    public static int parallelism(int n) {
        if (n < 1) {
            throw new InvalidRequestException("parallel", n + " is not a number of targets to check at once; give 1 or more");
        }
        return n;
    }

    /**
     * @param requestFor builds the request for one concrete host target (it may throw
     *                   {@link InvalidRequestException}, which is passed on before any MX look-up
     *                   or check runs: a typo in the last target sends nothing at all)
     */
    public List<CheckResult> run(List<Target> targets, Function<Target, CheckRequest> requestFor) {
        return runJobs(targets.stream().map(t -> new Job(t, requestFor)).toList());
    }

    /**
     * Like {@link #run(List, Function)}, but hands each result to {@code each} as soon as its check ends, on the
     * calling thread, and keeps none: a report can be written while the run goes on, in memory that does not grow
     * with the number of targets.
     */
    public void run(List<Target> targets, Function<Target, CheckRequest> requestFor, Consumer<Completed> each) {
        runJobs(targets.stream().map(t -> new Job(t, requestFor)).toList(), each);
    }

    /**
     * A target with the options it is checked with, for front ends where each target has its own (the
     * {@code <target>} elements of a POM): {@code requestFor} also builds the requests of its MX hosts.
     */
    public record Job(Target target, Function<Target, CheckRequest> requestFor) {
    }

    /**
     * Like {@link #run}, each target with its own options; all of them share the bound on parallel sessions.
     *
     * @throws InternalCheckError when smtp-check itself fails in a check: the run has no verdict then
     */
    public List<CheckResult> runJobs(List<Job> jobs) {
        List<CheckResult> results = new ArrayList<>();
        runJobs(jobs, done -> {
            while (results.size() < done.total()) {
                results.add(null);
            }
            results.set(done.index(), done.result());
        });
        return List.copyOf(results);
    }

    /** Like {@link #run(List, Function, Consumer)}, each target with its own options. */
    public void runJobs(List<Job> jobs, Consumer<Completed> each) {
        // Every target's request first (an MX domain's with the domain as host): bad settings stop the run before DNS.
        List<CheckRequest> first = jobs.stream()
                .map(job -> job.requestFor().apply(new Target(job.target().host(), job.target().port(), false))).toList();
        List<Planned> plan = new ArrayList<>();
        for (int i = 0; i < jobs.size(); i++) {
            plan.addAll(expand(jobs.get(i), first.get(i)));
        }
        new SessionScheduler(fanOut).run(plan.stream().map(p -> new SessionScheduler.Check(p.request(), p.known())).toList(), each);
    }

    /** A check ready to run, or a result already known (an MX domain that could not be resolved). */
    private record Planned(CheckRequest request, CheckResult known) {
    }

    /** @param template the job's request for its target, for an MX domain the one that reports a failed look-up */
    private List<Planned> expand(Job job, CheckRequest template) {
        Target target = job.target();
        if (!target.mx()) {
            return List.of(new Planned(template, null));
        }
        Function<Target, CheckRequest> requestFor = job.requestFor();
        try {
            // The mail domain is the MX host's nexthop: the name the secure level matches, as Postfix's.
            return mxResolver.exchangers(target.host()).stream()
                    .map(host -> new Planned(requestFor.apply(new Target(host, target.port(), false)).toBuilder().nexthop(target.host()).build(), null))
                    .toList();
        } catch (IOException e) {
            Transcript transcript = new Transcript(List.of(new Transcript.Line(0, Transcript.Direction.NOTE,
                    Texts.of(template.locale()).get("note.mx-failed", target.host(), e.getMessage()))));
            return List.of(new Planned(null, CheckResult.withoutSession(target.toString(), template.plannedStages(),
                    SmtpSession.standard().classifier().failure(Stage.CONNECT, e, template), transcript, template.locale())));
        }
    }
}
