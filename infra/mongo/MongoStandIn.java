import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.Document;

import java.util.List;
import java.util.Map;

/**
 * The local MongoDB stand-in: mongo-java-server on 127.0.0.1 with its data in one H2 MVStore file, or with
 * DATA_FILE "memory" in memory only. The benchmark uses memory: H2's Java serialisation of every written document
 * cost the stand-in two thirds of its CPU, a cost of the stand-in that real MongoDB does not have.
 * Usage: java -cp 'lib/*' MongoStandIn.java PORT DATA_FILE|memory
 * With MONGO_STANDIN_SLOW_MS set, the memory store prints every query slower than that, its values masked: the
 * stand-in uses unique indexes only and scans a collection for anything else, so a query whose shape defeats them
 * (an {@code $and} over a compound key, a non-unique field) shows up here long before real MongoDB would mind.
 */
public class MongoStandIn {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        boolean inMemory = "memory".equals(args[1]);
        MongoServer server = new MongoServer(inMemory ? slowQueryLog() > 0 ? new SlowQueryMemoryBackend(slowQueryLog()) : new MemoryBackend() : new H2Backend(args[1]));
        server.bind("127.0.0.1", port);
        System.out.println("MongoDB wire stand-in listening on 127.0.0.1:" + port + ", data " + (inMemory ? "in memory only" : "in " + args[1]));
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdown));
        Thread.currentThread().join();
    }

    static long slowQueryLog() {
        String slow = System.getenv("MONGO_STANDIN_SLOW_MS");
        return slow == null || slow.isBlank() ? 0 : Long.parseLong(slow.trim());
    }

    static final class SlowQueryMemoryBackend extends MemoryBackend {
        private final long slowMs;

        SlowQueryMemoryBackend(long slowMs) {
            this.slowMs = slowMs;
        }

        @Override
        public MemoryDatabase openOrCreateDatabase(String databaseName) {
            CursorRegistry cursors = getCursorRegistry();
            return new MemoryDatabase(databaseName, cursors) {
                @Override
                protected MemoryCollection openOrCreateCollection(String collectionName, CollectionOptions options) {
                    return new MemoryCollection(this, collectionName, options, cursors) {
                        @Override
                        protected QueryResult queryDocuments(Document query, Document orderBy, int skip, int limit,
                                                             int batchSize, Document projection) {
                            long start = System.nanoTime();
                            QueryResult result = super.queryDocuments(query, orderBy, skip, limit, batchSize, projection);
                            long ms = (System.nanoTime() - start) / 1_000_000;
                            if (ms >= slowMs) {
                                System.out.println("slow query: " + databaseName + "." + collectionName + " " + shape(query)
                                        + (orderBy == null || orderBy.isEmpty() ? "" : " sort " + orderBy.keySet()) + ": " + ms
                                        + " ms over " + count() + " documents");
                            }
                            return result;
                        }
                    };
                }
            };
        }
    }

    /** The query with every value replaced by "?": its shape, never the data (which may be personal). */
    static Object shape(Object value) {
        if (value instanceof Document document) {
            Document masked = new Document();
            for (Map.Entry<String, Object> e : document.entrySet()) {
                masked.put(e.getKey(), shape(e.getValue()));
            }
            return masked;
        }
        if (value instanceof List<?> list) {
            return list.isEmpty() ? List.of() : List.of(shape(list.get(0)), "…" + list.size());
        }
        return "?";
    }
}
