package dev.weft.spec;

/** A named relation the transform reads: a Kafka topic, a CDC table, or another product. */
public sealed interface InputSpec permits KafkaInput, CdcInput, ProductInput {

  /** The name the transform uses for it. */
  String name();

  Position position();
}
