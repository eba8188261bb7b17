package com.tencentcloud.tcss;

import java.util.Arrays;

/**
 * UTF-8 for the JNI boundary. Strings cross as UTF-8 byte[] (not JNI's
 * "modified UTF-8", which mangles NUL and characters outside the BMP), and
 * secrets are encoded from char[] without ever becoming a String.
 */
final class Utf8 {
    private Utf8() {
    }

    /** Encode a secret; the caller wipes the result. Null stays null. */
    static byte[] encode(char[] chars, String field) throws TcssException {
        if (chars == null) {
            return null;
        }
        byte[] buf = new byte[chars.length * 3];
        int n = 0;
        try {
            for (int i = 0; i < chars.length; i++) {
                int c = chars[i];
                if (c == 0) {
                    throw TcssException.invalidArgument(field + ": must not contain a NUL character");
                }
                if (Character.isHighSurrogate(chars[i]) && i + 1 < chars.length
                        && Character.isLowSurrogate(chars[i + 1])) {
                    c = Character.toCodePoint(chars[i], chars[i + 1]);
                    i++;
                } else if (Character.isSurrogate(chars[i])) {
                    throw TcssException.invalidArgument(field + ": contains an unpaired UTF-16 surrogate");
                }
                if (c < 0x80) {
                    buf[n++] = (byte) c;
                } else if (c < 0x800) {
                    buf[n++] = (byte) (0xC0 | (c >> 6));
                    buf[n++] = (byte) (0x80 | (c & 0x3F));
                } else if (c < 0x10000) {
                    buf[n++] = (byte) (0xE0 | (c >> 12));
                    buf[n++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                    buf[n++] = (byte) (0x80 | (c & 0x3F));
                } else {
                    buf[n++] = (byte) (0xF0 | (c >> 18));
                    buf[n++] = (byte) (0x80 | ((c >> 12) & 0x3F));
                    buf[n++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                    buf[n++] = (byte) (0x80 | (c & 0x3F));
                }
            }
            return Arrays.copyOf(buf, n);
        } finally {
            Arrays.fill(buf, (byte) 0);
        }
    }

    /** Encode a non-secret string. Null stays null. */
    static byte[] encode(String s, String field) throws TcssException {
        if (s == null) {
            return null;
        }
        if (s.indexOf('\0') >= 0) {
            throw TcssException.invalidArgument(field + ": must not contain a NUL character");
        }
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (Character.isHighSurrogate(ch) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(ch)) {
                throw TcssException.invalidArgument(field + ": contains an unpaired UTF-16 surrogate");
            }
        }
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    static String decode(byte[] b) {
        return b == null ? "" : new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }

    static void wipe(byte[]... arrays) {
        for (byte[] a : arrays) {
            if (a != null) {
                Arrays.fill(a, (byte) 0);
            }
        }
    }
}
