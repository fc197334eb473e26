package dev.weft.jobs.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.formats.common.TimestampFormat;
import org.apache.flink.formats.json.JsonParserRowDataDeserializationSchema;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.VarCharType;
import org.junit.jupiter.api.Test;

/** Dead-letter reasons for records that are not JSON or do not fit: with values, or without for PII products. */
class ParseFailureTest {
  private static final RowType COLUMNS = new RowType(false, List.of(
      new RowType.RowField("order_id", new BigIntType()),
      new RowType.RowField("email", new VarCharType(VarCharType.MAX_LENGTH))));

  @Test
  void truncatedJson() {
    Exception error = parse("{\"order_id\": 25, \"email\": \"person25@example.com\", ");
    assertThat(ParseFailure.describe(error, true)).isEqualTo("Unexpected end-of-input within/between Object entries\n"
        + " at [Source: (byte[])\"{\"order_id\": 25, \"email\": \"person25@example.com\", \"; line: 1, column: 51]");
    assertThat(ParseFailure.describe(error, false)).isEqualTo("not valid JSON at line 1, column 51");
  }

  @Test
  void wrongTypeForAField() {
    Exception error = parse("{\"order_id\": \"person25@example.com\", \"email\": \"x\"}");
    assertThat(ParseFailure.describe(error, true)).isEqualTo("Fail to deserialize at field: order_id.");
    assertThat(ParseFailure.describe(error, false)).isEqualTo("Fail to deserialize at field: order_id.");
  }

  @Test
  void notJsonAtAll() {
    Exception error = parse("Person Number25 ordered");
    assertThat(ParseFailure.describe(error, true)).startsWith("Unrecognized token 'Person'");
    assertThat(ParseFailure.describe(error, false)).isEqualTo("not valid JSON at line 1, column 8");
  }

  private static Exception parse(String json) {
    try {
      var parser = new JsonParserRowDataDeserializationSchema(COLUMNS, InternalTypeInfo.of(COLUMNS), false, false, TimestampFormat.ISO_8601);
      parser.open(null);
      parser.deserialize(json.getBytes(StandardCharsets.UTF_8));
    } catch (Exception e) {
      return e;
    }
    throw new AssertionError("parsed: " + json);
  }
}
