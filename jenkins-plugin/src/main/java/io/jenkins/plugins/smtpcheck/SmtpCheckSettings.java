package io.jenkins.plugins.smtpcheck;

import java.util.List;

/**
 * The options of a check as the freestyle builder and the Pipeline step both hold them, named as core's
 * {@link io.smtpcheck.request.CheckOptions} names them, so that one piece of code
 * ({@link SmtpCheckExecution#options}) reads either. Null means "the default" throughout.
 */
interface SmtpCheckSettings {

    /** {@code host}, {@code host:port}, {@code [2001:db8::1]:587} or {@code mx:example.com}. */
    String getHost();

    /** The port as text: the builder's may name a build variable, the step's is a number. Null: 25, or the host's. */
    String portText();

    String getSecurity();

    String getHelo();

    String getFrom();

    /** Null when empty, like every other unset option (the form shows nothing then, not "[]"). */
    List<String> getTo();

    String getStopAfter();

    String getSubject();

    String getBody();

    /** A username/password credential of the Credentials plugin; null for no AUTH. */
    String getCredentialsId();

    String getAuthMechanism();

    boolean isAllowPlaintextAuth();

    String getExpectBanner();

    /** Null when empty. */
    List<String> getExpectEhlo();

    int getMinCertDays();

    /** A PEM file on the agent that runs the check. */
    String getTrustFile();

    boolean isInsecure();

    boolean isVerifyHostname();

    String getConnectTimeout();

    String getReplyTimeout();

    String getTimeout();

    String getLang();

    boolean isFailOnTransient();

    boolean isFailOnPermanent();
}
