package gov.petitions.intake.open311;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * Who an Open311 caller is, by its API key, and whether its allowance for today (China's day) still has room. Keys are
 * compared as SHA-256 digests in constant time; the allowance is counted in PostgreSQL so that every replica shares it.
 */
@ApplicationScoped
public class Open311Clients {

    private final Open311Config config;
    private final Clock clock;
    private final EntityManager entityManager;

    public Open311Clients(Open311Config config, Clock clock, EntityManager entityManager) {
        this.config = config;
        this.clock = clock;
        this.entityManager = entityManager;
    }

    /** The client's name, or empty for a missing or unknown key. */
    public Optional<String> clientOf(String apiKey) {
        if (apiKey == null || apiKey.isEmpty() || apiKey.length() > 200) {
            return Optional.empty();
        }
        byte[] presented = sha256(apiKey);
        String found = null;
        // every configured key is compared, so that the time taken does not tell which one was close
        for (Map.Entry<String, Open311Config.Client> client : config.clients().entrySet()) {
            byte[] expected;
            try {
                expected = HexFormat.of().parseHex(client.getValue().keySha256().strip().toLowerCase());
            } catch (IllegalArgumentException e) {
                continue; // a malformed digest in configuration matches nothing
            }
            if (MessageDigest.isEqual(presented, expected)) {
                found = client.getKey();
            }
        }
        return Optional.ofNullable(found);
    }

    /**
     * Counts one new request of the client today; empty if it fits its allowance, else how long until tomorrow in
     * China (the request is then refused and the count is rolled back with the transaction).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Duration> takeOne(String client) {
        LocalDate today = LocalDate.now(clock);
        int count = ((Number) entityManager.createNativeQuery("insert into open311_client_day (client, day, submissions) "
                        + "values (:client, :day, 1) on conflict (client, day) do update "
                        + "set submissions = open311_client_day.submissions + 1 returning submissions")
                .setParameter("client", client).setParameter("day", today).getSingleResult()).intValue();
        if (count <= config.clients().get(client).requestsPerDay()) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(ZonedDateTime.now(clock), today.plusDays(1).atStartOfDay(clock.getZone())));
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
