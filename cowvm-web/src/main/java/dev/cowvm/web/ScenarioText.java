package dev.cowvm.web;

/**
 * A scenario as the page's editor holds it: a name for messages ({@code slide.cow}) and its text.
 */
public record ScenarioText(String name, String text) {
    public ScenarioText {
        if (name == null || name.isBlank() || text == null) {
            throw new IllegalArgumentException("a scenario needs a name and a text");
        }
    }
}
