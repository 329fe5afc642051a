package io.jenkins.plugins.smtpcheck;

import io.smtpcheck.option.CheckOptions;
import io.smtpcheck.request.Target;
import io.smtpcheck.session.CheckResult;
import java.util.List;
import jenkins.agents.ControllerToAgentCallable;

/**
 * The check as it travels to the agent, so the connection goes out from where the build runs and the agent's
 * DNS, routes and firewalls decide what is reachable. It comes back as an {@link SmtpCheckResult}, a class of
 * this plugin built from plain values, which the controller's class filter accepts; core's own result types
 * stay on the agent.
 *
 * <p>{@code secret} crosses the channel in clear, as the agent needs it for AUTH; it is never printed
 * ({@link #toString()}, and core masks it in the transcript).
 *
 * @param user   AUTH user name, or null for no AUTH
 * @param secret its password
 */
record AgentCheck(CheckOptions options, Target target, String user, String secret)
        implements ControllerToAgentCallable<SmtpCheckResult, RuntimeException> {

    /** The MX hosts of a mail domain are checked with the table's default parallelism and the agent's resolvers. */
    @Override
    public SmtpCheckResult call() {
        List<CheckResult> results = options.runner().run(List.of(target), options.requests(user, secret));
        return SmtpCheckResult.of(results, options.policy());
    }

    /** Remoting names the callable in its errors; the secret must not be in them. */
    @Override
    public String toString() {
        return "AgentCheck[" + target + (user == null ? "" : ", user " + user) + "]";
    }
}
