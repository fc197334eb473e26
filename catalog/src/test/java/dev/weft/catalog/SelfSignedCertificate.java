package dev.weft.catalog;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for localhost, made with the JDK's keytool and written as the PEM files
 * {@code weft catalog --tls-cert/--tls-key} take.
 */
record SelfSignedCertificate(Path certificate, Path key) {

  static SelfSignedCertificate make(Path directory) throws Exception {
    Files.createDirectories(directory);
    Path store = directory.resolve("catalog.p12");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    Process process = new ProcessBuilder(keytool, "-genkeypair", "-alias", "catalog", "-keyalg", "EC", "-groupname", "secp256r1",
        "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2",
        "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "changeit", "-keypass", "changeit")
        .redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException("keytool failed: " + output);
    }
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (var in = Files.newInputStream(store)) {
      keys.load(in, "changeit".toCharArray());
    }
    Path certificate = directory.resolve("catalog.crt");
    Path key = directory.resolve("catalog.key");
    Files.writeString(certificate, pem("CERTIFICATE", keys.getCertificate("catalog").getEncoded()));
    Files.writeString(key, pem("PRIVATE KEY", keys.getKey("catalog", "changeit".toCharArray()).getEncoded()));
    return new SelfSignedCertificate(certificate, key);
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }
}
