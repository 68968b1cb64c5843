package io.juntos.store;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.juntos.testing.Engine;
import io.juntos.testing.TestServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Security review #5: a NUL in a text field gave a 500 on PostgreSQL and the log then held the
 * statement's bound arguments. Now every engine answers 422 naming the field, and neither Jdbi's
 * exceptions nor the error log carry the values of a failed statement.
 */
class SqlLogHygieneTest {

    @ParameterizedTest
    @EnumSource(Engine.class)
    void nulInAnyTextFieldIs422AndNoBoundValueReachesTheLog(Engine engine) {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        root.addAppender(captured);
        var previous = root.getLevel();
        try (var s = TestServer.start(engine, Map.of("JUNTOS_LOG_LEVEL", "DEBUG"))) {
            var api = s.api();
            var signup = api.post("/api/auth/signup", "{\"fullName\":\"Ana\\u0000\",\"username\":\"nul_user\",\"email\":\"nul@example.org\",\"password\":\"secret-pass-9876\"}");
            assertThat(signup.status()).as(signup.toString()).isEqualTo(422);
            assertThat(signup.json().path("errors").get(0).path("field").asText()).isEqualTo("fullName");
            var signin = api.post("/api/auth/signin", "{\"login\":\"a\\u0000b\",\"password\":\"x\"}");
            assertThat(signin.status()).isEqualTo(422);
            var a = api.signup("nul");
            var me = api.as(a.accessToken());
            assertThat(me.put("/api/profile", "{\"bio\":\"hello\\u0000\"}").status()).isEqualTo(422);
            assertThat(me.post("/api/conversations/groups", "{\"name\":\"g\\u0000\"}").status()).isEqualTo(422);
            assertThat(me.get("/api/search/messages?q=a%00b").status()).isEqualTo(422);

            String secret = "SECRET-" + UUID.randomUUID();
            var jdbi = s.juntos().platform().db().jdbi();
            // A statement that fails with a bound value: Jdbi must not render it into the message.
            assertThatThrownBy(() -> jdbi.useHandle(h -> h.createUpdate("INSERT INTO no_such_table (x) VALUES (:x)").bind("x", secret).execute()))
                    .satisfies(e -> assertThat(e.getMessage() + e).doesNotContain(secret));
            // A failure whose own message quotes the value (PostgreSQL does): scrubbed before logging.
            try {
                jdbi.withHandle(h -> h.createQuery("SELECT CAST(:x AS integer)").bind("x", secret).mapTo(Integer.class).one());
            } catch (RuntimeException e) {
                Throwable safe = SqlErrors.scrub(e);
                assertThat(safe.getMessage()).doesNotContain(secret);
                LoggerFactory.getLogger(SqlLogHygieneTest.class).error("as the server logs it", safe);
            }
            String all = String.join("\n", captured.list.stream().map(e -> e.getFormattedMessage()
                    + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy()))).toList());
            assertThat(all).doesNotContain(secret).doesNotContain("secret-pass-9876").doesNotContain("Ana\u0000");
        } finally {
            root.detachAppender(captured);
            root.setLevel(previous);
        }
    }
}
