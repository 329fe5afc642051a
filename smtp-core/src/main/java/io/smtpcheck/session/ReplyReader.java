package io.smtpcheck.session;

import io.smtpcheck.reply.Reply;
import org.apache.commons.net.MalformedServerReplyException;

import java.io.IOException;
import java.util.Arrays;

/**
 * The reply Commons Net last read, as the session keeps it: with any secret the server echoed masked as in the
 * transcript. Its syntax and size were judged by the strict reader as it came in (RFC 5321 section 4.2, the limits).
 */
final class ReplyReader {

    private final ProbeClient client;
    private final TranscriptRecorder transcript;

    ReplyReader(ProbeClient client, TranscriptRecorder transcript) {
        this.client = client;
        this.transcript = transcript;
    }

    Reply last() throws IOException {
        String[] lines = client.getReplyStrings();
        Reply reply = toReply(client.getReplyCode(), lines, transcript);
        if (reply == null) {
            throw new MalformedServerReplyException("Server Reply: " + transcript.scrub(String.join(" ", lines)));
        }
        return reply;
    }

    /** The reply as the result keeps it, or null when the code is not an SMTP reply code. */
    static Reply toReply(int code, String[] lines, TranscriptRecorder transcript) {
        return code < 100 || code > 599 || lines.length == 0 ? null
                : new Reply(code, Arrays.stream(lines).map(transcript::scrub).toList());
    }
}
