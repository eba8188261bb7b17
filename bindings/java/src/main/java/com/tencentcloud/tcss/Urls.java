package com.tencentcloud.tcss;

/**
 * URLs as this binding quotes them itself ({@code toString()}): the password in
 * the user information is masked, as the library masks it,
 * {@code https://user:SECRET@host} becoming {@code https://user:********@host}
 * (user information without a colon, often a token, is masked whole).
 */
final class Urls {
    static final String MASK = "********";

    private Urls() {
    }

    static String maskUserinfo(String url) {
        if (url == null) {
            return null;
        }
        int scheme = url.indexOf("://");
        int start = scheme < 0 ? 0 : scheme + 3;
        int end = start;
        while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
            end++;
        }
        int at = url.lastIndexOf('@', end - 1);
        if (at < start) {
            return url;
        }
        String userinfo = url.substring(start, at);
        int colon = userinfo.indexOf(':');
        String masked = colon < 0 ? MASK : userinfo.substring(0, colon + 1) + MASK;
        return url.substring(0, start) + masked + url.substring(at);
    }
}
