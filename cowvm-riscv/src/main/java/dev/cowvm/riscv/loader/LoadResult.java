package dev.cowvm.riscv.loader;

import java.util.NoSuchElementException;

/**
 * What the loader gives back: a value, or a {@link LoadFailure} with a message naming the
 * problem. Nothing a file or its arguments can do makes the loader throw.
 *
 * @param <T> the value's type
 */
public sealed interface LoadResult<T> permits LoadResult.Ok, LoadResult.Err {
    /**
     * Success.
     *
     * @param value the value
     * @param <T>   its type
     */
    record Ok<T>(T value) implements LoadResult<T> {
    }

    /**
     * Failure.
     *
     * @param failure       why, with its errno
     * @param message       what and where, in words
     * @param imageReplaced true if the process's old image was already gone when loading
     *                      failed (Linux's "point of no return"): the caller must end the
     *                      process, as Linux kills it; false if nothing changed, so exec can
     *                      return an error to the old program, as xv6 and Linux do for
     *                      everything detected before that point
     * @param <T>           the type the value would have had
     */
    record Err<T>(LoadFailure failure, String message, boolean imageReplaced) implements LoadResult<T> {
        public Err {
            if (failure == null || message == null) {
                throw new IllegalArgumentException("a failure needs a cause and a message");
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
    static <T> LoadResult<T> ok(T value) {
        return new Ok<>(value);
    }

    /**
     * A failure detected before anything changed.
     *
     * @param failure why
     * @param message what and where
     * @param <T>     the type the value would have had
     * @return the result
     */
    static <T> LoadResult<T> err(LoadFailure failure, String message) {
        return new Err<>(failure, message, false);
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
     * @throws NoSuchElementException with the failure's message, on failure
     */
    default T orElseThrow() {
        return switch (this) {
            case Ok<T> ok -> ok.value();
            case Err<T> err -> throw new NoSuchElementException(err.failure().symbol() + ": " + err.message());
        };
    }

    /**
     * Why it failed.
     *
     * @return the failure, or null on success
     */
    default LoadFailure failure() {
        return this instanceof Err<T> err ? err.failure() : null;
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
    default <U> LoadResult<U> asFailure() {
        if (this instanceof Err<T> err) {
            return new Err<>(err.failure(), err.message(), err.imageReplaced());
        }
        throw new IllegalStateException("not a failure");
    }
}
