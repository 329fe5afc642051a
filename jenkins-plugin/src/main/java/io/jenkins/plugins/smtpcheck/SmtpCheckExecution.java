package io.jenkins.plugins.smtpcheck;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import com.cloudbees.plugins.credentials.domains.DomainRequirement;
import com.cloudbees.plugins.credentials.domains.URIRequirementBuilder;
import hudson.AbortException;
import hudson.Launcher;
import hudson.Util;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import io.smtpcheck.option.CheckOptions;
import io.smtpcheck.option.Option;
import io.smtpcheck.option.OptionValues;
import io.smtpcheck.request.InvalidRequestException;
import io.smtpcheck.request.Target;
import io.smtpcheck.text.Printable;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * What the freestyle step and the Pipeline step both do in a build: read the options, look up the AUTH
 * credentials for the run, send the check to the agent ({@link AgentCheck}), print its report, and turn its
 * verdict into the build's result. Everything about SMTP is core's; this is only the Jenkins binding.
 */
final class SmtpCheckExecution {

    /** The options whose values may name build variables ({@code $SMTP_HOST}) in a freestyle job. */
    static final Set<Option<?>> EXPANDED = Set.of(Option.HOST, Option.PORT, Option.HELO, Option.FROM, Option.TO, Option.TRUST_FILE);

    private SmtpCheckExecution() {
    }

    /**
     * @param expand applied to host, port, HELO name, addresses and trust file: the build's variables for the
     *               freestyle step, nothing for Pipeline (Groovy has interpolated already)
     * @throws AbortException for options that cannot be run, naming the option; nothing was sent then
     */
    static SmtpCheckResult run(SmtpCheckSettings settings, Run<?, ?> run, Launcher launcher, TaskListener listener,
                               UnaryOperator<String> expand) throws IOException, InterruptedException {
        try {
            CheckOptions options = CheckOptions.of(expanded(settings.optionValues(), expand));
            Target target = Target.parse(options.get(Option.HOST));
            VirtualChannel channel = launcher.getChannel();
            if (channel == null) {
                throw new AbortException(Messages.SmtpCheck_NoChannel());
            }
            StandardUsernamePasswordCredentials credentials = credentials(options.get(Option.CREDENTIALS_ID), run, target);
            // The build-log lines are in the job's language, like the report; the UI texts follow the Jenkins user's.
            listener.getLogger().println(Messages._SmtpCheck_Checking(target).toString(options.get(Option.LANG)));
            // The options are read on the agent (AgentCheck), where the trust file is; their errors come back here.
            SmtpCheckResult result = channel.call(new AgentCheck(options, target,
                    credentials == null ? null : credentials.getUsername(),
                    credentials == null ? null : credentials.getPassword().getPlainText()));
            listener.getLogger().print(result.getReport());
            return result;
        } catch (InvalidRequestException e) {
            // The problem quotes the value as given; the build log shows its control characters escaped.
            throw new AbortException(Messages.SmtpCheck_InvalidOption(e.parameter(), Printable.escape(e.problem())));
        }
    }

    /**
     * Fails the step (FAIL) or says why the build is to be marked unstable (WARN); the caller marks it, the
     * Pipeline step with the stage warning as well.
     *
     * @return the warning for an unstable build, or null when the check passed
     * @throws AbortException when the build policy fails the build
     */
    static String enforce(SmtpCheckResult result, TaskListener listener) throws AbortException {
        return switch (result.decision()) {
            case PASS -> null;
            case WARN -> {
                // A 4xx the policy tolerates, or a pass with warnings: the warnings say why the build turns unstable.
                String warning = Messages._SmtpCheck_Unstable(Printable.escape(result.getWarnings().isEmpty() ? result.getHeadline()
                        : result.getHeadline() + "; " + String.join("; ", result.getWarnings()))).toString(result.locale());
                listener.getLogger().println(warning);
                yield warning;
            }
            case FAIL -> throw new AbortException(Messages._SmtpCheck_Failed(Printable.escape(result.getHeadline())).toString(result.locale()));
        };
    }

    /** The values with build variables expanded in the options that may name them. */
    private static OptionValues expanded(OptionValues values, UnaryOperator<String> expand) {
        return option -> {
            Object raw = values.raw(option);
            if (!EXPANDED.contains(option)) {
                return raw;
            }
            if (raw instanceof Collection<?> list) {
                return list.stream().map(v -> expand.apply(v.toString())).toList();
            }
            return raw instanceof String text ? expand.apply(text) : raw;
        };
    }

    /** Credentials for AUTH as the run may use them (its job's, or a parameter's), tracked against the run. */
    private static StandardUsernamePasswordCredentials credentials(String credentialsId, Run<?, ?> run, Target target)
            throws AbortException {
        String id = Util.fixEmptyAndTrim(credentialsId);
        if (id == null) {
            return null;
        }
        StandardUsernamePasswordCredentials credentials = CredentialsProvider.findCredentialById(id,
                StandardUsernamePasswordCredentials.class, run, domain(target.host()));
        if (credentials == null) {
            throw new AbortException(Messages.SmtpCheck_CredentialsNotFound(id));
        }
        return CredentialsProvider.track(run, credentials);
    }

    /** Lets a credentials domain limited to the mail host (or mail domain) match. */
    static List<DomainRequirement> domain(String host) {
        return URIRequirementBuilder.create().withHostname(host).build();
    }
}
