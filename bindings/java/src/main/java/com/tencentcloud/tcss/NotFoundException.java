package com.tencentcloud.tcss;

/**
 * {@code TCSS_ENOTFOUND} (libtcss 1.1): what was named is not in TCSS, either
 * no registry of that name, or no image row for the reference after the sync
 * and the wait. The CLI exits 11 for it. Its error class is
 * {@link TcssErrorClass#NOT_FOUND}.
 */
public class NotFoundException extends TcssException {
    private static final long serialVersionUID = 1L;

    public NotFoundException(String message, String serviceCode, String serviceMessage, String requestId,
                             long httpStatus, int attempts) {
        super(TcssErrorClass.NOT_FOUND.code(), message, serviceCode, serviceMessage, requestId, httpStatus, attempts);
    }
}
