package io.smtpcheck.maven;

import java.io.File;
import java.util.List;

/**
 * One {@code <target>} of the POM: the listener to check and the options in which it differs from the goal's.
 * Every field is named like the goal parameter (and the {@link io.smtpcheck.option.Option}) it overrides, so an error
 * about {@code stopAfter} names the element the user wrote, and core reads the fields by those names. Null means
 * "as the goal says"; Maven fills the fields from the XML by name. {@code TargetConfigTest} checks that the fields
 * are the options that may differ per target.
 */
public class TargetConfig {

    /** host, host:port, [v6]:port or mx:domain. */
    String host;
    Integer port;
    String tlsLevel;
    String tlsTransport;
    List<String> tlsMatch;
    String helo;
    String from;
    List<String> to;
    String stopAfter;
    String subject;
    String body;
    /** The id of a {@code <server>} in settings.xml holding the AUTH user and password. */
    String serverId;
    String authMechanism;
    Boolean allowPlaintextAuth;
    Boolean allowUnverifiedAuth;
    String expectBanner;
    List<String> expectEhlo;
    String minCertDays;
    File trustFile;
    String connectTimeout;
    String replyTimeout;
    String timeout;
    String lang;

    public TargetConfig() {
    }

    /** A target with only a host, every option from the goal: what {@code -Dsmtp-check.host} names. */
    static TargetConfig host(String host) {
        TargetConfig target = new TargetConfig();
        target.host = host;
        return target;
    }
}
