package dev.weft.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.plan.ProductNames;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The rules the embedded Trino runs with: the user running Weft first, allowed everything (TrinoAccessITCase runs them). */
class TrinoRulesTest {
  private static final ProductAccess PAYMENTS = new ProductAccess("payments.payment-events", "payments", List.of("finance"),
      new ProductNames("payments.payment-events", "payments.payment-events.v1", "payments.payment-events.v1.dlq", "payments",
          "payment_events_v1", "weft-payments.payment-events.v1", "weft.payments.payment-events.v1"),
      List.of("card_holder"));

  @Test
  void theAdminComesFirstInEachSectionAndMayReadTheServersOwnInformation() {
    assertThat(TrinoRules.of(List.of(PAYMENTS), "iceberg", Optional.of("jane.doe"))).isEqualTo("""
        {
          "catalogs" : [ {
            "user" : "jane\\\\.doe",
            "allow" : "all"
          }, {
            "catalog" : "iceberg",
            "allow" : "read-only"
          } ],
          "schemas" : [ {
            "user" : "jane\\\\.doe",
            "owner" : true
          }, {
            "catalog" : "iceberg",
            "owner" : false
          } ],
          "tables" : [ {
            "user" : "jane\\\\.doe",
            "privileges" : [ "SELECT", "INSERT", "DELETE", "UPDATE", "OWNERSHIP", "GRANT_SELECT" ]
          }, {
            "user" : "payments",
            "catalog" : "iceberg",
            "schema" : "payments",
            "table" : "payment_events_v1(\\\\$[a-z_]+)?",
            "privileges" : [ "SELECT" ]
          }, {
            "user" : "finance",
            "catalog" : "iceberg",
            "schema" : "payments",
            "table" : "payment_events_v1",
            "privileges" : [ "SELECT" ],
            "columns" : [ {
              "name" : "card_holder",
              "mask" : "NULL"
            } ]
          }, {
            "catalog" : "system",
            "schema" : "jdbc",
            "privileges" : [ "SELECT" ]
          }, {
            "catalog" : "iceberg",
            "privileges" : [ ]
          } ],
          "system_information" : [ {
            "user" : "jane\\\\.doe",
            "allow" : [ "read", "write" ]
          } ]
        }""");
  }

  @Test
  void userPatternsMatchExactlyTheNamesGiven() {
    Pattern users = Pattern.compile(TrinoRules.anyOf(List.of("data-science", "ops.team")));
    assertThat(users.matcher("data-science").matches()).isTrue();
    assertThat(users.matcher("ops.team").matches()).isTrue();
    assertThat(users.matcher("opsXteam").matches()).isFalse();
    assertThat(users.matcher("data-science|ops.team").matches()).isFalse();
  }
}
