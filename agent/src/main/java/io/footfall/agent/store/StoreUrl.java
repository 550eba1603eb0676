package io.footfall.agent.store;

import io.footfall.hal.ConfigException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where {@code --store} points: {@code postgresql://[user[:password]@]host[:port]/database[?param=..]}
 * (libpq's URI form; {@code postgres://} too), a {@code jdbc:postgresql:} or {@code jdbc:sqlite:}
 * URL as is, or else a file path for an embedded SQLite database ({@code counts.db}).
 *
 * @param jdbcUrl the JDBC URL, without credentials
 */
public record StoreUrl(Kind kind, String jdbcUrl, Optional<String> user, Optional<String> password) {
    public enum Kind { SQLITE, POSTGRESQL }

    public StoreUrl {
        Objects.requireNonNull(kind);
        Objects.requireNonNull(jdbcUrl);
        Objects.requireNonNull(user);
        Objects.requireNonNull(password);
    }

    public static StoreUrl parse(String value) {
        String v = value.strip();
        if (v.isEmpty()) {
            throw new ConfigException("store", value, "a SQLite file path, postgresql://host[:port]/database, or a jdbc: URL");
        }
        if (v.startsWith("jdbc:sqlite:")) {
            return new StoreUrl(Kind.SQLITE, v, Optional.empty(), Optional.empty());
        }
        if (v.startsWith("jdbc:postgresql:")) {
            return new StoreUrl(Kind.POSTGRESQL, v, Optional.empty(), Optional.empty());
        }
        if (v.startsWith("postgresql://") || v.startsWith("postgres://")) {
            return postgres(value, v);
        }
        if (v.contains("://")) {
            throw new ConfigException("store", value, "postgresql://…, jdbc:postgresql:…, jdbc:sqlite:… or a file path");
        }
        return new StoreUrl(Kind.SQLITE, "jdbc:sqlite:" + Path.of(v).toAbsolutePath(), Optional.empty(), Optional.empty());
    }

    private static StoreUrl postgres(String value, String v) {
        URI u;
        try {
            u = new URI(v);
        } catch (URISyntaxException e) {
            throw new ConfigException("store", redact(value), "a URI like postgresql://user@host:5432/footfall (" + e.getReason() + ")");
        }
        if (u.getHost() == null || u.getPath() == null || u.getPath().length() < 2) {
            throw new ConfigException("store", redact(value), "postgresql://host[:port]/database");
        }
        Optional<String> user = Optional.empty();
        Optional<String> password = Optional.empty();
        if (u.getRawUserInfo() != null) {
            String[] ui = u.getRawUserInfo().split(":", 2);
            user = Optional.of(URLDecoder.decode(ui[0], StandardCharsets.UTF_8));
            if (ui.length == 2) {
                password = Optional.of(URLDecoder.decode(ui[1], StandardCharsets.UTF_8));
            }
        }
        String jdbc = "jdbc:postgresql://" + u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "") + u.getRawPath()
                + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
        return new StoreUrl(Kind.POSTGRESQL, jdbc, user, password);
    }

    /** The URL with any password replaced by {@code ***}, for messages. */
    public static String redact(String value) {
        return value.replaceFirst("://([^:/@]*):[^@/]*@", "://$1:***@");
    }

    @Override
    public String toString() {
        return kind + " " + jdbcUrl + user.map(x -> " as " + x).orElse("");
    }
}
