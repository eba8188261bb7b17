package com.tencentcloud.tcss;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.BeforeClass;
import org.junit.Test;

/** A closed client refuses calls with a clear exception instead of crashing. */
public class CloseTest {
    @BeforeClass
    public static void freshEmulator() throws Exception {
        TestSupport.freshEmulatorForClass();
    }


    @Test
    public void useAfterCloseThrowsIllegalState() throws Exception {
        TcssClient client = new TcssClient(TestSupport.options());
        assertFalse(client.isClosed());
        client.close();
        assertTrue(client.isClosed());
        try (RegistrySpec s = TestSupport.minimalSpec("after-close").build()) {
            try {
                client.addRegistry(s);
                fail("addRegistry on a closed client");
            } catch (IllegalStateException e) {
                assertTrue(e.getMessage(), e.getMessage().contains("closed"));
            }
            try {
                client.previewAddRegistry(s);
                fail("preview on a closed client");
            } catch (IllegalStateException e) {
                assertTrue(e.getMessage(), e.getMessage().contains("closed"));
            }
        }
    }

    @Test
    public void closeIsIdempotent() throws Exception {
        TcssClient client = new TcssClient(TestSupport.options());
        client.close();
        client.close();
        client.close();
        assertTrue(client.isClosed());
    }

    @Test
    public void closeFromTheClientsOwnLogListenerIsRefusedNotDeadlocked() throws Exception {
        AtomicReference<TcssClient> self = new AtomicReference<>();
        AtomicReference<Throwable> seen = new AtomicReference<>();
        ClientOptions o = TestSupport.options().logListener((level, line) -> {
            TcssClient c = self.get();
            if (c == null) {
                return; // still inside the constructor
            }
            try {
                c.close();
            } catch (Throwable t) {
                seen.compareAndSet(null, t);
            }
        }, TcssLogListener.Level.DEBUG);
        try (TcssClient client = new TcssClient(o);
             RegistrySpec s = TestSupport.minimalSpec(TestSupport.uniqueName("self-close")).build()) {
            self.set(client);
            client.addRegistry(s);
            assertTrue("the listener's close() was refused: " + seen.get(),
                    seen.get() instanceof IllegalStateException);
            assertFalse(client.isClosed());
        }
    }

    @Test
    public void clientsThatAreNeverClosedAreCollectedWithoutCrashing() throws Exception {
        for (int i = 0; i < 50; i++) {
            new TcssClient(TestSupport.options());
        }
        System.gc();
        // Still usable afterwards: the Cleaner freed only unreachable clients.
        try (TcssClient client = new TcssClient(TestSupport.options());
             RegistrySpec s = TestSupport.minimalSpec(TestSupport.uniqueName("after-gc")).build()) {
            assertTrue(client.addRegistry(s).getRegistryId() > 0);
        }
    }
}
