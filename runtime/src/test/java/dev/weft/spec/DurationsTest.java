package dev.weft.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({"500ms, 500", "5s, 5000", "60s, 60000", "2m, 120000", "1h, 3600000", "7d, 604800000", "0s, 0", "' 5s ', 5000"})
  void parsesEveryUnit(String text, long millis) {
    assertThat(Durations.parse(text)).contains(Duration.ofMillis(millis));
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"", "5", "s", "5 seconds", "5 s", "5S", "1.5h", "-5s", "+5s", "5w", "1h30m", "PT5S",
      "٥s", "99999999999999999999d", "999999999999999999d"})
  void refusesAnythingElseAndWhatDoesNotFitInALongOfMilliseconds(String text) {
    assertThat(Durations.parse(text)).isEmpty();
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource({"604800000, 7d", "5400000, 90m", "3600000, 1h", "60000, 1m", "1500, 1500ms", "61000, 61s", "0, 0s"})
  void formatsInTheLargestUnitThatIsExact(long millis, String text) {
    assertThat(Durations.format(Duration.ofMillis(millis))).isEqualTo(text);
    assertThat(Durations.parse(text)).contains(Duration.ofMillis(millis));
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource({"0, 0 s", "12, 12 s", "200, 3 min 20 s", "3600, 1 h", "3661, 1 h 1 min", "3127600, 36 d 4 h", "-5, 0 s"})
  void saysItForPeopleInItsTwoLargestUnits(long seconds, String text) {
    assertThat(Durations.forPeople(Duration.ofSeconds(seconds))).isEqualTo(text);
  }
}
