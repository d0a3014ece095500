package dev.cowvm.script.quiz;

/**
 * One question of a quiz, with its answer and why it is so, both from running the kernel.
 *
 * @param text   the question, for example {@code How many pages have been copied after line 7?}
 * @param answer the right answer
 * @param why    how the kernel got there, in a sentence: which lines copied, which fault took the frame
 */
public record Question(String text, Answer answer, String why) {
}
