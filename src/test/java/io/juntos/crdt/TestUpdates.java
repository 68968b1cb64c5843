package io.juntos.crdt;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Test helper: decodes an update into its operations and encodes operations back, with a
 * valid checksum, so tests can corrupt an update's meaning rather than its bytes.
 */
final class TestUpdates {
    private TestUpdates() {
    }

    static Update decode(byte[] bytes) {
        ByteReader in = new ByteReader(bytes);
        if (Wire.readKind(in) != Wire.KIND_UPDATE) {
            throw new IllegalArgumentException("not an update");
        }
        return UpdateCodec.decode(in);
    }

    /** One struct group per operation, in the given order. */
    static byte[] encode(Update update) {
        Wire.ReplicaTable table = new Wire.ReplicaTable();
        ByteWriter body = new ByteWriter(64);
        StringBuilder text = new StringBuilder();
        body.writeVarUint(update.ops().size());
        for (Op op : update.ops()) {
            body.writeVarUint(table.indexOf(op.replica()));
            body.writeVarUint(op.counter());
            body.writeVarUint(1);
            if (op instanceof Op.RunOp r) {
                UpdateCodec.writeRun(body, table, r.replica(), r.counter(), r.length(), r.leftRep(), r.leftCtr(),
                        r.rightRep(), r.rightCtr(), r.content() == null);
                if (r.content() != null) {
                    text.append(r.content());
                }
            } else {
                Wire.writeOther(body, table, op);
            }
        }
        ByteWriter textBytes = new ByteWriter(text.length() + 8);
        textBytes.writeWtf8(text, 0, text.length());
        body.writeVarUint(textBytes.size());
        body.writeBytes(textBytes);
        Map<Integer, List<int[]>> deletes = new HashMap<>();
        for (DeleteRange d : update.deletes()) {
            deletes.computeIfAbsent(d.replica(), k -> new ArrayList<>()).add(new int[]{d.start(), d.length()});
        }
        deletes.values().forEach(l -> l.sort((a, b) -> Integer.compare(a[0], b[0])));
        Wire.writeDeletes(body, table, deletes);
        ByteWriter out = new ByteWriter(body.size() + 16);
        Wire.writeHeader(out, Wire.KIND_UPDATE);
        table.write(out);
        out.writeBytes(body);
        return Wire.seal(out.toByteArray());
    }
}
