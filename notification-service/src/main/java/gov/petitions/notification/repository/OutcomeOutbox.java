package gov.petitions.notification.repository;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import gov.petitions.platform.relay.PendingEvent;
import gov.petitions.platform.relay.RelayStore;
import org.bson.Document;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import static gov.petitions.notification.repository.Mapping.ID;
import static gov.petitions.notification.repository.OutcomeToTellCodec.POSITION;

/**
 * The outbox of a MongoDB service, for platform-support's {@code EventRelay}: delivery outcomes wait in
 * {@code outcome_outbox} until they are told on Kafka. Only what both real MongoDB and the local wire stand-in support:
 * single-document atomic updates, unordered inserts, no transactions.
 *
 * <ul>
 *   <li><b>In.</b> The worker that recorded an outcome {@link #offer offers} it (memory only); the relay's thread
 *   {@link #flush flushes} what was offered with one insert before each batch. An outcome lost with the process
 *   before that is safe all the same: its retry pointer stays until it is told, and the retry scan of any replica
 *   offers it again. Its {@code _id} is its event id, so an outcome is never in the outbox twice.</li>
 *   <li><b>Order.</b> Outcomes are told in the order of their {@code position}: the time they were flushed, in
 *   microseconds, never twice the same in one process. A message's next attempt starts only after the retry backoff,
 *   long after its previous outcome was flushed, so its outcomes get rising positions (replicas' clocks agree far
 *   closer than a backoff).</li>
 *   <li><b>One replica at a time.</b> A replica relays only while it holds the lease ({@code relay_state}, one
 *   document per outbox: an owner and an expiry), taken and renewed by a conditional {@code findOneAndUpdate}: free,
 *   expired or already ours. A replica that finds outcomes waiting but cannot take the lease stands by until its
 *   next look; the holder tells them. Two replicas telling at once could reorder one petition's outcomes.</li>
 *   <li><b>Told.</b> Once the broker acknowledged a batch, the retry pointers are settled and the documents go. A
 *   crash in between tells those outcomes again, with the same event ids (consumers are idempotent by id).</li>
 * </ul>
 *
 * <p>A batch starts only with at least half the lease left, and the lease lasts much longer than a batch can (the
 * relay waits at most 30 s for the broker's acks). A replica that stops hands it back at once; one that dies holds it
 * until it expires, and then another replica tells what waits.
 */
public class OutcomeOutbox implements RelayStore {

    /** Where the leases live, one document per outbox, named after its collection. */
    static final String STATE = "relay_state";
    private static final String OWNER = "owner";
    private static final String UNTIL = "until";
    /** Beyond this many offered and not yet flushed (MongoDB away for long), outcomes wait for the retry scan. */
    private static final int OFFERED_MAX = 20_000;
    /** The last position given in this process (microseconds since the epoch). */
    private static final AtomicLong LAST_POSITION = new AtomicLong();

    private final MongoCollection<OutcomeToTell> outbox;
    private final MongoCollection<Document> state;
    private final RetryQueue retries;
    private final Clock clock;
    private final Duration lease;
    private final String leaseId;
    private final BlockingQueue<OutcomeToTell> offered = new LinkedBlockingQueue<>(OFFERED_MAX);
    /** Taken from {@link #offered}, positioned, not yet in MongoDB (a failed insert keeps them for the next try). */
    private final List<OutcomeToTell> flushing = new ArrayList<>();
    /** This relay, as the lease's owner: one per instance (a replica, or a relay made by a test). */
    private final String owner = UUID.randomUUID().toString();
    private volatile Instant holdsUntil = Instant.EPOCH;

    /**
     * @param clock the machine's clock, for the lease and the positions only: time between replicas, never a date
     *              anyone sees (the tests' movable clock must neither expire the lease nor reorder outcomes)
     */
    public OutcomeOutbox(MongoDatabase database, String collection, RetryQueue retries, Clock clock, Duration lease) {
        this.outbox = new OutcomeToTellCodec().collection(database, collection);
        this.state = database.getCollection(STATE);
        this.retries = retries;
        this.clock = clock;
        this.lease = lease;
        this.leaseId = collection + ".lease";
        outbox.createIndex(Indexes.ascending(POSITION), new IndexOptions().name("by_position"));
        insertIfAbsent(new Document(ID, leaseId).append(OWNER, null).append(UNTIL, new Date(0)));
    }

    /**
     * Hands over a recorded outcome, in memory: the next {@link #flush} puts it in the outbox. When too many wait
     * (MongoDB away for long), it is left to the retry scan, which offers it again.
     */
    public void offer(PendingEvent event, ToldOutcome told) {
        offered.offer(new OutcomeToTell(event, 0, told));
    }

    /** Offers the outcome and puts it in the outbox now. */
    public void append(PendingEvent event, ToldOutcome told) {
        offer(event, told);
        flush();
    }

    /**
     * Puts what was offered in the outbox, in the order it was offered, after everything put in before (rising
     * positions), with one insert. An outcome already there (offered again by the retry scan) stays as it was.
     */
    public synchronized void flush() {
        List<OutcomeToTell> taken = new ArrayList<>();
        offered.drainTo(taken);
        for (OutcomeToTell outcome : taken) {
            flushing.add(new OutcomeToTell(outcome.event(), nextPosition(), outcome.told()));
        }
        if (flushing.isEmpty()) {
            return;
        }
        try {
            outbox.insertMany(flushing, new InsertManyOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            for (BulkWriteError error : e.getWriteErrors()) {
                if (ErrorCategory.fromErrorCode(error.getCode()) != ErrorCategory.DUPLICATE_KEY) {
                    throw e; // the next flush tries them all again; those in already count as duplicates then
                }
            }
        }
        flushing.clear();
    }

    private long nextPosition() {
        Instant now = clock.instant();
        long micros = now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
        return LAST_POSITION.updateAndGet(last -> Math.max(last + 1, micros));
    }

    @Override
    public int relayBatch(int max, Consumer<List<PendingEvent>> publish) {
        flush();
        Instant now = clock.instant();
        if (holdsUntil.isBefore(now.plus(lease.dividedBy(2)))) {
            // not held, or half gone: taken (renewed) only when there is something to tell, so that an idle look
            // costs one read and an idle replica lets the lease run out
            if (outbox.find().limit(1).first() == null || !takeLease(now)) {
                return 0;
            }
        }
        List<OutcomeToTell> waiting = outbox.find().sort(Sorts.ascending(POSITION)).limit(max).into(new ArrayList<>());
        if (waiting.isEmpty()) {
            return 0;
        }
        try {
            publish.accept(waiting.stream().map(OutcomeToTell::event).toList());
        } catch (RuntimeException e) {
            releaseLease(); // another replica may reach the broker
            throw e;
        }
        // the pointers first: a crash before the documents go tells them again (same ids, same order), while the
        // other way round the retry scan could put an outcome told a moment ago back in after later ones
        retries.markTold(waiting.stream().map(OutcomeToTell::told).toList());
        outbox.deleteMany(Filters.in(ID, waiting.stream().map(o -> o.event().id().toString()).toList()));
        return waiting.size();
    }

    @Override
    public long pending() {
        return outbox.countDocuments() + offered.size();
    }

    /** Hands the lease back (the service stops), so that another replica tells what waits at its next look. */
    public void releaseLease() {
        holdsUntil = Instant.EPOCH;
        state.updateOne(Filters.and(Filters.eq(ID, leaseId), Filters.eq(OWNER, owner)),
                Updates.combine(Updates.set(OWNER, null), Updates.set(UNTIL, new Date(0))));
    }

    private boolean takeLease(Instant now) {
        Instant until = now.plus(lease);
        Document taken = state.findOneAndUpdate(
                Filters.and(Filters.eq(ID, leaseId),
                        Filters.or(Filters.eq(OWNER, owner), Filters.eq(OWNER, null), Filters.lt(UNTIL, Date.from(now)))),
                Updates.combine(Updates.set(OWNER, owner), Updates.set(UNTIL, Date.from(until))));
        holdsUntil = taken == null ? Instant.EPOCH : until;
        return taken != null;
    }

    private void insertIfAbsent(Document document) {
        try {
            state.insertOne(document);
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
    }
}
