package dev.cowvm.web.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The colour difference the layout tests rely on gives the published figures. */
class ColoursTest {
    @Test
    void ciede2000MatchesSharmasTestData() {
        assertThat(Colours.deltaE2000(new double[] {50, 2.6772, -79.7751}, new double[] {50, 0, -82.7485}))
                .isCloseTo(2.0425, within(1e-4));
        assertThat(Colours.deltaE2000(new double[] {50, 0, 0}, new double[] {50, -1, 2})).isCloseTo(2.3669, within(1e-4));
        assertThat(Colours.deltaE2000(new double[] {50, 2.5, 0}, new double[] {73, 25, -18})).isCloseTo(27.1492, within(1e-4));
        assertThat(Colours.deltaE2000(new double[] {50, 2.5, 0}, new double[] {61, -5, 29})).isCloseTo(22.8977, within(1e-4));
    }

    @Test
    void redAndGreenLookAlikeWithoutRedOrGreenCones() {
        String red = "#d62728";
        String green = "#2ca02c";
        double normal = Colours.difference(red, green, Colours.Vision.NORMAL);
        assertThat(normal).isGreaterThan(50);
        assertThat(Colours.difference(red, green, Colours.Vision.DEUTERANOPIA)).isLessThan(normal / 2);
        assertThat(Colours.difference(red, green, Colours.Vision.PROTANOPIA)).isLessThan(normal / 2);
        assertThat(Colours.difference("rgb(31, 36, 48)", "#1f2430", Colours.Vision.TRITANOPIA)).isZero();
    }
}
