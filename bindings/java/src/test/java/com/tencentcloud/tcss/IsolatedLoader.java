package com.tencentcloud.tcss;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;

/** The binding's jar in a class loader of its own, as a Jenkins agent has after a plugin reload. */
final class IsolatedLoader implements AutoCloseable {
    final URLClassLoader loader;

    IsolatedLoader() throws Exception {
        String jar = System.getProperty("tcss.test.jar");
        if (jar == null) {
            throw new IllegalStateException("-Dtcss.test.jar is not set (CTest sets it)");
        }
        // The platform loader as parent: nothing is delegated to the application class path.
        loader = new URLClassLoader(new URL[] {new File(jar).toURI().toURL()}, ClassLoader.getPlatformClassLoader());
    }

    Class<?> load(String simpleName) throws ClassNotFoundException {
        return Class.forName("com.tencentcloud.tcss." + simpleName, true, loader);
    }

    /** Call a public method, unwrapping InvocationTargetException. */
    Object call(Object target, Class<?> cls, String method, Class<?>[] types, Object... args) throws Throwable {
        Method m = cls.getMethod(method, types);
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    Object staticCall(String cls, String method) throws Throwable {
        return call(null, load(cls), method, new Class<?>[0]);
    }

    /** Create a client and add a registry through this loader's classes; returns the RegistryId. */
    long addRegistry(String name) throws Throwable {
        Class<?> optsCls = load("ClientOptions");
        Object opts = optsCls.getConstructor().newInstance();
        call(opts, optsCls, "endpoint", new Class<?>[] {String.class}, TestSupport.endpoint());
        call(opts, optsCls, "secretId", new Class<?>[] {String.class}, TestSupport.env("TENCENTCLOUD_SECRET_ID"));
        call(opts, optsCls, "secretKey", new Class<?>[] {char[].class}, (Object) TestSupport.secretKey().toCharArray());
        Class<?> clientCls = load("TcssClient");
        Object client = clientCls.getConstructor(optsCls).newInstance(opts);
        try {
            Class<?> specCls = load("RegistrySpec");
            Object b = call(null, specCls, "builder", new Class<?>[0]);
            Class<?> bCls = b.getClass();
            call(b, bCls, "name", new Class<?>[] {String.class}, name);
            call(b, bCls, "username", new Class<?>[] {String.class}, TestSupport.env("TCSS_MOCK_REGISTRY_USER"));
            call(b, bCls, "password", new Class<?>[] {char[].class},
                    (Object) TestSupport.env("TCSS_MOCK_REGISTRY_PASSWORD").toCharArray());
            call(b, bCls, "url", new Class<?>[] {String.class}, TestSupport.env("TCSS_MOCK_REGISTRY"));
            call(b, bCls, "registryType", new Class<?>[] {String.class}, "harbor");
            call(b, bCls, "netType", new Class<?>[] {String.class}, "public");
            Object spec = call(b, bCls, "build", new Class<?>[0]);
            Object result = call(client, clientCls, "addRegistry", new Class<?>[] {specCls}, spec);
            return (Long) call(result, result.getClass(), "getRegistryId", new Class<?>[0]);
        } finally {
            call(client, clientCls, "close", new Class<?>[0]);
        }
    }

    @Override
    public void close() throws java.io.IOException {
        loader.close();
    }
}
