"""The error classes' names (issue 13): `from tcss import *` shadows no
built-in, the old name tcss.TimeoutError still works, and a timeout is both a
tcss.Error and the built-in TimeoutError."""
import builtins
import unittest

import tcss


class ErrorNamesTest(unittest.TestCase):

    def test_star_import_shadows_no_builtin(self):
        shadowed = sorted(n for n in tcss.__all__ if hasattr(builtins, n))
        self.assertEqual(shadowed, [])
        ns = {}
        exec("from tcss import *", ns)  # noqa: S102 - the point of the test
        self.assertNotIn("TimeoutError", ns)
        self.assertIn("CallTimeoutError", ns)

    def test_every_error_class_is_exported(self):
        for name in ("InvalidArgumentError", "CredentialsError", "AuthError", "ServiceError",
                     "RateLimitError", "NetworkError", "CallTimeoutError", "TLSError",
                     "BadResponseError", "OutOfMemoryError", "InternalError", "NotFoundError"):
            self.assertIn(name, tcss.__all__)
            self.assertTrue(issubclass(getattr(tcss, name), tcss.Error), name)

    def test_timeout_alias_and_builtin(self):
        self.assertIs(tcss.TimeoutError, tcss.CallTimeoutError)
        e = tcss.CallTimeoutError(-6, "timeout", "the call took too long", request_id="r-1",
                                  attempts=2)
        self.assertIsInstance(e, builtins.TimeoutError)
        self.assertIsInstance(e, tcss.Error)
        self.assertEqual(str(e), "timeout: the call took too long (RequestId r-1)")
        self.assertEqual((e.error_class, e.request_id, e.attempts), ("timeout", "r-1", 2))
        with self.assertRaises(builtins.TimeoutError):
            raise e

    def test_not_found_is_its_own_class(self):
        # TCSS_ENOTFOUND (1.1) maps to NotFoundError, by the library's name.
        from tcss import _native
        self.assertEqual(tcss._text(tcss._lib.tcss_error_class_name(_native.ENOTFOUND)), "not_found")
        self.assertIs(tcss._CLASSES[_native.ENOTFOUND], tcss.NotFoundError)
        self.assertNotIn(tcss.NotFoundError, (tcss.ServiceError, tcss.InvalidArgumentError))
        self.assertIn("LibraryVersionError", tcss.__all__)
        self.assertFalse(issubclass(tcss.LibraryVersionError, tcss.Error))


if __name__ == "__main__":
    unittest.main()
