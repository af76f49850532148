package gov.petitions.notification.messaging;

import com.mongodb.MongoException;
import com.mongodb.MongoSocketOpenException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.ServerAddress;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which failures make a poll wait for MongoDB (and be applied again) instead of dead-lettering its events: MongoDB out
 * of reach, however deeply wrapped; an event's own failure (a bad write, bad data) is dead-lettered as before.
 */
class MongoUnavailableTest {

    @Test
    void mongoOutOfReachWaitsAndAnEventsOwnFailureDoesNot() {
        assertTrue(NotificationConsumers.unavailable(new MongoTimeoutException("no server selected")));
        assertTrue(NotificationConsumers.unavailable(new IllegalStateException("flush failed",
                new MongoSocketOpenException("connection refused", new ServerAddress("127.0.0.1", 17027)))));
        assertFalse(NotificationConsumers.unavailable(new MongoException("E11000 duplicate key")));
        assertFalse(NotificationConsumers.unavailable(new IllegalArgumentException("a template variable is missing")));
    }
}
