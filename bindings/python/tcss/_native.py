"""ctypes declarations of include/tcss/tcss.h: loading, structs, prototypes.

Every function of the header is declared here with its argtypes and restype
(the FUNCTIONS table); tests/test_tcss.py checks the table against the header.
"""
import ctypes
import ctypes.util
import os

# tcss_error_code values (stable).
OK = 0
EINVAL = -1
ECREDENTIALS = -2
EAUTH = -3
ESERVICE = -4
ERATELIMIT = -5
ENETWORK = -6
ETIMEOUT = -7
ETLS = -8
EBADRESPONSE = -9
ENOMEM = -10
EINTERNAL = -11

UNSET = -2147483647 - 1          # TCSS_UNSET
RATE_UNLIMITED = -1              # TCSS_RATE_UNLIMITED
CLIENT_OPTIONS_VERSION = 1
CLIENT_OPTIONS_VERSION_KEYLESS = 2   # the keyless fields below; used only when one is set
REGISTRY_SPEC_VERSION = 1
SUPPORTED_MAJOR = 1

LOG_FN = ctypes.CFUNCTYPE(None, ctypes.c_int, ctypes.c_char_p, ctypes.c_void_p)


class ClientOptions(ctypes.Structure):
    """struct tcss_client_options (version 2)."""
    _fields_ = [
        ("version", ctypes.c_uint),
        ("secret_id", ctypes.c_char_p),
        ("secret_key", ctypes.c_char_p),
        ("session_token", ctypes.c_char_p),
        ("profile", ctypes.c_char_p),
        ("region", ctypes.c_char_p),
        ("endpoint", ctypes.c_char_p),
        ("ca_file", ctypes.c_char_p),
        ("proxy", ctypes.c_char_p),
        ("language", ctypes.c_char_p),
        ("connect_timeout_ms", ctypes.c_long),
        ("timeout_ms", ctypes.c_long),
        ("max_attempts", ctypes.c_uint),
        ("requests_per_second", ctypes.c_int),
        ("log_fn", LOG_FN),
        ("log_userdata", ctypes.c_void_p),
        ("log_level", ctypes.c_int),
        # version 2 (keyless credentials); the binding passes version 2 only
        # when one of these is set (Client), so a 1.0 library still works.
        ("sts_endpoint", ctypes.c_char_p),
        ("metadata_endpoint", ctypes.c_char_p),
        ("no_metadata", ctypes.c_int),
        ("role_arn", ctypes.c_char_p),
        ("provider_id", ctypes.c_char_p),
        ("web_identity_token", ctypes.c_char_p),
        ("web_identity_token_file", ctypes.c_char_p),
        ("role_session_name", ctypes.c_char_p),
        ("session_duration", ctypes.c_uint),
    ]


class ConnDetect(ctypes.Structure):
    """struct tcss_conn_detect."""
    _fields_ = [("quuid", ctypes.c_char_p), ("uuid", ctypes.c_char_p)]


class RegistrySpec(ctypes.Structure):
    """struct tcss_registry_spec (version 1)."""
    _fields_ = [
        ("version", ctypes.c_uint),
        ("name", ctypes.c_char_p),
        ("username", ctypes.c_char_p),
        ("password", ctypes.c_char_p),
        ("url", ctypes.c_char_p),
        ("registry_type", ctypes.c_char_p),
        ("net_type", ctypes.c_char_p),
        ("registry_version", ctypes.c_char_p),
        ("registry_region", ctypes.c_char_p),
        ("speed_limit", ctypes.c_longlong),
        ("insecure", ctypes.c_int),
        ("conn_detect", ctypes.POINTER(ConnDetect)),
        ("conn_detect_count", ctypes.c_size_t),
        ("need_scan", ctypes.c_int),
        ("sync_mode", ctypes.c_int),
        ("webhook_url", ctypes.c_char_p),
        ("webhook_token", ctypes.c_char_p),
        ("instance_id", ctypes.c_char_p),
    ]


class RegistryResult(ctypes.Structure):
    """struct tcss_registry_result (fields of 1.0; it only grows at the end)."""
    _fields_ = [
        ("registry_id", ctypes.c_longlong),
        ("request_id", ctypes.c_char_p),
        ("health_check_err", ctypes.c_char_p),
        ("name_repeat_err", ctypes.c_char_p),
        ("already_existed", ctypes.c_int),
        ("attempts", ctypes.c_uint),
    ]


_p = ctypes.c_void_p      # opaque tcss_client * / const tcss_error *
_s = ctypes.c_char_p

# name -> (restype, argtypes): every TCSS_EXTERN function of the header.
FUNCTIONS = {
    "tcss_version_number": (ctypes.c_uint, []),
    "tcss_version": (_s, []),
    "tcss_error_last": (_p, []),
    "tcss_error_clear": (None, []),
    "tcss_error_code_of": (ctypes.c_int, [_p]),
    "tcss_error_message": (_s, [_p]),
    "tcss_error_service_code": (_s, [_p]),
    "tcss_error_service_message": (_s, [_p]),
    "tcss_error_request_id": (_s, [_p]),
    "tcss_error_http_status": (ctypes.c_long, [_p]),
    "tcss_error_attempts": (ctypes.c_uint, [_p]),
    "tcss_error_class_name": (_s, [ctypes.c_int]),
    "tcss_client_options_init": (ctypes.c_int, [ctypes.POINTER(ClientOptions), ctypes.c_uint]),
    "tcss_client_new": (ctypes.c_int, [ctypes.POINTER(_p), ctypes.POINTER(ClientOptions)]),
    "tcss_client_free": (None, [_p]),
    "tcss_registry_spec_init": (ctypes.c_int, [ctypes.POINTER(RegistrySpec), ctypes.c_uint]),
    "tcss_add_registry": (ctypes.c_int, [ctypes.POINTER(ctypes.POINTER(RegistryResult)), _p,
                                         ctypes.POINTER(RegistrySpec)]),
    "tcss_registry_result_free": (None, [ctypes.POINTER(RegistryResult)]),
    # char ** out: a c_void_p, so the pointer survives to be freed with tcss_string_free.
    "tcss_add_registry_preview": (ctypes.c_int, [ctypes.POINTER(ctypes.c_void_p), _p,
                                                 ctypes.POINTER(RegistrySpec)]),
    "tcss_string_free": (None, [ctypes.c_void_p]),
}


def _candidates():
    path = os.environ.get("TCSS_LIBRARY")
    if path:
        return [path]      # explicit: nothing else is tried
    names = []
    # The wheel carries its own copy next to this file (bindings/python/setup.py).
    bundled = os.path.join(os.path.dirname(os.path.abspath(__file__)), "libtcss.so.1")
    if os.path.exists(bundled):
        names.append(bundled)
    names.append("libtcss.so.1")
    found = ctypes.util.find_library("tcss")
    if found and found not in names:
        names.append(found)
    return names


def load():
    """Load libtcss and declare every function. Raises ImportError saying
    where it looked when no usable library is found."""
    errors = []
    for candidate in _candidates():
        try:
            lib = ctypes.CDLL(candidate)
        except OSError as e:
            errors.append("%s: %s" % (candidate, e))
            continue
        for name, (restype, argtypes) in FUNCTIONS.items():
            fn = getattr(lib, name)
            fn.restype = restype
            fn.argtypes = argtypes
        number = lib.tcss_version_number()
        if number // 10000 != SUPPORTED_MAJOR:
            errors.append("%s: version %d.%d.%d, this package needs %d.x" % (
                candidate, number // 10000, number // 100 % 100, number % 100,
                SUPPORTED_MAJOR))
            continue
        return lib
    raise ImportError(
        "tcss: cannot load libtcss (%s). Set TCSS_LIBRARY to the path of "
        "libtcss.so.1, or install it where the dynamic loader finds it."
        % "; ".join(errors))
