package dev.weft.catalog.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** What a client checks an {@code https} catalog's certificate against: a trust store of PEM certificates. */
public final class CatalogTrust {
  private CatalogTrust() {}

  /** A client context that trusts exactly the certificates in {@code trusted} (PEM; a CA or the server's own). */
  public static SSLContext trusting(Path trusted) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      int n = 0;
      for (Certificate certificate : certificates(trusted)) {
        store.setCertificateEntry("trusted-" + n++, certificate);
      }
      if (n == 0) {
        throw new IllegalArgumentException("trust store " + trusted + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
      }
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot read the trust store " + trusted + " (PEM certificates): " + e.getMessage(), e);
    }
  }

  private static Iterable<? extends Certificate> certificates(Path file) throws IOException, GeneralSecurityException {
    try (InputStream in = Files.newInputStream(file)) {
      return CertificateFactory.getInstance("X.509").generateCertificates(in);
    }
  }
}
