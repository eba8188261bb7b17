# Type hints for tcss (PEP 561: shipped with py.typed in the wheel). The
# module itself is plain ctypes (tcss/__init__.py); tests/packaging checks
# that this stub names exactly the module's __all__.
import builtins
import os
from dataclasses import dataclass
from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional, Tuple, Union

from . import _values as values

__version__: str

LOG_ERROR: int
LOG_WARN: int
LOG_INFO: int
LOG_DEBUG: int

def version() -> str: ...
def version_number() -> int: ...

class Error(Exception):
    code: int
    error_class: str
    message: str
    service_code: str
    service_message: str
    request_id: str
    http_status: int
    attempts: int
    def __init__(self, code: int, error_class: str, message: str, service_code: str = ...,
                 service_message: str = ..., request_id: str = ..., http_status: int = ...,
                 attempts: int = ...) -> None: ...

class InvalidArgumentError(Error, ValueError): ...
class CredentialsError(Error): ...
class AuthError(Error): ...
class ServiceError(Error): ...
class RateLimitError(Error): ...
class NetworkError(Error): ...
class CallTimeoutError(Error, builtins.TimeoutError): ...
TimeoutError = CallTimeoutError  # the old name; not in __all__
class TLSError(Error): ...
class BadResponseError(Error): ...
class OutOfMemoryError(Error): ...
class InternalError(Error): ...
class NotFoundError(Error): ...

class LibraryVersionError(NotImplementedError):
    call: str
    needed: str
    loaded: str
    def __init__(self, call: str, needed: str, loaded: str) -> None: ...

@dataclass(frozen=True)
class RegistryResult:
    registry_id: int
    request_id: str
    health_check_err: str
    name_repeat_err: str
    already_existed: bool
    attempts: int

@dataclass(frozen=True)
class EnsureResult:
    action: str
    registry_id: int
    name: str
    changed: Tuple[str, ...]
    reason: str
    health_check_err: str
    request_id: str
    requests: int
    data: Dict[str, Any]

@dataclass(frozen=True)
class RegistryList:
    total_count: int
    registries: Tuple[Dict[str, Any], ...]
    requests: int
    data: Dict[str, Any]
    @property
    def names(self) -> Tuple[str, ...]: ...

@dataclass(frozen=True)
class Registry:
    registry_id: int
    name: str
    registry_type: str
    url: str
    net_type: str
    registry_region: str
    registry_version: str
    username: str
    sync_status: str
    latest_sync_time: str
    conn_detect_status: str
    data: Dict[str, Any]

@dataclass(frozen=True)
class RemoveResult:
    registry_id: int
    name: str
    request_id: str
    data: Dict[str, Any]

@dataclass(frozen=True)
class SyncResult:
    registry_id: int
    name: str
    sync_status: str
    latest_sync_time: str
    sync_fail_reason: str
    finished: bool
    waited_ms: int
    request_id: str
    data: Dict[str, Any]

_Path = Union[str, bytes, "os.PathLike[str]"]

class ScanResult:
    data: Dict[str, Any]
    outcome: str
    outcome_code: int
    image: str
    image_id: int
    scan_status: str
    task_id: str
    waited_ms: int
    counts: Dict[str, Dict[str, int]]
    gate: Dict[str, Any]
    findings: List[Dict[str, Any]]
    @property
    def passed(self) -> bool: ...
    def write_report(self, format: str, path: _Path) -> None: ...
    def close(self) -> None: ...
    def __enter__(self) -> "ScanResult": ...
    def __exit__(self, *exc: Any) -> None: ...

_ConnDetect = Iterable[Union[Tuple[str, str], Mapping[str, str]]]

class Client:
    def __init__(self, *, secret_id: Optional[str] = ..., secret_key: Optional[str] = ...,
                 session_token: Optional[str] = ..., profile: Optional[str] = ...,
                 region: Optional[str] = ..., endpoint: Optional[str] = ...,
                 ca_file: Optional[Union[str, "os.PathLike[str]"]] = ..., proxy: Optional[str] = ...,
                 language: Optional[str] = ..., connect_timeout_ms: int = ...,
                 timeout_ms: int = ..., max_attempts: int = ..., requests_per_second: int = ...,
                 log: Optional[Callable[[int, str], Any]] = ..., log_level: int = ...,
                 sts_endpoint: Optional[str] = ..., metadata_endpoint: Optional[str] = ...,
                 no_metadata: bool = ..., role_arn: Optional[str] = ...,
                 provider_id: Optional[str] = ..., web_identity_token: Optional[str] = ...,
                 web_identity_token_file: Optional[Union[str, "os.PathLike[str]"]] = ...,
                 role_session_name: Optional[str] = ..., session_duration: int = ...) -> None: ...
    @property
    def closed(self) -> bool: ...
    def close(self) -> None: ...
    def __enter__(self) -> "Client": ...
    def __exit__(self, *exc: Any) -> None: ...
    def add_registry(self, *, name: str, url: str, registry_type: str, username: str,
                     password: str, net_type: str = ..., registry_version: Optional[str] = ...,
                     registry_region: Optional[str] = ..., speed_limit: Optional[int] = ...,
                     insecure: Optional[bool] = ..., conn_detect: Optional[_ConnDetect] = ...,
                     need_scan: Optional[bool] = ..., sync_mode: Optional[str] = ...,
                     webhook_url: Optional[str] = ..., webhook_token: Optional[str] = ...,
                     instance_id: Optional[str] = ...) -> RegistryResult: ...
    def add_registry_preview(self, **fields: Any) -> str: ...
    def ensure_registry(self, *, name: str, url: str, registry_type: str, username: str,
                        password: str, net_type: str = ..., registry_version: Optional[str] = ...,
                        registry_region: Optional[str] = ..., speed_limit: Optional[int] = ...,
                        insecure: Optional[bool] = ..., conn_detect: Optional[_ConnDetect] = ...,
                        need_scan: Optional[bool] = ..., sync_mode: Optional[str] = ...,
                        webhook_url: Optional[str] = ..., webhook_token: Optional[str] = ...,
                        instance_id: Optional[str] = ..., update: str = ...) -> EnsureResult: ...
    def list_registries(self) -> RegistryList: ...
    def show_registry(self, name: str) -> Registry: ...
    def add_secret(self, value: str) -> None: ...
    def remove_registry(self, name: str) -> RemoveResult: ...
    def sync(self, name: str, wait: Optional[float] = ...) -> SyncResult: ...
    def scan(self, name: str, image: str, *, sync: bool = ..., wait: Optional[float] = ...,
             fail_on: Optional[str] = ..., max_critical: Optional[int] = ...,
             max_high: Optional[int] = ..., max_medium: Optional[int] = ...,
             max_low: Optional[int] = ..., only_fixed: bool = ...,
             ignore_file: Optional[_Path] = ...) -> ScanResult: ...
