package io.juntos.bench;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** bench/messaging/socketio-server.js under node, rooms named {@code g<n>}; memory from its stats hook. */
final class SocketIoTarget implements Target {
    private static final Path DIR = Path.of("bench", "messaging");
    private final ServerProcess server;
    private final int port;

    private SocketIoTarget(ServerProcess server, int port) {
        this.server = server;
        this.port = port;
    }

    static SocketIoTarget start(Path logDir) throws Exception {
        if (!Files.isDirectory(DIR.resolve("node_modules/socket.io"))) {
            throw new IllegalStateException("run 'npm ci' in " + DIR + " first (bench/messaging/run.sh does)");
        }
        int port = ServerProcess.freePort();
        var server = ServerProcess.start("socket.io", List.of("node", "--expose-gc", DIR.resolve("socketio-server.js").toString(),
                Integer.toString(port)), Map.of(), logDir.resolve("socketio-server.log"));
        var target = new SocketIoTarget(server, port);
        server.awaitHttp(target.base() + "/bench/stats", Duration.ofSeconds(60));
        return target;
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public String name() {
        return "socket.io";
    }

    @Override
    public Wire wire() {
        return new EngineIoWire(URI.create("ws://127.0.0.1:" + port + "/socket.io/?EIO=4&transport=websocket"));
    }

    @Override
    public List<Member> prepare(int clients, int groupSize) {
        var members = new ArrayList<Member>(clients);
        for (int i = 0; i < clients; i++) members.add(new Member(i, "g" + (i / groupSize), "u" + i, null));
        return members;
    }

    @Override
    public Memory memory() throws Exception {
        var res = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(URI.create(base() + "/bench/stats")).build(),
                HttpResponse.BodyHandlers.ofString());
        var json = new ObjectMapper().readTree(res.body());
        return new Memory(json.path("heapUsed").asLong(), json.path("rss").asLong());
    }

    @Override
    public long cpuMillis() {
        return server.cpuMillis();
    }

    @Override
    public String settings() {
        return "`node --expose-gc bench/messaging/socketio-server.js`: socket.io defaults (no compression), "
                + "nothing persisted, last 100 messages per room kept in memory";
    }

    @Override
    public void close() throws InterruptedException {
        server.close();
    }
}
