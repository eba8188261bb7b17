package com.tencentcloud.tcss;

/**
 * A failed libtcss call: the error class, the service's own code and message
 * (when the failure came from the service), the RequestId and HTTP status of
 * the last response received, and how many attempts were made. The message
 * never contains a secret.
 */
public class TcssException extends Exception {
    private static final long serialVersionUID = 1L;

    private final TcssErrorClass errorClass;
    private final int nativeCode;
    private final String serviceCode;
    private final String serviceMessage;
    private final String requestId;
    private final long httpStatus;
    private final int attempts;

    /**
     * @param nativeCode     the C error code (a negative {@code TCSS_E*} value)
     * @param message        a human-readable description (no secrets)
     * @param serviceCode    the service's error code, "" when none
     * @param serviceMessage the service's error message, "" when none
     * @param requestId      RequestId of the last response, "" when none
     * @param httpStatus     HTTP status of the last response, 0 when none
     * @param attempts       attempts made, 0 when nothing was sent
     */
    public TcssException(int nativeCode, String message, String serviceCode,
                         String serviceMessage, String requestId, long httpStatus,
                         int attempts) {
        super(message);
        this.nativeCode = nativeCode;
        this.errorClass = TcssErrorClass.fromCode(nativeCode);
        this.serviceCode = serviceCode == null ? "" : serviceCode;
        this.serviceMessage = serviceMessage == null ? "" : serviceMessage;
        this.requestId = requestId == null ? "" : requestId;
        this.httpStatus = httpStatus;
        this.attempts = attempts;
    }

    /** An argument rejected by the binding itself, before the native call. */
    static TcssException invalidArgument(String message) {
        return new TcssException(TcssErrorClass.INVALID_ARGUMENT.code(), message, "", "", "", 0, 0);
    }

    /** The error class. */
    public TcssErrorClass getErrorClass() {
        return errorClass;
    }

    /** The raw C error code, useful when the class is {@link TcssErrorClass#UNKNOWN}. */
    public int getNativeCode() {
        return nativeCode;
    }

    /** The service's error code, e.g. "InvalidParameter.MissingParameter"; "" when none. */
    public String getServiceCode() {
        return serviceCode;
    }

    /** The service's own error message; "" when none. */
    public String getServiceMessage() {
        return serviceMessage;
    }

    /** The RequestId of the last response received; "" when none arrived. */
    public String getRequestId() {
        return requestId;
    }

    /** The HTTP status of the last response received; 0 when none arrived. */
    public long getHttpStatus() {
        return httpStatus;
    }

    /** How many attempts were made (0 when the call failed before sending). */
    public int getAttempts() {
        return attempts;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("TcssException[").append(errorClass.label()).append("]: ")
                .append(getMessage());
        if (!serviceCode.isEmpty()) {
            sb.append(" (service code ").append(serviceCode).append(')');
        }
        if (!requestId.isEmpty()) {
            sb.append(" RequestId=").append(requestId);
        }
        return sb.toString();
    }
}
