package com.tencentcloud.tcss;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.BeforeClass;
import org.junit.Test;

/** Several Java threads on one client. */
public class ConcurrencyTest {
    @BeforeClass
    public static void freshEmulator() throws Exception {
        TestSupport.freshEmulatorForClass();
    }

    private static final int THREADS = 8;
    private static final int PER_THREAD = 5;

    @Test
    public void manyThreadsShareOneClient() throws Exception {
        String prefix = TestSupport.uniqueName("mt");
        List<String> logLines = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try (TcssClient client = new TcssClient(TestSupport.options()
                .logListener((l, line) -> logLines.add(line), TcssLogListener.Level.INFO))) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<Long>>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                final int thread = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    List<Long> ids = new ArrayList<>();
                    for (int i = 0; i < PER_THREAD; i++) {
                        try (RegistrySpec s = TestSupport.minimalSpec(prefix + "-" + thread + "-" + i).build()) {
                            ids.add(client.addRegistry(s).getRegistryId());
                        }
                    }
                    return ids;
                }));
            }
            start.countDown();
            Set<Long> all = new HashSet<>();
            for (Future<List<Long>> f : futures) {
                all.addAll(f.get(120, TimeUnit.SECONDS));
            }
            assertEquals("every call got its own registry", THREADS * PER_THREAD, all.size());
        } finally {
            pool.shutdownNow();
        }
        int stored = 0;
        for (Map<String, Object> r : TestSupport.registries()) {
            if (((String) r.get("Name")).startsWith(prefix + "-")) {
                stored++;
            }
        }
        assertEquals(THREADS * PER_THREAD, stored);
    }

    @Test
    public void sameNameFromManyThreadsMakesOneRegistry() throws Exception {
        String name = TestSupport.uniqueName("race");
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try (TcssClient client = new TcssClient(TestSupport.options())) {
            List<Callable<AddRegistryResult>> calls = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                calls.add(() -> {
                    try (RegistrySpec s = TestSupport.minimalSpec(name).build()) {
                        return client.addRegistry(s);
                    }
                });
            }
            Set<Long> ids = new HashSet<>();
            int fresh = 0;
            for (Future<AddRegistryResult> f : pool.invokeAll(calls)) {
                AddRegistryResult r = f.get();
                ids.add(r.getRegistryId());
                if (!r.isAlreadyExisted()) {
                    fresh++;
                }
            }
            assertEquals("all threads see the same registry", 1, ids.size());
            assertEquals("exactly one call created it", 1, fresh);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    public void closeWhileOtherThreadsCallIsSafe() throws Exception {
        String prefix = TestSupport.uniqueName("close-race");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        AtomicInteger succeeded = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        CountDownLatch someDone = new CountDownLatch(4);
        TcssClient client = new TcssClient(TestSupport.options());
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            final int thread = t;
            futures.add(pool.submit(() -> {
                for (int i = 0; ; i++) {
                    try (RegistrySpec s = TestSupport.minimalSpec(prefix + "-" + thread + "-" + i).build()) {
                        client.addRegistry(s);
                        succeeded.incrementAndGet();
                        if (i == 0) {
                            someDone.countDown();
                        }
                    } catch (IllegalStateException closed) {
                        assertTrue(closed.getMessage(), closed.getMessage().contains("closed"));
                        refused.incrementAndGet();
                        return null;
                    }
                }
            }));
        }
        // Close only once every thread has completed a call, so all four are demonstrably in the loop.
        assertTrue(someDone.await(120, TimeUnit.SECONDS));
        // Two closers at once, while the callers are still calling.
        Thread other = new Thread(client::close);
        other.start();
        client.close();
        other.join();
        assertTrue(client.isClosed());
        for (Future<?> f : futures) {
            f.get(120, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertEquals("every thread was refused cleanly after close", 4, refused.get());
        assertTrue(succeeded.get() >= 4);
    }
}
