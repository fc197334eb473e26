package dev.weft.spec;

/** Change data capture from a database table. Credentials stay as {@code ${env:…}}/{@code ${secret:…}} references. */
public record CdcInput(
    String name, String connector, String url, String table, String username, String password, Position position)
    implements InputSpec {}
