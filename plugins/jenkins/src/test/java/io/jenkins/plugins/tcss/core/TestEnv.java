package io.jenkins.plugins.tcss.core;

import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

/**
 * What a test needs from outside the JVM. CTest provides all of it
 * (plugins/jenkins/CMakeLists.txt, with -Dtcss.ctest=true, so a missing piece
 * fails there); Maven's test phase provides only what the pom can set, and a
 * test whose needs are missing is skipped with the reason.
 */
final class TestEnv {
    private TestEnv() {
    }

    /** Under CTest a missing need is a failure; elsewhere (Maven) the test is skipped. */
    static void require(String why, boolean present) {
        if (Boolean.getBoolean("tcss.ctest")) {
            assertTrue(why, present);
        } else {
            assumeTrue("skipped: " + why, present);
        }
    }

    /** The TCSS emulator and the mock registry of tests/harness/with-emulator. */
    static void requireEmulator() {
        require("needs the TCSS emulator and mock registry (TCSS_ENDPOINT, TCSS_MOCK_REGISTRY): CTest runs this"
                + " under tests/harness/with-emulator", System.getenv("TCSS_ENDPOINT") != null
                && System.getenv("TCSS_MOCK_REGISTRY") != null);
    }
}
