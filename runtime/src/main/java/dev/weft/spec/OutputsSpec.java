package dev.weft.spec;

/** Every product is published twice: a topic and a table. */
public record OutputsSpec(TopicOutput topic, TableOutput table) {
  public static OutputsSpec defaults() {
    return new OutputsSpec(TopicOutput.defaults(), TableOutput.defaults());
  }
}
