package io.smtpcheck.cli;

import picocli.CommandLine;

/** The version from the jar manifest, so it is never out of step with the build. */
final class Version implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        String v = Version.class.getPackage().getImplementationVersion();
        return new String[] {"smtp-check " + (v == null ? "(development build)" : v)};
    }
}
