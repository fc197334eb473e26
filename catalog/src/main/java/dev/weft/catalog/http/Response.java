package dev.weft.catalog.http;

import java.nio.charset.StandardCharsets;

/** What a handler answers: a status, a content type and the bytes of the body. */
public record Response(int status, String contentType, byte[] body) {

  public static Response json(int status, String json) {
    return new Response(status, "application/json; charset=utf-8", json.getBytes(StandardCharsets.UTF_8));
  }

  public static Response text(int status, String contentType, String text) {
    return new Response(status, contentType, text.getBytes(StandardCharsets.UTF_8));
  }
}
