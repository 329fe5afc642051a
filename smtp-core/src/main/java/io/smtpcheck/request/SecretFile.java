package io.smtpcheck.request;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a password or token from a file, as {@code --password-file} names it: one line of UTF-8 text, with or without
 * a final LF. At most {@value #MAX_BYTES} bytes are read, so naming a large file by mistake costs nothing; a CR (a file
 * saved with Windows line ends would otherwise lose or keep it silently) or a second line is refused, never guessed at.
 */
public final class SecretFile {

    /** 64 KiB: far above any password or OAuth token, far below what would cost memory. */
    public static final int MAX_BYTES = 64 * 1024;

    private SecretFile() {
    }

    /**
     * @param field the option that named the file, for the error ({@code password-file})
     * @throws InvalidRequestException when the file cannot be read or does not hold exactly one line
     */
    public static String read(String field, Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidRequestException(field, "'" + file + "' is not a file" + (Files.isDirectory(file) ? " but a directory" : "") + "; name the file that holds the password");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            throw new InvalidRequestException(field, "'" + file + "' cannot be read: " + e.getMessage());
        }
        if (bytes.length > MAX_BYTES) {
            throw new InvalidRequestException(field, "'" + file + "' is larger than 64 KiB; a password file holds one line, the password or token");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidRequestException(field, "'" + file + "' is not UTF-8 text; save the password as UTF-8");
        }
        if (text.startsWith("\ufeff")) {
            throw new InvalidRequestException(field, "'" + file + "' starts with a byte order mark, which would become part of the password; save it without BOM");
        }
        if (text.indexOf('\r') >= 0) {
            throw new InvalidRequestException(field, "'" + file + "' contains a carriage return (CR), as files saved with Windows line ends do; "
                    + "save it with a plain LF line end (for example with dos2unix)");
        }
        String secret = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        if (secret.indexOf('\n') >= 0) {
            throw new InvalidRequestException(field, "'" + file + "' has more than one line; put only the password or token in it");
        }
        if (secret.isEmpty()) {
            throw new InvalidRequestException(field, "'" + file + "' is empty; put the password or token in it");
        }
        Validation.oneLineSecret(field, secret);
        return secret;
    }
}
