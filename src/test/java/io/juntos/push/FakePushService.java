package io.juntos.push;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A push service of the test's own (RFC 8030). For every POST it checks the VAPID header
 * (RFC 8292: {@code Authorization: vapid t=<JWT>, k=<key>}; ES256 signature against k, audience =
 * this service's origin, expiry within 24 h) and decrypts the body (RFC 8291 aes128gcm) with the
 * device's private key and auth secret, which only it and the "browser" know. Devices are
 * created here like a browser's PushManager would; each can be told to answer 404, 410 or fail first.
 */
final class FakePushService implements AutoCloseable {
    record Device(String name, KeyPair keys, byte[] auth, String endpoint) {
        String p256dh() {
            return b64(uncompressed((ECPublicKey) keys.getPublic()));
        }

        String authSecret() {
            return b64(auth);
        }
    }

    /** A push that arrived, decrypted; or why it was refused. */
    record Received(String device, String json, String vapidKey) {
    }

    private final HttpServer server;
    final Map<String, Device> devices = new ConcurrentHashMap<>();
    final Map<String, Integer> answer = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> failFirst = new ConcurrentHashMap<>();
    final List<Received> received = new CopyOnWriteArrayList<>();
    final List<String> refused = new CopyOnWriteArrayList<>();

    FakePushService() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/push/", this::handle);
        server.start();
    }

    String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    Device device(String name) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        byte[] auth = new byte[16];
        new SecureRandom().nextBytes(auth);
        Device d = new Device(name, g.generateKeyPair(), auth, origin() + "/push/" + name);
        devices.put(name, d);
        return d;
    }

    List<String> payloadsFor(String device) {
        return received.stream().filter(r -> r.device().equals(device)).map(Received::json).toList();
    }

    private void handle(HttpExchange ex) throws java.io.IOException {
        String name = ex.getRequestURI().getPath().substring("/push/".length());
        byte[] body = ex.getRequestBody().readAllBytes();
        int status;
        try {
            Device d = devices.get(name);
            if (d == null) throw new IllegalStateException("unknown device " + name);
            String vapidKey = checkVapid(ex.getRequestHeaders().getFirst("Authorization"));
            if (!"aes128gcm".equals(ex.getRequestHeaders().getFirst("Content-Encoding"))) throw new IllegalStateException("not aes128gcm");
            if (ex.getRequestHeaders().getFirst("TTL") == null) throw new IllegalStateException("no TTL");
            status = answer.getOrDefault(name, 201);
            AtomicInteger fails = failFirst.get(name);
            if (fails != null && fails.getAndDecrement() > 0) status = 503;
            if (status == 201) received.add(new Received(name, decrypt(d, body), vapidKey));
        } catch (Exception e) {
            refused.add(name + ": " + e.getMessage());
            status = 400;
        }
        ex.sendResponseHeaders(status, -1);
        ex.close();
    }

    /** RFC 8292 §2–3: returns k after checking the JWT it signs. */
    private String checkVapid(String header) throws Exception {
        if (header == null || !header.startsWith("vapid ")) throw new IllegalStateException("no vapid authorization");
        String t = null;
        String k = null;
        for (String part : header.substring(6).split(",")) {
            String[] kv = part.trim().split("=", 2);
            if (kv[0].equals("t")) t = kv[1];
            if (kv[0].equals("k")) k = kv[1];
        }
        if (t == null || k == null) throw new IllegalStateException("vapid header lacks t or k");
        SignedJWT jwt = SignedJWT.parse(t);
        if (!jwt.getHeader().getAlgorithm().equals(JWSAlgorithm.ES256)) throw new IllegalStateException("not ES256");
        if (!jwt.verify(new ECDSAVerifier(publicKey(Base64.getUrlDecoder().decode(k))))) throw new IllegalStateException("bad signature");
        var claims = jwt.getJWTClaimsSet();
        if (!claims.getAudience().equals(List.of(origin()))) throw new IllegalStateException("audience " + claims.getAudience());
        Instant exp = claims.getExpirationTime().toInstant();
        if (exp.isBefore(Instant.now()) || exp.isAfter(Instant.now().plusSeconds(24 * 3600))) throw new IllegalStateException("expiry " + exp);
        if (claims.getSubject() == null || !(claims.getSubject().startsWith("mailto:") || claims.getSubject().startsWith("https:"))) {
            throw new IllegalStateException("subject " + claims.getSubject());
        }
        return k;
    }

    /** RFC 8291 §3.4 and RFC 8188 §2: one aes128gcm record, keys derived by ECDH + HKDF-SHA256. */
    static String decrypt(Device d, byte[] body) throws Exception {
        ByteBuffer b = ByteBuffer.wrap(body);
        byte[] salt = new byte[16];
        b.get(salt);
        int recordSize = b.getInt();
        int idLen = b.get() & 0xff;
        byte[] asPublic = new byte[idLen];
        b.get(asPublic);
        byte[] ciphertext = new byte[b.remaining()];
        b.get(ciphertext);
        if (idLen != 65 || ciphertext.length + 16 > recordSize + 16) throw new IllegalStateException("bad header");
        KeyAgreement ka = KeyAgreement.getInstance("ECDH");
        ka.init(d.keys().getPrivate());
        ka.doPhase(publicKey(asPublic), true);
        byte[] ecdh = ka.generateSecret();
        byte[] uaPublic = uncompressed((ECPublicKey) d.keys().getPublic());
        byte[] keyInfo = concat("WebPush: info\0".getBytes(StandardCharsets.US_ASCII), uaPublic, asPublic);
        byte[] ikm = hkdf(d.auth(), ecdh, keyInfo, 32);
        byte[] cek = hkdf(salt, ikm, "Content-Encoding: aes128gcm\0".getBytes(StandardCharsets.US_ASCII), 16);
        byte[] nonce = hkdf(salt, ikm, "Content-Encoding: nonce\0".getBytes(StandardCharsets.US_ASCII), 12);
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, nonce));
        byte[] plain = c.doFinal(ciphertext);
        int end = plain.length - 1;
        while (end >= 0 && plain[end] == 0) end--;
        if (end < 0 || plain[end] != 2) throw new IllegalStateException("no last-record delimiter");
        return new String(plain, 0, end, StandardCharsets.UTF_8);
    }

    /** HKDF-SHA256 (RFC 5869) for output up to 32 bytes: one expand block. */
    static byte[] hkdf(byte[] salt, byte[] ikm, byte[] info, int length) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(salt, "HmacSHA256"));
        byte[] prk = mac.doFinal(ikm);
        mac.init(new SecretKeySpec(prk, "HmacSHA256"));
        mac.update(info);
        mac.update((byte) 1);
        return Arrays.copyOf(mac.doFinal(), length);
    }

    static ECPublicKey publicKey(byte[] uncompressed) throws Exception {
        if (uncompressed.length != 65 || uncompressed[0] != 4) throw new IllegalStateException("not an uncompressed P-256 point");
        AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
        params.init(new ECGenParameterSpec("secp256r1"));
        ECParameterSpec spec = params.getParameterSpec(ECParameterSpec.class);
        ECPoint point = new ECPoint(new BigInteger(1, Arrays.copyOfRange(uncompressed, 1, 33)), new BigInteger(1, Arrays.copyOfRange(uncompressed, 33, 65)));
        return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, spec));
    }

    static byte[] uncompressed(ECPublicKey k) {
        byte[] out = new byte[65];
        out[0] = 4;
        copy32(k.getW().getAffineX(), out, 1);
        copy32(k.getW().getAffineY(), out, 33);
        return out;
    }

    private static void copy32(BigInteger v, byte[] out, int at) {
        byte[] b = v.toByteArray();
        int len = Math.min(32, b.length);
        System.arraycopy(b, b.length - len, out, at + 32 - len, len);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) o.writeBytes(p);
        return o.toByteArray();
    }

    static String b64(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
