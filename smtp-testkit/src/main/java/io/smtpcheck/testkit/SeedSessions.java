package io.smtpcheck.testkit;

/**
 * Listeners that replay the sessions of the ESA telnet article (the project's seed documents): the
 * accepting {@code my_esa.local} session and the common refusals, ready to start or to script further.
 */
public final class SeedSessions {

    private SeedSessions() {
    }

    /** {@code telnet my_esa.local 25} as the article shows it, with the message accepted after DATA. */
    public static ScriptedSmtpServer.Builder acceptingEsa() {
        return ScriptedSmtpServer.builder().hostname("my_esa.local")
                .banner(Action.reply("220 my_esa.local ESMTP"))
                .on("EHLO", Action.reply("250 my_esa.local"))
                .on("MAIL", Action.reply("250 sender <test@test.com> ok"))
                .on("RCPT", Action.reply("250 recipient <user@other.com> ok"))
                .on(ScriptedSmtpServer.DATA_START, Action.reply("354 go ahead"))
                .on("DATA", Action.reply("250 ok: Message 214 accepted"))
                .on("QUIT", Action.reply("221 my_esa.local"));
    }

    /** The listener's per-host connection limit: {@code 421 #4.4.5} in place of the banner, then close. */
    public static ScriptedSmtpServer.Builder tooManyConnectionsFromHost() {
        return ScriptedSmtpServer.builder().hostname("my_esa.local")
                .banner(Action.replyThenClose("421 #4.4.5 Too many connections from your host"));
    }

    /** The first recipient accepted, the next ones deferred with {@code 452 #4.5.3}. */
    public static ScriptedSmtpServer.Builder tooManyRecipients() {
        return ScriptedSmtpServer.builder().hostname("my_esa.local")
                .on("RCPT", Action.reply("250 recipient <user@other.com> ok"), Action.reply("452 #4.5.3 Too many recipients"));
    }

    /** A listener that requires TLS: MAIL FROM refused with {@code 530 #5.7.0} until STARTTLS. */
    public static ScriptedSmtpServer.Builder startTlsRequired() {
        return ScriptedSmtpServer.builder().hostname("my_esa.local")
                .on("MAIL", Action.reply("530 #5.7.0 Must issue a STARTTLS command first"));
    }
}
