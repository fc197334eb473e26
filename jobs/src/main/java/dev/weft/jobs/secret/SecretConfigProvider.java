package dev.weft.jobs.secret;

import dev.weft.jobs.mask.SecretLookup;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.config.ConfigData;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.provider.ConfigProvider;

/**
 * Lets a job's Kafka clients resolve Weft's secret references where they are created, in the task:
 * a property value {@code ${weft:secret:NAME}} is the secret {@code NAME} as {@link SecretLookup}
 * finds it ({@code WEFT_SECRET_<NAME>}, else the file in the folder given as parameter
 * {@value #FOLDER}), {@code ${weft:env:NAME}} the environment variable. So the job graph and
 * Flink's configuration carry the reference, never the password (Kafka resolves config provider
 * variables in every client's configuration, KIP-421).
 */
public final class SecretConfigProvider implements ConfigProvider {
  /** The name the clients' {@code config.providers} give this provider. */
  public static final String NAME = "weft";
  /** Parameter ({@code config.providers.weft.param.folder}): the secrets folder. */
  public static final String FOLDER = "folder";

  private SecretLookup secrets = SecretLookup.of(Optional.empty());

  /** The Kafka variable that stands for a Weft reference of {@code kind} ({@code secret} or {@code env}) and {@code name}. */
  public static String variable(String kind, String name) {
    return "${" + NAME + ":" + kind + ":" + name + "}";
  }

  @Override
  public void configure(Map<String, ?> configs) {
    Object folder = configs.get(FOLDER);
    secrets = SecretLookup.of(folder == null ? Optional.empty() : Optional.of(Path.of(folder.toString())));
  }

  @Override
  public ConfigData get(String path) {
    return new ConfigData(Map.of());
  }

  @Override
  public ConfigData get(String path, Set<String> keys) {
    Map<String, String> values = new HashMap<>();
    for (String key : keys) {
      Optional<String> value = switch (path) {
        case "secret" -> secrets.find(key);
        case "env" -> Optional.ofNullable(System.getenv(key));
        default -> throw new ConfigException("unknown kind of reference '" + path + "': use ${secret:NAME} or ${env:NAME}");
      };
      // the message names the secret and where it is looked for, never a value
      values.put(key, value.orElseThrow(() -> new ConfigException(path.equals("secret")
          ? "secret " + key + " is not set where this Kafka client runs (" + secrets.howToSet(key) + ")"
          : "environment variable " + key + " is not set where this Kafka client runs")));
    }
    return new ConfigData(values);
  }

  @Override
  public void close() {}
}
