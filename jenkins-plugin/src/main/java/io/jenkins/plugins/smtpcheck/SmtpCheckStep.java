package io.jenkins.plugins.smtpcheck;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Launcher;
import hudson.Util;
import hudson.model.Item;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.smtpcheck.option.Option;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.jenkinsci.plugins.workflow.actions.WarningAction;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;

/**
 * {@code def r = smtpCheck host: 'mail.example.com', port: 587, to: ['postmaster@example.com']}: checks the
 * listener from the agent of the enclosing {@code node} block and returns an {@link SmtpCheckResult} the
 * script can read. A 4xx marks the build unstable (or fails it with {@code failOnTransient: true}); a 5xx,
 * TLS, protocol, network or expectation failure fails the step (or marks the build unstable with
 * {@code failOnPermanent: false}). Values are taken as written: Groovy interpolates variables itself.
 */
public final class SmtpCheckStep extends Step implements SmtpCheckSettings {

    private final String host;
    /** Null for "not set", so the host's port or the default applies; Jenkins binds {@code port: 587} through the int setter. */
    private Integer port;
    private String tlsLevel;
    private String tlsTransport;
    private List<String> tlsMatch = new ArrayList<>();
    private String helo;
    private String from;
    private List<String> to = new ArrayList<>();
    private String stopAfter;
    private String subject;
    private String body;
    private String credentialsId;
    private String authMechanism;
    private boolean allowPlaintextAuth;
    private boolean allowUnverifiedAuth;
    private String expectBanner;
    private List<String> expectEhlo = new ArrayList<>();
    private String minCertDays;
    private String trustFile;
    private String connectTimeout;
    private String replyTimeout;
    private String timeout;
    private String lang;
    private boolean failOnTransient;
    private boolean failOnPermanent = true;

    @DataBoundConstructor
    public SmtpCheckStep(String host) {
        this.host = Util.fixEmptyAndTrim(host);
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(context, this);
    }

    public String getHost() {
        return host;
    }

    public int getPort() {
        return port == null ? 0 : port;
    }

    /** A number, as scripts write it ({@code port: 587}); 0 for the default. */
    @DataBoundSetter
    public void setPort(int port) {
        this.port = port == 0 ? null : port;
    }

    public String getTlsLevel() {
        return tlsLevel;
    }

    @DataBoundSetter
    public void setTlsLevel(String tlsLevel) {
        this.tlsLevel = Util.fixEmptyAndTrim(tlsLevel);
    }

    public String getTlsTransport() {
        return tlsTransport;
    }

    @DataBoundSetter
    public void setTlsTransport(String tlsTransport) {
        this.tlsTransport = Util.fixEmptyAndTrim(tlsTransport);
    }

    public List<String> getTlsMatch() {
        return tlsMatch.isEmpty() ? null : List.copyOf(tlsMatch);
    }

    /** One text in the form ("hostname, .example.com"), a list in a script: both read alike. */
    @DataBoundSetter
    public void setTlsMatch(List<String> tlsMatch) {
        this.tlsMatch = new ArrayList<>(Option.splitList(tlsMatch));
    }

    public String getHelo() {
        return helo;
    }

    @DataBoundSetter
    public void setHelo(String helo) {
        this.helo = Util.fixEmptyAndTrim(helo);
    }

    public String getFrom() {
        return from;
    }

    @DataBoundSetter
    public void setFrom(String from) {
        this.from = Util.fixEmptyAndTrim(from);
    }

    public List<String> getTo() {
        return to.isEmpty() ? null : List.copyOf(to);
    }

    /** The form sends one text ("a@example.com, b@example.com"), a Pipeline script a list: both read alike. */
    @DataBoundSetter
    public void setTo(List<String> to) {
        this.to = new ArrayList<>(Option.splitList(to));
    }

    public String getStopAfter() {
        return stopAfter;
    }

    @DataBoundSetter
    public void setStopAfter(String stopAfter) {
        this.stopAfter = Util.fixEmptyAndTrim(stopAfter);
    }

    public String getSubject() {
        return subject;
    }

    @DataBoundSetter
    public void setSubject(String subject) {
        this.subject = Util.fixEmptyAndTrim(subject);
    }

    public String getBody() {
        return body;
    }

    @DataBoundSetter
    public void setBody(String body) {
        this.body = Util.fixEmpty(body);
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = Util.fixEmptyAndTrim(credentialsId);
    }

    public String getAuthMechanism() {
        return authMechanism;
    }

    @DataBoundSetter
    public void setAuthMechanism(String authMechanism) {
        this.authMechanism = Util.fixEmptyAndTrim(authMechanism);
    }

    public boolean isAllowPlaintextAuth() {
        return allowPlaintextAuth;
    }

    @DataBoundSetter
    public void setAllowPlaintextAuth(boolean allowPlaintextAuth) {
        this.allowPlaintextAuth = allowPlaintextAuth;
    }

    public boolean isAllowUnverifiedAuth() {
        return allowUnverifiedAuth;
    }

    @DataBoundSetter
    public void setAllowUnverifiedAuth(boolean allowUnverifiedAuth) {
        this.allowUnverifiedAuth = allowUnverifiedAuth;
    }

    public String getExpectBanner() {
        return expectBanner;
    }

    @DataBoundSetter
    public void setExpectBanner(String expectBanner) {
        this.expectBanner = Util.fixEmptyAndTrim(expectBanner);
    }

    public List<String> getExpectEhlo() {
        return expectEhlo.isEmpty() ? null : List.copyOf(expectEhlo);
    }

    @DataBoundSetter
    public void setExpectEhlo(List<String> expectEhlo) {
        this.expectEhlo = new ArrayList<>(Option.splitList(expectEhlo));
    }

    /** check_smtp's -D: {@code 30,7} warns below 30 days (the build turns unstable) and fails below 7. */
    public String getMinCertDays() {
        return minCertDays;
    }

    @DataBoundSetter
    public void setMinCertDays(String minCertDays) {
        this.minCertDays = Util.fixEmptyAndTrim(minCertDays);
    }

    public String getTrustFile() {
        return trustFile;
    }

    @DataBoundSetter
    public void setTrustFile(String trustFile) {
        this.trustFile = Util.fixEmptyAndTrim(trustFile);
    }

    public String getConnectTimeout() {
        return connectTimeout;
    }

    @DataBoundSetter
    public void setConnectTimeout(String connectTimeout) {
        this.connectTimeout = Util.fixEmptyAndTrim(connectTimeout);
    }

    public String getReplyTimeout() {
        return replyTimeout;
    }

    @DataBoundSetter
    public void setReplyTimeout(String replyTimeout) {
        this.replyTimeout = Util.fixEmptyAndTrim(replyTimeout);
    }

    public String getTimeout() {
        return timeout;
    }

    @DataBoundSetter
    public void setTimeout(String timeout) {
        this.timeout = Util.fixEmptyAndTrim(timeout);
    }

    public String getLang() {
        return lang;
    }

    @DataBoundSetter
    public void setLang(String lang) {
        this.lang = Util.fixEmptyAndTrim(lang);
    }

    public boolean isFailOnTransient() {
        return failOnTransient;
    }

    @DataBoundSetter
    public void setFailOnTransient(boolean failOnTransient) {
        this.failOnTransient = failOnTransient;
    }

    public boolean isFailOnPermanent() {
        return failOnPermanent;
    }

    @DataBoundSetter
    public void setFailOnPermanent(boolean failOnPermanent) {
        this.failOnPermanent = failOnPermanent;
    }

    /** Runs on a thread of its own, so a slow listener does not hold the Pipeline's CPS thread. */
    static final class Execution extends SynchronousNonBlockingStepExecution<SmtpCheckResult> {

        private static final long serialVersionUID = 1L;

        /** Not kept across a controller restart; the check is then simply interrupted, as a short step may be. */
        private final transient SmtpCheckStep step;

        Execution(StepContext context, SmtpCheckStep step) {
            super(context);
            this.step = step;
        }

        @Override
        protected SmtpCheckResult run() throws Exception {
            StepContext context = getContext();
            Run<?, ?> run = context.get(Run.class);
            TaskListener listener = context.get(TaskListener.class);
            SmtpCheckResult result = SmtpCheckExecution.run(step, run, context.get(Launcher.class), listener, UnaryOperator.identity());
            String warning = SmtpCheckExecution.enforce(result, listener);
            if (warning != null) {
                // What the unstable step does: the stage shows the warning, the build turns unstable.
                context.get(FlowNode.class).addOrReplaceAction(new WarningAction(Result.UNSTABLE).withMessage(warning));
                run.setResult(Result.UNSTABLE);
            }
            return result;
        }
    }

    /** The Pipeline syntax: function name, context, and the same form and checks as the freestyle step. */
    @Extension
    public static final class DescriptorImpl extends StepDescriptor {

        public DescriptorImpl() {
            // One set of field help files, written next to the freestyle step, serves both.
            for (String field : SmtpCheckForms.HELP_FIELDS) {
                addHelpFileRedirect(field, SmtpCheckBuilder.class, field);
            }
        }

        @Override
        public String getFunctionName() {
            return "smtpCheck";
        }

        /** A Launcher, so the step runs inside {@code node}: the check goes out from that agent. */
        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class, Launcher.class, FlowNode.class);
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.SmtpCheckStep_DisplayName();
        }

        /** config.jelly includes the freestyle step's form fields from here. */
        public Class<SmtpCheckBuilder> getOptionsClass() {
            return SmtpCheckBuilder.class;
        }

        public FormValidation doCheckHost(@QueryParameter String value) {
            return SmtpCheckForms.checkHost(value);
        }

        public FormValidation doCheckFrom(@QueryParameter String value) {
            return SmtpCheckForms.checkFrom(value);
        }

        public FormValidation doCheckTo(@QueryParameter String value) {
            return SmtpCheckForms.checkTo(value);
        }

        public FormValidation doCheckExpectBanner(@QueryParameter String value) {
            return SmtpCheckForms.check(Option.EXPECT_BANNER, value);
        }

        public FormValidation doCheckConnectTimeout(@QueryParameter String value) {
            return SmtpCheckForms.check(Option.CONNECT_TIMEOUT, value);
        }

        public FormValidation doCheckReplyTimeout(@QueryParameter String value) {
            return SmtpCheckForms.check(Option.REPLY_TIMEOUT, value);
        }

        public FormValidation doCheckTimeout(@QueryParameter String value) {
            return SmtpCheckForms.check(Option.TIMEOUT, value);
        }

        public ListBoxModel doFillTlsLevelItems() {
            return SmtpCheckForms.tlsLevelItems();
        }

        public ListBoxModel doFillTlsTransportItems() {
            return SmtpCheckForms.tlsTransportItems();
        }

        public FormValidation doCheckTlsMatch(@QueryParameter String value) {
            return SmtpCheckForms.check(Option.TLS_MATCH, value);
        }

        public FormValidation doCheckMinCertDays(@QueryParameter String value) {
            return SmtpCheckForms.check(Option.MIN_CERT_DAYS, value);
        }

        public ListBoxModel doFillStopAfterItems() {
            return SmtpCheckForms.stopAfterItems();
        }

        public ListBoxModel doFillAuthMechanismItems() {
            return SmtpCheckForms.authMechanismItems();
        }

        public ListBoxModel doFillLangItems() {
            return SmtpCheckForms.langItems();
        }

        public ListBoxModel doFillCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String credentialsId,
                                                     @QueryParameter String host) {
            return SmtpCheckForms.credentialsIdItems(item, credentialsId, host);
        }

        public FormValidation doCheckCredentialsId(@AncestorInPath Item item, @QueryParameter String value) {
            return SmtpCheckForms.checkCredentialsId(item, value);
        }
    }
}
