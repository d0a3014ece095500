package dev.cowvm.riscv.os;

import java.util.NoSuchElementException;

/**
 * The outcome of an operating-system operation that cannot block: a value, or an
 * {@link Errno} with a message saying what and where. Each interface maps the failure to
 * its own convention (xv6: -1; Linux: {@code -errno}). Nothing a guest does makes these
 * operations throw.
 *
 * @param <T> the value's type; {@link Void} for none
 */
public sealed interface SysResult<T> permits SysResult.Ok, SysResult.Err {
    /**
     * Success.
     *
     * @param value the value (null for {@code SysResult<Void>})
     * @param <T>   its type
     */
    record Ok<T>(T value) implements SysResult<T> {
    }

    /**
     * Failure.
     *
     * @param errno   why
     * @param message what and where, in words
     * @param <T>     the type the value would have had
     */
    record Err<T>(Errno errno, String message) implements SysResult<T> {
        public Err {
            if (errno == null || message == null) {
                throw new IllegalArgumentException("a failure needs an errno and a message");
            }
        }
    }

    /**
     * Success.
     *
     * @param value the value
     * @param <T>   its type
     * @return the result
     */
    static <T> SysResult<T> ok(T value) {
        return new Ok<>(value);
    }

    /**
     * Success with no value.
     *
     * @return the result
     */
    static SysResult<Void> done() {
        return new Ok<>(null);
    }

    /**
     * Failure.
     *
     * @param errno   why
     * @param message what and where
     * @param <T>     the type the value would have had
     * @return the result
     */
    static <T> SysResult<T> err(Errno errno, String message) {
        return new Err<>(errno, message);
    }

    /**
     * True on success.
     *
     * @return whether it succeeded
     */
    default boolean isOk() {
        return this instanceof Ok;
    }

    /**
     * The value.
     *
     * @return the value on success
     * @throws NoSuchElementException with the errno and message, on failure
     */
    default T orElseThrow() {
        return switch (this) {
            case Ok<T> ok -> ok.value();
            case Err<T> err -> throw new NoSuchElementException(err.errno() + ": " + err.message());
        };
    }

    /**
     * Why it failed.
     *
     * @return the errno, or null on success
     */
    default Errno errno() {
        return this instanceof Err<T> err ? err.errno() : null;
    }

    /**
     * The failure's message.
     *
     * @return what and where, or the empty string on success
     */
    default String message() {
        return this instanceof Err<T> err ? err.message() : "";
    }

    /**
     * The same failure for another type of value.
     *
     * @param <U> the other type
     * @return this failure, retyped
     * @throws IllegalStateException on success
     */
    default <U> SysResult<U> asFailure() {
        if (this instanceof Err<T> err) {
            return new Err<>(err.errno(), err.message());
        }
        throw new IllegalStateException("not a failure");
    }
}
