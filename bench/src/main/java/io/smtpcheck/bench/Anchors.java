package io.smtpcheck.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The other tools, asked for the same probe as {@link Probes}: their command lines and how to read their timings. */
record Anchors(String host, String mailFrom, String recipient) {

    static final String CHECK_SMTP = "/usr/lib/nagios/plugins/check_smtp";

    /** check_smtp's performance data: {@code |time=0.000812s;;;0.000000}, connect to QUIT answered. */
    private static final Pattern CHECK_SMTP_TIME = Pattern.compile("time=([0-9.]+)s");
    /** smtpping's line per message; rcptto is the time from connect until RCPT TO is answered. */
    private static final Pattern SMTPPING_RCPT = Pattern.compile("^seq=\\d+,.* rcptto=([0-9.]+) ms", Pattern.MULTILINE);

    List<String> checkSmtp(int port) {
        return List.of(CHECK_SMTP, "-H", host, "-p", Integer.toString(port), "-F", Probes.HELO, "-f", mailFrom,
                "-C", "RCPT TO:<" + recipient + ">", "-R", "250", "-t", "10");
    }

    /** The same probe as a shell word list, for the shell loop. */
    String checkSmtpShell(String portVariable) {
        return CHECK_SMTP + " -H " + host + " -p " + portVariable + " -F " + Probes.HELO + " -f " + mailFrom
                + " -C 'RCPT TO:<" + recipient + ">' -R 250 -t 10";
    }

    /** smtpping cannot stop at RCPT: it sends a 1 KiB message too, after the RCPT TO time it reports. */
    List<String> smtpping(int port, int count) {
        return List.of("smtpping", "-c", Integer.toString(count), "-w", "0", "-s", "1", "-p", Integer.toString(port),
                "-H", Probes.HELO, "-S", mailFrom, recipient, "@" + host);
    }

    List<String> swaks(int port) {
        return List.of("swaks", "--server", host, "--port", Integer.toString(port), "--helo", Probes.HELO,
                "--from", mailFrom, "--to", recipient, "--quit-after", "RCPT");
    }

    /** The same probe with STARTTLS first (swaks needs Net::SSLeay for it, which run.sh installs). */
    List<String> swaksStartTls(int port) {
        List<String> command = new java.util.ArrayList<>(swaks(port));
        command.add("--tls");
        return command;
    }

    static long checkSmtpNanos(String output) {
        Matcher m = CHECK_SMTP_TIME.matcher(output);
        if (!m.find()) {
            throw new IllegalStateException("no time in check_smtp's output: " + output.strip());
        }
        return Math.round(Double.parseDouble(m.group(1)) * 1e9);
    }

    static long[] smtppingRcptNanos(String output) {
        List<Long> times = new ArrayList<>();
        Matcher m = SMTPPING_RCPT.matcher(output);
        while (m.find()) {
            times.add(Math.round(Double.parseDouble(m.group(1)) * 1e6));
        }
        return times.stream().mapToLong(Long::longValue).toArray();
    }
}
