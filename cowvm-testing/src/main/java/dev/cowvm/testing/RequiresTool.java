package dev.cowvm.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class or method that needs tools a machine with only a JDK lacks. Where one
 * is missing the test is skipped, with a notice naming the tool and its install command,
 * and the build ends with one line per skipped group; under CI ({@code CI=true}) or with
 * {@code -Dcowvm.requireTools=true} it fails instead, so CI never skips it silently.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(ToolCondition.class)
public @interface RequiresTool {
    /**
     * The tools needed.
     *
     * @return one or more tools
     */
    Tool[] value();
}
