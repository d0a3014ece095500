package dev.cowvm.kernel;

import java.util.NoSuchElementException;

/**
 * The outcome of a kernel operation that can fail for reasons outside the host program's
 * control: a value, or a {@link Failure} with a message that says where and what. This is
 * the one way the library reports such failures; a program error (a dead process, a
 * foreign kernel's object, a null) is an exception instead.
 *
 * <pre>{@code
 * switch (process.map(0, 1 << 20, Protection.RW, "heap")) {
 *     case Result.Ok<Long>(Long start) -> use(start);
 *     case Result.Err<Long> err -> return -err.failure().errno();
 * }
 * long start = process.map(0, 1 << 20, Protection.RW, "heap").orElseThrow(); // when failure is a bug
 * }</pre>
 *
 * @param <T> the value's type; {@link Void} for operations with no value (its value is null)
 */
public sealed interface Result<T> permits Result.Ok, Result.Err {
    /**
     * Success.
     *
     * @param value the value, null for {@code Result<Void>}
     * @param <T>   its type
     */
    record Ok<T>(T value) implements Result<T> {
    }

    /**
     * Failure.
     *
     * @param failure why, with the errno a system call returns for it
     * @param message what and where, in words
     * @param <T>     the type the value would have had
     */
    record Err<T>(Failure failure, String message) implements Result<T> {
        public Err {
            if (failure == null || message == null) {
                throw new IllegalArgumentException("a failure needs a cause and a message");
            }
        }
    }

    /** The success of an operation with no value. */
    Result<Void> DONE = new Ok<>(null);

    /**
     * Success with a value.
     *
     * @param value the value
     * @param <T>   its type
     * @return the result
     */
    static <T> Result<T> ok(T value) {
        return new Ok<>(value);
    }

    /**
     * Success of an operation with no value.
     *
     * @return {@link #DONE}
     */
    static Result<Void> done() {
        return DONE;
    }

    /**
     * Failure.
     *
     * @param failure why
     * @param message what and where
     * @param <T>     the type the value would have had
     * @return the result
     */
    static <T> Result<T> err(Failure failure, String message) {
        return new Err<>(failure, message);
    }

    /**
     * True on success.
     *
     * @return whether the operation succeeded
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
    default Failure failure() {
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
    default <U> Result<U> asFailure() {
        if (this instanceof Err<T> err) {
            return new Err<>(err.failure(), err.message());
        }
        throw new IllegalStateException("not a failure");
    }
}
