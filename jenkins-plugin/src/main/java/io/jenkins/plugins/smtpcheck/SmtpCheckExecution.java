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
import io.smtpcheck.request.CheckOptions;
import io.smtpcheck.request.InvalidRequestException;
import io.smtpcheck.request.Target;
import java.io.IOException;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * What the freestyle step and the Pipeline step both do in a build: read the options, look up the AUTH
 * credentials for the run, send the check to the agent ({@link AgentCheck}), print its report, and turn its
 * verdict into the build's result. Everything about SMTP is core's; this is only the Jenkins binding.
 */
final class SmtpCheckExecution {

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
            Target target = Target.parse(expand.apply(settings.getHost()));
            CheckOptions options = options(settings, expand);
            VirtualChannel channel = launcher.getChannel();
            if (channel == null) {
                throw new AbortException(Messages.SmtpCheck_NoChannel());
            }
            StandardUsernamePasswordCredentials credentials = credentials(settings.getCredentialsId(), run, target);
            listener.getLogger().println(Messages.SmtpCheck_Checking(target));
            // The options are read on the agent (AgentCheck), where the trust file is; their errors come back here.
            SmtpCheckResult result = channel.call(new AgentCheck(options, target,
                    credentials == null ? null : credentials.getUsername(),
                    credentials == null ? null : credentials.getPassword().getPlainText(),
                    settings.isFailOnTransient(), settings.isFailOnPermanent()));
            listener.getLogger().print(result.getReport());
            return result;
        } catch (InvalidRequestException e) {
            throw new AbortException(Messages.SmtpCheck_InvalidOption(e.parameter(), e.problem()));
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
                String warning = Messages.SmtpCheck_Unstable(result.getHeadline());
                listener.getLogger().println(warning);
                yield warning;
            }
            case FAIL -> throw new AbortException(Messages.SmtpCheck_Failed(result.getHeadline()));
        };
    }

    /** The settings as core reads options; {@code expand} resolves build variables first where it may. */
    static CheckOptions options(SmtpCheckSettings s, UnaryOperator<String> expand) {
        CheckOptions.Builder options = CheckOptions.builder()
                .security(s.getSecurity())
                .helo(expand.apply(s.getHelo()))
                .from(expand.apply(s.getFrom()))
                .to(CheckOptions.splitList(Util.fixNull(s.getTo(), List.<String>of()).stream().map(expand).toList()))
                .stopAfter(s.getStopAfter())
                .subject(s.getSubject())
                .body(s.getBody())
                .authMechanism(s.getAuthMechanism())
                .allowPlaintextAuth(s.isAllowPlaintextAuth())
                .expectBanner(s.getExpectBanner())
                .expectEhlo(s.getExpectEhlo())
                .minCertDays(s.getMinCertDays())
                .trustFile(expand.apply(s.getTrustFile()))
                .insecure(s.isInsecure())
                .verifyHostname(s.isVerifyHostname())
                .connectTimeout(s.getConnectTimeout())
                .replyTimeout(s.getReplyTimeout())
                .timeout(s.getTimeout())
                .lang(s.getLang());
        int port = Target.parsePort(expand.apply(s.portText()));
        return (port == 0 ? options : options.port(port)).build();
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
