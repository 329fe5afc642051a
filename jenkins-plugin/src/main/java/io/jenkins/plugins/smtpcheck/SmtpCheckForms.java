package io.jenkins.plugins.smtpcheck;

import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import com.cloudbees.plugins.credentials.domains.DomainRequirement;
import hudson.Util;
import hudson.model.Item;
import hudson.model.Queue;
import hudson.model.queue.Tasks;
import hudson.security.ACL;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.smtpcheck.classify.Verdict;
import io.smtpcheck.request.AuthMechanism;
import io.smtpcheck.request.CheckOptions;
import io.smtpcheck.request.CheckRequest;
import io.smtpcheck.request.Durations;
import io.smtpcheck.request.InvalidRequestException;
import io.smtpcheck.request.Stage;
import io.smtpcheck.request.Target;
import java.util.List;
import java.util.Locale;
import jenkins.model.Jenkins;
import org.springframework.security.core.Authentication;

/**
 * The form logic of both steps (their descriptors differ in type, not in what they offer): choices, checks
 * of single fields with core's own parsers, the credentials list, and the connection test.
 */
final class SmtpCheckForms {

    /** Fields with a help file next to {@link SmtpCheckBuilder}; the Pipeline step shows the same ones. */
    static final List<String> HELP_FIELDS = List.of("host", "port", "to", "credentialsId", "security", "stopAfter",
            "failOnTransient", "lang", "trustFile");

    /** The test is a quick look from the controller: short bounds, whatever the job sets. */
    private static final String TEST_CONNECT_TIMEOUT = "5s";
    private static final String TEST_DEADLINE = "20s";

    /** A HELO name that spares form checks a look-up of the controller's own name. */
    private static final String PLACEHOLDER_HOST = "localhost";

    private SmtpCheckForms() {
    }

    static FormValidation checkHost(String value) {
        String host = Util.fixEmptyAndTrim(value);
        if (host == null) {
            return FormValidation.error(Messages.SmtpCheckForms_HostRequired());
        }
        return check(host, () -> Target.parse(host));
    }

    static FormValidation checkPort(String value) {
        return check(value, () -> Target.parsePort(value));
    }

    static FormValidation checkFrom(String value) {
        return check(value, () -> placeholderRequest().mailFrom(value).build());
    }

    static FormValidation checkTo(String value) {
        return check(value, () -> placeholderRequest().recipients(CheckOptions.splitList(List.of(Util.fixNull(value)))).build());
    }

    static FormValidation checkExpectBanner(String value) {
        return check(null, () -> CheckOptions.builder().expectBanner(value).build().requests(null, null));
    }

    /** @param field the option as core names it, for its message */
    static FormValidation checkDuration(String field, String value) {
        return check(null, () -> Durations.parse(field, value, null));
    }

    static ListBoxModel securityItems() {
        ListBoxModel items = new ListBoxModel();
        items.add(Messages.SmtpCheckForms_SecurityStartTls(), "");
        items.add(Messages.SmtpCheckForms_SecurityRequireStartTls(), "require-starttls");
        items.add(Messages.SmtpCheckForms_SecurityImplicitTls(), "implicit-tls");
        items.add(Messages.SmtpCheckForms_SecurityNone(), "none");
        return items;
    }

    static ListBoxModel stopAfterItems() {
        ListBoxModel items = new ListBoxModel();
        items.add(Messages.SmtpCheckForms_StopAfterDefault(), "");
        for (Stage stage : Stage.values()) {
            if (stage != Stage.QUIT) {
                items.add(stage == Stage.DATA ? Messages.SmtpCheckForms_StopAfterData() : stage.label(),
                        stage.name().toLowerCase(Locale.ROOT));
            }
        }
        return items;
    }

    static ListBoxModel authMechanismItems() {
        ListBoxModel items = new ListBoxModel();
        items.add(Messages.SmtpCheckForms_AuthAuto(), "");
        for (AuthMechanism mechanism : AuthMechanism.values()) {
            items.add(mechanism.saslName());
        }
        return items;
    }

    /** Each language under its own name, as language menus do. */
    static ListBoxModel langItems() {
        ListBoxModel items = new ListBoxModel();
        items.add(Messages.SmtpCheckForms_LangDefault(), "");
        for (String tag : List.of("en", "fr", "ru", "ja", "ar")) {
            Locale locale = Locale.forLanguageTag(tag);
            items.add(locale.getDisplayLanguage(locale), tag);
        }
        return items;
    }

    /**
     * The username/password credentials the job may use, as the credentials plugin's consumer guide lists
     * them: nothing but the current value for those who could not choose one anyway.
     */
    static ListBoxModel credentialsIdItems(Item item, String credentialsId, String host) {
        StandardListBoxModel result = new StandardListBoxModel();
        if (!mayListCredentials(item)) {
            return result.includeCurrentValue(credentialsId);
        }
        return result.includeEmptyValue()
                .includeMatchingAs(authentication(item), item, StandardUsernamePasswordCredentials.class,
                        domain(host), CredentialsMatchers.always())
                .includeCurrentValue(credentialsId);
    }

    static FormValidation checkCredentialsId(Item item, String value) {
        String id = Util.fixEmptyAndTrim(value);
        if (id == null || !mayListCredentials(item)) {
            return FormValidation.ok();
        }
        if (id.startsWith("${") && id.endsWith("}")) {
            return FormValidation.warning(Messages.SmtpCheckForms_CredentialsExpression());
        }
        if (CredentialsProvider.listCredentialsInItem(StandardUsernamePasswordCredentials.class, item, authentication(item),
                List.of(), CredentialsMatchers.withId(id)).isEmpty()) {
            return FormValidation.error(Messages.SmtpCheckForms_CredentialsNotFound());
        }
        return FormValidation.ok();
    }

    /**
     * Who may press "Test connection": those who may configure the job; outside a job (the global Pipeline Syntax
     * page), administrators. Not {@link Jenkins#MANAGE}, which mailer-plugin checks for its test button: that
     * button sends a password typed into the form, while this one can send any global credential to a host the
     * caller picks, and Overall/Manage is the permission that must not lead to such an escalation.
     */
    static boolean mayTestConnection(Item item) {
        return item == null ? Jenkins.get().hasPermission(Jenkins.ADMINISTER) : item.hasPermission(Item.CONFIGURE);
    }

    /** The form values the test uses; the rest of the job's options (expectations, DATA) are for the build. */
    record TestValues(String host, String port, String security, String helo, String from, String to, String credentialsId,
                      String authMechanism, boolean allowPlaintextAuth, boolean insecure, boolean verifyHostname, String lang) {
    }

    /**
     * Checks the listener from the controller, up to RCPT TO at most (no message is sent), with the job's
     * credentials as a build of the job would get them. The trust file is not read: it is a path on the agent.
     *
     * @throws org.springframework.security.access.AccessDeniedException without {@link #mayTestConnection}
     */
    static FormValidation testConnection(Item item, TestValues form) {
        if (item == null) {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        } else {
            item.checkPermission(Item.CONFIGURE);
        }
        if (hasVariable(form.host()) || hasVariable(form.port()) || hasVariable(form.from()) || hasVariable(form.to())) {
            return FormValidation.warning(Messages.SmtpCheckForms_TestNeedsValues());
        }
        try {
            Target target = Target.parse(form.host());
            CheckOptions.Builder options = CheckOptions.builder()
                    .security(form.security()).helo(form.helo()).from(form.from())
                    .to(CheckOptions.splitList(List.of(Util.fixNull(form.to()))))
                    .authMechanism(form.authMechanism()).allowPlaintextAuth(form.allowPlaintextAuth())
                    .insecure(form.insecure()).verifyHostname(form.verifyHostname()).lang(form.lang())
                    .connectTimeout(TEST_CONNECT_TIMEOUT).timeout(TEST_DEADLINE);
            int port = Target.parsePort(form.port());
            String user = null;
            String secret = null;
            String id = Util.fixEmptyAndTrim(form.credentialsId());
            if (id != null) {
                StandardUsernamePasswordCredentials credentials = CredentialsProvider.findCredentialByIdInItem(id,
                        StandardUsernamePasswordCredentials.class, item, authentication(item), SmtpCheckExecution.domain(target.host()));
                if (credentials == null) {
                    return FormValidation.error(Messages.SmtpCheckForms_CredentialsNotFound());
                }
                user = credentials.getUsername();
                secret = credentials.getPassword().getPlainText();
            }
            SmtpCheckResult result = new AgentCheck((port == 0 ? options : options.port(port)).build(), target, user, secret,
                    true, true).call();
            String html = "<pre>" + Util.escape(result.getReport()) + "</pre>";
            return switch (Verdict.valueOf(result.getVerdict())) {
                case PASS -> FormValidation.okWithMarkup(html);
                case TRANSIENT -> FormValidation.warningWithMarkup(html);
                case FAIL -> FormValidation.errorWithMarkup(html);
            };
        } catch (InvalidRequestException e) {
            return FormValidation.error(e.parameter() + ": " + e.problem());
        }
    }

    /** The consumer guide's rule: list credentials only for those who could select or use them here. */
    private static boolean mayListCredentials(Item item) {
        return item == null ? Jenkins.get().hasPermission(Jenkins.ADMINISTER)
                : item.hasPermission(Item.EXTENDED_READ) || item.hasPermission(CredentialsProvider.USE_ITEM);
    }

    /** The authentication a build of the job runs as, so the list offers what the build will find. */
    private static Authentication authentication(Item item) {
        return item instanceof Queue.Task task ? Tasks.getAuthenticationOf2(task) : ACL.SYSTEM2;
    }

    private static List<DomainRequirement> domain(String host) {
        try {
            return SmtpCheckExecution.domain(Util.fixEmptyAndTrim(host) == null ? null : Target.parse(host).host());
        } catch (InvalidRequestException e) {
            return SmtpCheckExecution.domain(null);
        }
    }

    /** A request builder for checking one address with core's rules, without looking up the local host name. */
    private static CheckRequest.Builder placeholderRequest() {
        return CheckRequest.builder(PLACEHOLDER_HOST).heloName(PLACEHOLDER_HOST);
    }

    private static boolean hasVariable(String value) {
        return value != null && value.indexOf('$') >= 0;
    }

    /**
     * Runs one of core's parsers on a field; its message becomes the form's. Values naming a build variable
     * ({@code $SMTP_HOST}) are checked when the build has expanded them.
     *
     * @param raw the value as typed, for the variable test; null where variables are not expanded
     */
    private static FormValidation check(String raw, Runnable parse) {
        if (hasVariable(raw)) {
            return FormValidation.ok(Messages.SmtpCheckForms_CheckedWhenBuilt());
        }
        try {
            parse.run();
            return FormValidation.ok();
        } catch (InvalidRequestException e) {
            return FormValidation.error(e.problem());
        }
    }
}
