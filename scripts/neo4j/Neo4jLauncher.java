// A real Neo4j 5.26 Community DBMS from the Maven Central jars, with Bolt on
// 127.0.0.1 and authentication on (infra.md section a, "Step 2"). Run in
// Java's single-file source mode by scripts/neo4j.sh:
//
//   java -cp "$LIB/*" Neo4jLauncher.java HOME PORT [PAGECACHE]
//
// The password of user neo4j is read from the NEO4J_PASSWORD environment
// variable (never from argv, which `ps` shows) and set before READY, so no
// client ever sees the "change required" state of a fresh DBMS.
//
// HOME is the DBMS home (data/ lives under it, so `neo4j-admin database
// import` can fill HOME/data/databases/neo4j before a start). It prints
// `NEO4J_READY bolt://127.0.0.1:PORT` once build() has returned, that is once
// the system and neo4j databases are online, then blocks. SIGTERM runs the
// shutdown hook, which closes the store cleanly.

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;

public class Neo4jLauncher {
  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: Neo4jLauncher HOME PORT [PAGECACHE_MB]");
      System.exit(2);
    }
    Path home = Path.of(args[0]).toAbsolutePath();
    int port = Integer.parseInt(args[1]);
    String password = System.getenv("NEO4J_PASSWORD");
    if (password == null || password.length() < 8) {
      System.err.println("NEO4J_PASSWORD must be set, at least 8 characters");
      System.exit(2);
    }
    long pageCacheMb = args.length > 2 ? Long.parseLong(args[2]) : 256;
    long started = System.nanoTime();
    DatabaseManagementService service =
        new DatabaseManagementServiceBuilder(home)
            .setConfig(BoltConnector.enabled, true)
            .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
            .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
            .setConfig(HttpConnector.enabled, false)
            .setConfig(HttpsConnector.enabled, false)
            .setConfig(GraphDatabaseSettings.auth_enabled, true)
            .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(pageCacheMb))
            .setConfig(GraphDatabaseSettings.shutdown_transaction_end_timeout, Duration.ofSeconds(5))
            .build();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println("NEO4J_STOPPING");
                  service.shutdown();
                  System.out.println("NEO4J_STOPPED");
                }));
    // Embedded transactions run with full access, so this works on a fresh
    // store (password neo4j, change required) and again on a reused one.
    service
        .database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME)
        .executeTransactionally(
            "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED",
            Map.of("password", password));
    long ms = (System.nanoTime() - started) / 1_000_000;
    System.out.println("NEO4J_READY bolt://127.0.0.1:" + port + " after " + ms + " ms");
    System.out.flush();
    Thread.currentThread().join();
  }
}
