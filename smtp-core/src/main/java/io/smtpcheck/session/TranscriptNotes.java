package io.smtpcheck.session;

/**
 * The notes ({@code **} lines) the transcript adds about how the server wrote its replies, in one place so that they
 * are translated together.
 */
final class TranscriptNotes {

    /** After a reply the strict reader read although a line of it ended in LF alone. */
    static final String LF_ONLY = "the reply above ended its lines with LF alone, not CRLF (RFC 5321 section 2.3.8)";

    private TranscriptNotes() {
    }
}
