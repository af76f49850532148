import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

/**
 * The local MongoDB stand-in: mongo-java-server on 127.0.0.1 with its data in one H2 MVStore file.
 * Usage: java -cp 'lib/*' MongoStandIn.java PORT DATA_FILE
 */
public class MongoStandIn {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        MongoServer server = new MongoServer(new H2Backend(args[1]));
        server.bind("127.0.0.1", port);
        System.out.println("MongoDB wire stand-in listening on 127.0.0.1:" + port + ", data in " + args[1]);
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdown));
        Thread.currentThread().join();
    }
}
