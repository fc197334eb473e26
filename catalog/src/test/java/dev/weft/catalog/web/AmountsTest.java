package dev.weft.catalog.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.catalog.DurationText;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class AmountsTest {
  @Test
  void quantitiesKeepThreeSignificantDigitsAndGroupThousands() {
    assertThat(Stream.of("0", "0.003472", "0.000000", "12.345", "999.4", "1234.5", "1234567").map(t -> Amounts.quantity(new BigDecimal(t))))
        .containsExactly("0", "0.00347", "0", "12.3", "999", "1,235", "1,234,567");
  }

  @Test
  void moneyShowsCentsFromOneAndTwoSignificantDigitsBelow() {
    assertThat(Stream.of("0.00", "0.0003472", "0.05", "0.1", "0.002", "5.2749", "1204.5").map(t -> Amounts.money(new BigDecimal(t))))
        .containsExactly("0", "0.00035", "0.05", "0.10", "0.002", "5.27", "1,204.50");
  }

  @Test
  void bytesInSiUnits() {
    assertThat(Stream.of(0.0, 512.0, 1_234_567.0, 5e9).map(Amounts::bytes)).containsExactly("0 B", "512 B", "1.23 MB", "5 GB");
  }

  @Test
  void durationsForPeopleShowTheTwoLargestUnits() {
    assertThat(Stream.of(0L, 12L, 60L, 95L, 3600L, 3660L, 90061L, 3138436L).map(s -> DurationText.forPeople(Duration.ofSeconds(s))))
        .containsExactly("0 s", "12 s", "1 m", "1 m 35 s", "1 h", "1 h 1 m", "1 d 1 h", "36 d 7 h");
    assertThat(List.of(DurationText.forPeople(Duration.ofSeconds(86400 + 59)))).containsExactly("1 d");
  }
}
