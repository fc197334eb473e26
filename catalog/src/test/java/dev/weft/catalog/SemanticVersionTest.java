package dev.weft.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.catalog.product.SemanticVersion;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SemanticVersionTest {
  @Test
  void sortsByPrecedence() {
    List<String> versions = new ArrayList<>(List.of("1.10.0", "1.0.0", "1.0.0-rc.10", "1.0.0-alpha", "1.0.0-rc.2", "1.9.3", "1.0.0-alpha.1", "2.0.0"));
    versions.sort(SemanticVersion::compare);
    assertThat(versions).containsExactly("1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-rc.2", "1.0.0-rc.10", "1.0.0", "1.9.3", "1.10.0", "2.0.0");
    assertThat(SemanticVersion.compare("1.2.0", "1.2.0")).isZero();
    assertThat(SemanticVersion.isValid("1.2")).isFalse();
    assertThat(SemanticVersion.isValid("v1.2.0")).isFalse();
  }
}
