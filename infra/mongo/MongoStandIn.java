import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/**
 * The local MongoDB stand-in: mongo-java-server on 127.0.0.1 with its data in one H2 MVStore file, or with
 * DATA_FILE "memory" in memory only. The benchmark uses memory: H2's Java serialisation of every written document
 * cost the stand-in two thirds of its CPU, a cost of the stand-in that real MongoDB does not have.
 * Usage: java -cp 'lib/*' MongoStandIn.java PORT DATA_FILE|memory
 */
public class MongoStandIn {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        boolean inMemory = "memory".equals(args[1]);
        MongoServer server = new MongoServer(inMemory ? new MemoryBackend() : new H2Backend(args[1]));
        server.bind("127.0.0.1", port);
        System.out.println("MongoDB wire stand-in listening on 127.0.0.1:" + port + ", data " + (inMemory ? "in memory only" : "in " + args[1]));
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdown));
        Thread.currentThread().join();
    }
}
