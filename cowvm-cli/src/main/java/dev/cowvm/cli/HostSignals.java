package dev.cowvm.cli;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * The host's SIGINT (Ctrl-C at a terminal) handled by cowvm for a while. It uses the JDK's
 * {@code sun.misc.Signal} of module jdk.unsupported, through reflection, so that a JDK
 * without it, or one that refuses, simply leaves Ctrl-C as it is: stopping the JVM.
 */
final class HostSignals {
    private HostSignals() {
    }

    /**
     * Runs {@code action} on each SIGINT until the returned handle is closed, which puts
     * back the handler that was there before.
     *
     * @param action what to do, on the JVM's signal thread
     * @return what restores the previous handler; a no-op if SIGINT could not be handled
     */
    static Runnable onInterrupt(Runnable action) {
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Object signal = signalClass.getConstructor(String.class).newInstance("INT");
            InvocationHandler calls = (proxy, method, args) -> switch (method.getName()) {
                case "handle" -> {
                    action.run();
                    yield null;
                }
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                case "toString" -> "cowvm's Ctrl-C handler";
                default -> null;
            };
            Object handler = Proxy.newProxyInstance(handlerClass.getClassLoader(), new Class<?>[] {handlerClass}, calls);
            Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
            Object previous = handle.invoke(null, signal, handler);
            return () -> {
                try {
                    handle.invoke(null, signal, previous);
                } catch (ReflectiveOperationException e) {
                    // It was set a moment ago; if it cannot be put back, Ctrl-C stays ours.
                }
            };
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return () -> { };
        }
    }
}
