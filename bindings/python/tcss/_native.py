"""ctypes declarations of include/tcss/tcss.h: loading, structs, prototypes.

Every function of the header is declared here with its argtypes and restype
(the FUNCTIONS table); tests/test_tcss.py checks the table against the header.
"""
import ctypes
import ctypes.util
import os
import re
import struct

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
ENOTFOUND = -12                  # libtcss 1.1

UNSET = -2147483647 - 1          # TCSS_UNSET
RATE_UNLIMITED = -1              # TCSS_RATE_UNLIMITED
CLIENT_OPTIONS_VERSION = 1
CLIENT_OPTIONS_VERSION_KEYLESS = 2   # the keyless fields below; used only when one is set
REGISTRY_SPEC_VERSION = 1
SCAN_OPTIONS_VERSION = 1         # libtcss 1.1
SUPPORTED_MAJOR = 1
VERSION_1_1 = 10100              # tcss_version_number() of the first library with the 1.1 calls

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


class ScanOptions(ctypes.Structure):
    """struct tcss_scan_options (version 1; libtcss 1.1)."""
    _fields_ = [
        ("version", ctypes.c_uint),
        ("registry_name", ctypes.c_char_p),
        ("image", ctypes.c_char_p),
        ("sync", ctypes.c_int),
        ("wait_ms", ctypes.c_long),
        ("fail_on", ctypes.c_char_p),
        ("max_critical", ctypes.c_longlong),
        ("max_high", ctypes.c_longlong),
        ("max_medium", ctypes.c_longlong),
        ("max_low", ctypes.c_longlong),
        ("only_fixed", ctypes.c_int),
        ("ignore_file", ctypes.c_char_p),
    ]


_p = ctypes.c_void_p      # opaque tcss_client * / const tcss_error * / tcss_result *
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
    # 1.1: the recurring job. tcss_result * is opaque (a c_void_p).
    "tcss_result_json": (_s, [_p]),
    "tcss_result_string": (_s, [_p, _s]),
    "tcss_result_int": (ctypes.c_longlong, [_p, _s, ctypes.c_longlong]),
    "tcss_result_free": (None, [_p]),
    "tcss_ensure_registry": (ctypes.c_int, [ctypes.POINTER(_p), _p, ctypes.POINTER(RegistrySpec),
                                            ctypes.c_int]),
    "tcss_list_registries": (ctypes.c_int, [ctypes.POINTER(_p), _p]),
    "tcss_show_registry": (ctypes.c_int, [ctypes.POINTER(_p), _p, _s]),
    "tcss_remove_registry": (ctypes.c_int, [ctypes.POINTER(_p), _p, _s]),
    "tcss_sync_registry": (ctypes.c_int, [ctypes.POINTER(_p), _p, _s, ctypes.c_long]),
    "tcss_scan_options_init": (ctypes.c_int, [ctypes.POINTER(ScanOptions), ctypes.c_uint]),
    "tcss_scan_image": (ctypes.c_int, [ctypes.POINTER(_p), _p, ctypes.POINTER(ScanOptions)]),
    "tcss_result_write_report": (ctypes.c_int, [_p, _s, _s]),
    "tcss_client_add_secret": (ctypes.c_int, [_p, _s]),
}

# The functions a 1.0 library lacks: load() declares them only when the
# library has them, and tcss.Client's 1.1 calls check the version first, so
# a 1.0 library still loads and its 1.0 calls still work.
SINCE_1_1 = frozenset(name for name in FUNCTIONS if name.startswith((
    "tcss_result_", "tcss_ensure_", "tcss_list_", "tcss_show_", "tcss_remove_", "tcss_sync_",
    "tcss_scan_", "tcss_client_add_secret")))


# Debian 12 (bookworm) packages by soname, for the ImportError's advice when a
# library libtcss needs is missing (the Java loader's NativeLoadDiagnosis has
# the same table). The platform the binaries are built on: README.md, "Install".
DEBIAN_PACKAGES = {
    "libcurl.so.4": "libcurl4",
    "libcurl-gnutls.so.4": "libcurl3-gnutls",
    "libmbedcrypto.so.7": "libmbedcrypto7",
    "libmbedx509.so.1": "libmbedx509-1",
    "libmbedtls.so.14": "libmbedtls14",
    "libcjson.so.1": "libcjson1",
    "libssl.so.3": "libssl3",
    "libcrypto.so.3": "libssl3",
    "libz.so.1": "zlib1g",
    "libnghttp2.so.14": "libnghttp2-14",
    "libstdc++.so.6": "libstdc++6",
    "libgcc_s.so.1": "libgcc-s1",
}
_GLIBC = re.compile(r"^(libc|libm|libpthread|libdl|librt)\.so\.\d+$|^ld-linux")
PLATFORM_TABLE = "the agent platform table in libtcss's README.md (section \"Install\")"
_CANNOT_OPEN = re.compile(r"([^\s:]+): cannot open shared object file")
_GLIBC_TOO_OLD = re.compile(r"version `GLIBC_([0-9.]+)' not found")


def needed(path):
    """The DT_NEEDED sonames of an ELF64 little-endian shared object (the
    .dynamic section's entries, their names from the section it links to);
    [] when the file is not one."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError:
        return []
    if data[:6] != b"\x7fELF\x02\x01":
        return []
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
    sections = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize)
                for i in range(shnum)]
    names = []
    for sh in sections:
        if sh[1] != 6:                       # SHT_DYNAMIC
            continue
        strtab = sections[sh[6]][4]          # sh_link: the string table's offset
        for off in range(sh[4], sh[4] + sh[5], 16):
            tag, val = struct.unpack_from("<qQ", data, off)
            if tag == 0:                     # DT_NULL
                break
            if tag == 1:                     # DT_NEEDED
                end = data.index(b"\0", strtab + val)
                names.append(data[strtab + val:end].decode("ascii", "replace"))
    return names


def _probe(soname):
    """None when the dynamic loader finds soname (and what it needs), else
    the loader's message."""
    try:
        ctypes.CDLL(soname)
        return None
    except OSError as e:
        return str(e)


def missing_libraries(path, error, probe=_probe):
    """The sonames the library at path needs and this machine lacks: the one
    the loader named in error, and every other NEEDED entry the loader cannot
    find either (the loader stops at the first)."""
    missing = []

    def note(name):
        if name not in missing and os.path.basename(name) != os.path.basename(path):
            missing.append(name)
    for m in _CANNOT_OPEN.finditer(error):
        note(m.group(1))
    here = os.path.dirname(os.path.abspath(path))
    for soname in needed(path):
        if _GLIBC.match(soname) or soname in missing:
            continue
        # A repaired (manylinux) wheel carries its libraries beside the package.
        if any(os.path.exists(os.path.join(d, soname))
               for d in (here, os.path.join(here, os.pardir, "tcss.libs"))):
            continue
        message = probe(soname)
        if message is not None:
            found = _CANNOT_OPEN.findall(message)
            for name in found or [soname]:
                note(name)
    return missing


def advice(path, error, probe=_probe):
    """What to do when loading the library at path failed with error (the
    loader's text): the Debian packages and the apt-get line for missing
    libraries, or the glibc it needs. None when the error says neither."""
    old = _GLIBC_TOO_OLD.search(error)
    if old:
        return ("This machine's glibc is too old: the library needs glibc %s (check with "
                "`ldd --version`). Use Debian 12, Ubuntu 23.04 or later, or build libtcss from "
                "source here; see %s." % (old.group(1), PLATFORM_TABLE))
    missing = missing_libraries(path, error, probe) if _CANNOT_OPEN.search(error) else []
    if not missing:
        return None
    glibc = [m for m in missing if _GLIBC.match(m)]
    if glibc:
        return ("%s (glibc) is missing: this is not a glibc-based Linux (Alpine/musl?); "
                "see %s." % (glibc[0], PLATFORM_TABLE))
    packages = []
    unknown = []
    for name in missing:
        package = DEBIAN_PACKAGES.get(name)
        if package is None:
            unknown.append(name)
        elif package not in packages:
            packages.append(package)
    text = "It needs shared libraries this machine lacks: %s." % ", ".join(
        "%s (Debian package %s)" % (m, DEBIAN_PACKAGES[m]) if m in DEBIAN_PACKAGES else m
        for m in missing)
    if packages:
        text += " On Debian 12 or Ubuntu, as root: apt-get install %s." % " ".join(packages)
    for name in unknown:
        text += " Install the package that provides %s (Debian: apt-file search %s)." % (name, name)
    return text + (" Or install the manylinux wheel of tcss, which carries them; see %s."
                   % PLATFORM_TABLE)


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


def declare(lib):
    """Set every function's restype and argtypes on lib; returns its
    tcss_version_number(). A function of SINCE_1_1 that a library older than
    1.1 lacks is left out (tcss.Client says which version a call needs);
    any other missing function is an error of the library."""
    version_fn = lib.tcss_version_number
    version_fn.restype, version_fn.argtypes = FUNCTIONS["tcss_version_number"]
    number = int(version_fn())
    for name, (restype, argtypes) in FUNCTIONS.items():
        if name in SINCE_1_1 and number < VERSION_1_1 and not hasattr(lib, name):
            continue
        fn = getattr(lib, name)
        fn.restype = restype
        fn.argtypes = argtypes
    return number


def load():
    """Load libtcss and declare every function. Raises ImportError saying
    where it looked when no usable library is found."""
    errors = []
    hints = []
    for candidate in _candidates():
        try:
            lib = ctypes.CDLL(candidate)
        except OSError as e:
            errors.append("%s: %s" % (candidate, e))
            hint = advice(candidate, str(e))
            if hint and hint not in hints:
                hints.append(hint)
            continue
        number = declare(lib)
        if number // 10000 != SUPPORTED_MAJOR:
            errors.append("%s: version %d.%d.%d, this package needs %d.x" % (
                candidate, number // 10000, number // 100 % 100, number % 100,
                SUPPORTED_MAJOR))
            continue
        return lib
    if hints:
        # The library is there but cannot load: saying "set TCSS_LIBRARY"
        # would be the wrong fix.
        raise ImportError("tcss: cannot load libtcss (%s). %s" % ("; ".join(errors), " ".join(hints)))
    raise ImportError(
        "tcss: cannot load libtcss (%s). Set TCSS_LIBRARY to the path of "
        "libtcss.so.1, or install it where the dynamic loader finds it."
        % "; ".join(errors))
