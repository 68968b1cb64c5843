package io.juntos.lists;

import io.juntos.crdt.TextDoc;
import io.juntos.lists.ListCodec.FieldPart;

import java.util.List;

/**
 * Local edits of a {@link ListDocument} (the server's replica for REST writes; Java clients in
 * tests): each adds its parts to the update that {@link ListDocument#edit} returns.
 */
public final class ListEditor {
    private final ListDocument d;

    ListEditor(ListDocument d) {
        this.d = d;
    }

    public void insertItem(int index, String itemId) {
        d.order.insert(Math.min(index, d.order.size()), itemId);
    }

    public void moveItem(String itemId, int to) {
        List<String> els = d.order.elements();
        int from = els.indexOf(itemId);
        if (from >= 0 && from != Math.min(to, els.size() - 1)) d.order.move(from, Math.min(to, els.size() - 1));
    }

    public void removeItem(String itemId) {
        int i = d.order.elements().indexOf(itemId);
        if (i >= 0) d.order.remove(i);
    }

    /** Replaces the plain text of {@code title:<id>} or {@code notes:<id>}. */
    public void setText(String key, String value) {
        TextDoc t = d.text(key);
        String now = t.text();
        if (now.equals(value)) return;
        int pre = 0;
        while (pre < now.length() && pre < value.length() && now.charAt(pre) == value.charAt(pre)) pre++;
        int suf = 0;
        while (suf < now.length() - pre && suf < value.length() - pre
                && now.charAt(now.length() - 1 - suf) == value.charAt(value.length() - 1 - suf)) suf++;
        if (now.length() - pre - suf > 0) t.delete(pre, now.length() - pre - suf);
        if (value.length() - pre - suf > 0) t.insert(pre, value.substring(pre, value.length() - suf));
    }

    public void insertText(String key, int index, String value) {
        d.text(key).insert(index, value);
    }

    public void deleteText(String key, int index, int length) {
        d.text(key).delete(index, length);
    }

    public void format(String key, int index, int length, io.juntos.crdt.MarkType type, String value) {
        d.text(key).format(index, length, type, value);
    }

    public void setField(String itemId, String field, String jsonValue) {
        FieldPart f = new FieldPart(itemId, field, d.lamport + 1, d.replica, jsonValue);
        d.putField(f);
        d.local.add(f);
    }
}
