package com.tencentcloud.tcss;

/**
 * The stable error classes of libtcss ({@code tcss_error_code} in tcss.h).
 * The numeric codes never change; new classes only ever get new numbers.
 */
public enum TcssErrorClass {
    /** A caller mistake caught before anything was sent (nothing was sent). */
    INVALID_ARGUMENT(-1, "invalid_argument"),
    /** No usable credentials were found. */
    CREDENTIALS(-2, "credentials"),
    /** The service refused the signature or the key (AuthFailure.*). */
    AUTH(-3, "auth"),
    /** The service rejected the request (InvalidParameter*, FailedOperation*, ...). */
    SERVICE(-4, "service"),
    /** RequestLimitExceeded on every attempt. */
    RATE_LIMITED(-5, "rate_limited"),
    /** The endpoint could not be reached: DNS, refused, reset, proxy. */
    NETWORK(-6, "network"),
    /** An attempt took longer than the configured timeout. */
    TIMEOUT(-7, "timeout"),
    /** TLS failed (untrusted issuer, wrong host, expired, unreadable CA file). */
    TLS(-8, "tls"),
    /** The answer was not a valid TCSS response, or 5xx/InternalError persisted. */
    BAD_RESPONSE(-9, "bad_response"),
    /** Memory could not be allocated. */
    OUT_OF_MEMORY(-10, "out_of_memory"),
    /** A bug in libtcss or its dependencies. */
    INTERNAL(-11, "internal"),
    /** (1.1) What was named is not in TCSS: no registry of that name, or no image row for the
     *  reference after the sync and the wait. Thrown as {@link NotFoundException}. */
    NOT_FOUND(-12, "not_found"),
    /** A code this binding does not know (a newer native library). */
    UNKNOWN(Integer.MIN_VALUE, "unknown");

    private final int code;
    private final String label;

    TcssErrorClass(int code, String label) {
        this.code = code;
        this.label = label;
    }

    /** The C value ({@code TCSS_E*}), or {@link Integer#MIN_VALUE} for {@link #UNKNOWN}. */
    public int code() {
        return code;
    }

    /** A stable lower-case name, as {@code tcss_error_class_name()} gives. */
    public String label() {
        return label;
    }

    /** The class for a C error code; {@link #UNKNOWN} when it is not one. */
    public static TcssErrorClass fromCode(int code) {
        for (TcssErrorClass c : values()) {
            if (c.code == code) {
                return c;
            }
        }
        return UNKNOWN;
    }
}
