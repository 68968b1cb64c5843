package io.juntos.lists;

import com.fasterxml.jackson.databind.JsonNode;
import io.juntos.crdt.MarkType;
import io.juntos.testing.Api;
import io.juntos.testing.Api.Account;
import io.juntos.testing.WsTestClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Lists over REST and the socket with real clients: sharing, roles, trash, REST/CRDT agreement, bad input. SQLite and PostgreSQL. */
abstract class ListsContract extends ListFixture {

    @Test
    void ownerCreatesAListAndMyListsShowsRoleAndCounts() {
        Account ana = api.signup("ana");
        String id = list(ana, "Groceries");
        JsonNode milk = addItem(ana, id, "title", "Buy milk", "due", Map.of("date", "2001-01-02"));
        addItem(ana, id, "title", "Bread");
        assertThat(as(ana).raw("PATCH", "/api/lists/" + id + "/items/" + milk.path("id").asText(), "application/json",
                "{\"done\":true}".getBytes()).status()).isEqualTo(200);
        addItem(ana, id, "title", "Old chore", "due", Map.of("dateTime", "2001-01-01T09:30", "zone", "Europe/Madrid"));
        JsonNode mine = as(ana).get("/api/lists").json().path("items");
        assertThat(mine).hasSize(1);
        JsonNode l = mine.get(0);
        assertThat(l.path("name").asText()).isEqualTo("Groceries");
        assertThat(l.path("role").asText()).isEqualTo("owner");
        assertThat(l.path("itemCount").asInt()).isEqualTo(3);
        assertThat(l.path("doneCount").asInt()).isEqualTo(1);
        assertThat(l.path("nextDue").asText()).as("the done item's due date does not count").isEqualTo("2001-01-01");
        assertThat(l.path("overdue").asInt()).isEqualTo(1);
        JsonNode d = details(ana, id);
        assertThat(d.path("items").findValuesAsText("title")).containsExactly("Buy milk", "Bread", "Old chore");
        assertThat(d.path("items").get(0).path("done").path("by").asText()).isEqualTo(ana.id());
        assertThat(d.path("members").get(0).path("role").asText()).isEqualTo("owner");
    }

    @Test
    void restWritesArriveAsCrdtUpdatesAndCrdtWritesShowInRestReads() {
        Account ana = api.signup("ana"), bo = api.signup("bo");
        String id = list(ana, "Trip");
        share(ana, id, bo, "editor");
        try (Client c = client(bo, id)) {
            JsonNode rest = addItem(ana, id, "title", "Passports", "notes", "both of them", "assignee", bo.id());
            c.awaitSeq(1);
            String itemId = rest.path("id").asText();
            assertThat(c.doc.itemIds()).containsExactly(itemId);
            assertThat(c.doc.title(itemId)).isEqualTo("Passports");
            assertThat(c.doc.field(itemId, "assignee")).contains(bo.id());

            String mine = "Tk" + "abcdefghij";
            long seq = c.write(e -> {
                e.insertItem(1, mine);
                e.insertText("title:" + mine, 0, "Sunscreen SPF 50");
                e.format("title:" + mine, 10, 6, MarkType.BOLD, "true");
                e.setField(mine, "due", "{\"date\":\"2030-07-01\"}");
            });
            c.write(e -> e.moveItem(mine, 0));
            JsonNode d = details(ana, id);
            assertThat(d.path("seq").asLong()).isGreaterThan(seq);
            assertThat(d.path("items").findValuesAsText("id")).containsExactly(mine, itemId);
            JsonNode item = d.path("items").get(0);
            assertThat(item.path("title").asText()).isEqualTo("Sunscreen SPF 50");
            assertThat(item.path("titleSpans").get(1).path("text").asText()).isEqualTo("SPF 50");
            assertThat(item.path("titleSpans").get(1).path("marks").path("bold").asBoolean()).isTrue();
            assertThat(item.path("titleSpans").get(0).path("marks")).isEmpty();
            assertThat(item.path("due").path("date").asText()).isEqualTo("2030-07-01");
            assertThat(d.path("items").get(1).path("notes").asText()).isEqualTo("both of them");
        }
    }

    @Test
    void viewersCraftedUpdateIsRefusedAndTheDocumentIsUnchanged() {
        Account ana = api.signup("ana"), vic = api.signup("vic");
        String id = list(ana, "Read only");
        share(ana, id, vic, "viewer");
        addItem(ana, id, "title", "Keep me");
        byte[] before = doc(ana, id);
        try (Client c = client(vic, id)) {
            assertThat(c.opened.path("role").asText()).isEqualTo("viewer");
            String item = c.doc.itemIds().get(0);
            JsonNode f = c.send(c.edit(e -> e.setText("title:" + item, "Hijacked")));
            assertThat(f.path("type").asText()).isEqualTo("error");
            assertThat(f.path("code").asText()).isEqualTo("read_only");
            assertThat(c.ws.ack("time", Map.of())).as("connection kept").isNotNull();
        }
        assertThat(doc(ana, id)).isEqualTo(before);
        Api.Res rest = as(vic).post("/api/lists/" + id + "/items", Map.of("title", "x"));
        assertThat(rest.status()).isEqualTo(403);
        assertThat(rest.code()).isEqualTo("read_only");
        assertThat(details(ana, id).path("items")).hasSize(1);
    }

    @Test
    void removedMemberStopsReceivingAtOnceAndGets404Afterwards() {
        Account ana = api.signup("ana"), bo = api.signup("bo");
        String id = list(ana, "Shared");
        share(ana, id, bo, "editor");
        try (Client owner = client(ana, id); Client c = client(bo, id)) {
            long first = owner.write(e -> e.insertItem(0, "item1"));
            c.awaitSeq(first);
            assertThat(as(ana).delete("/api/lists/" + id + "/members/" + bo.id()).status()).isEqualTo(204);
            c.ws.awaitEvent("list.removed", d -> d.path("listId").asText().equals(id) && d.path("reason").asText().equals("removed"));
            long second = owner.write(e -> e.insertItem(1, "item2"));
            JsonNode refused = c.send(c.edit(e -> e.insertItem(0, "sneaky")));
            assertThat(refused.path("code").asText()).isEqualTo("not_found");
            c.ws.sync(); // a barrier: anything sent to bo before it has arrived
            assertThat(c.ws.events("list.update").stream().map(f -> f.path("data").path("seq").asLong()))
                    .contains(first).doesNotContain(second);
            assertThat(owner.catchUp().doc.itemIds()).containsExactly("item1", "item2");
        }
        assertThat(as(bo).get("/api/lists/" + id).status()).isEqualTo(404);
        assertThat(as(bo).get("/api/lists").json().path("items")).isEmpty();
    }

    @Test
    void trashedListDisappearsForMembersAndRestoreBringsItBack() {
        Account ana = api.signup("ana"), bo = api.signup("bo");
        String id = list(ana, "Chores");
        share(ana, id, bo, "editor");
        addItem(ana, id, "title", "Dishes");
        assertThat(as(bo).delete("/api/lists/" + id).code()).as("only the owner").isEqualTo("not_owner");
        assertThat(as(ana).delete("/api/lists/" + id).status()).isEqualTo(204);
        assertThat(as(bo).get("/api/lists/" + id).status()).isEqualTo(404);
        assertThat(as(ana).get("/api/lists").json().path("items")).isEmpty();
        JsonNode trash = as(ana).get("/api/lists/trash").json().path("items");
        assertThat(trash).hasSize(1);
        assertThat(trash.get(0).path("purgeAt").asText()).isNotEmpty();
        assertThat(as(bo).get("/api/lists/trash").json().path("items")).as("the trash is the owner's").isEmpty();
        assertThat(as(ana).post("/api/lists/" + id + "/restore", Map.of()).status()).isEqualTo(200);
        assertThat(details(bo, id).path("items").findValuesAsText("title")).containsExactly("Dishes");
    }

    @Test
    void listTrashedThirtyDaysAgoIsPurgedWithItsLog() {
        Account ana = api.signup("ana");
        String keep = list(ana, "Trashed yesterday"), gone = list(ana, "Trashed long ago");
        addItem(ana, gone, "title", "x");
        assertThat(as(ana).delete("/api/lists/" + gone).status()).isEqualTo(204);
        clock.advance(Duration.ofDays(29));
        ana = signin(ana); // the access token expired with the jump
        assertThat(as(ana).delete("/api/lists/" + keep).status()).isEqualTo(204);
        ListsFeature f = server.juntos().feature(ListsFeature.class);
        f.sweepNow();
        assertThat(as(ana).get("/api/lists/trash").json().path("items")).hasSize(2);
        clock.advance(Duration.ofDays(1).plusMinutes(1));
        ana = signin(ana);
        assertThat(f.sweepNow()).isGreaterThanOrEqualTo(1);
        List<String> left = new ArrayList<>();
        as(ana).get("/api/lists/trash").json().path("items").forEach(l -> left.add(l.path("id").asText()));
        assertThat(left).containsExactly(keep);
        assertThat(as(ana).post("/api/lists/" + gone + "/restore", Map.of()).status()).isEqualTo(404);
    }

    @Test
    void assigneeIsToldOnTheirStreamAndInTheActivityLog() {
        Account ana = api.signup("ana"), bo = api.signup("bo");
        String id = list(ana, "Work");
        share(ana, id, bo, "editor");
        try (WsTestClient bos = live(bo)) {
            addItem(ana, id, "title", "Write report", "assignee", bo.id());
            JsonNode ev = bos.awaitEvent("list.assigned", d -> d.path("listId").asText().equals(id));
            assertThat(ev.path("title").asText()).isEqualTo("Write report");
            assertThat(ev.path("by").asText()).isEqualTo(ana.id());
            assertThat(ev.path("listName").asText()).isEqualTo("Work");
        }
        assertThat(as(bo).get("/api/activity").body()).contains("list.assigned");
    }

    @Test
    void twoClientsTypingInOneTitleAndOneOfflineEndIdentical() {
        Account ana = api.signup("ana"), bo = api.signup("bo");
        String id = list(ana, "Together");
        share(ana, id, bo, "editor");
        String item = addItem(ana, id, "title", "Plan").path("id").asText();
        try (Client a = client(ana, id); Client b = client(bo, id)) {
            // Concurrent: both edit from the same state before seeing the other's edit.
            byte[] ua = a.edit(e -> e.insertText("title:" + item, 4, " the trip"));
            byte[] ub = b.edit(e -> e.insertText("title:" + item, 0, "We "));
            assertThat(a.send(ua).path("type").asText()).isEqualTo("ack");
            assertThat(b.send(ub).path("type").asText()).isEqualTo("ack");
            // b goes offline and keeps typing; a edits meanwhile.
            b.ws.close();
            List<byte[]> offline = new ArrayList<>();
            for (String w : List.of("!", "!")) offline.add(b.edit(e -> e.insertText("title:" + item, b.doc.title(item).length(), w)));
            long aSeq = a.write(e -> e.setField(item, "due", "{\"date\":\"2031-01-01\"}"));
            try (Client b2 = client(bo, id)) {
                // Reconnected: merge the snapshot into the offline replica, then send what was typed offline.
                b.doc.load(java.util.Base64.getDecoder().decode(b2.opened.path("snapshot").asText()));
                long last = 0;
                for (byte[] u : offline) {
                    JsonNode f = b2.send(u);
                    assertThat(f.path("type").asText()).as(f.toString()).isEqualTo("ack");
                    last = f.path("data").path("seq").asLong();
                }
                a.awaitSeq(last);
                assertThat(last).isGreaterThan(aSeq);
                String expected = a.doc.title(item);
                assertThat(expected).contains("We ", "Plan", " the trip", "!!");
                assertThat(b.doc.title(item)).isEqualTo(expected);
                assertThat(details(ana, id).path("items").get(0).path("title").asText()).isEqualTo(expected);
                assertThat(b.doc.snapshot()).isEqualTo(a.doc.snapshot());
            }
        }
    }

    @Test
    void malformedTruncatedAndCorruptedUpdatesAreRefusedAndTheConnectionKept() {
        Account ana = api.signup("ana");
        String id = list(ana, "Robust");
        addItem(ana, id, "title", "Stay");
        try (Client c = client(ana, id)) {
            byte[] good = c.edit(e -> e.insertText("title:" + c.doc.itemIds().get(0), 0, "Please "));
            byte[] before = doc(ana, id);
            byte[] flipped = good.clone();
            flipped[flipped.length - 2] ^= 0x10;
            byte[] truncated = Arrays.copyOf(good, good.length - 3);
            byte[] garbage = "not an update at all".getBytes();
            for (byte[] bad : List.of(flipped, truncated, garbage, new byte[]{0x4C})) {
                JsonNode f = c.send(bad);
                assertThat(f.path("code").asText()).as(f.toString()).isEqualTo("bad_update");
            }
            assertThat(doc(ana, id)).isEqualTo(before);
            assertThat(c.send(good).path("type").asText()).as("the genuine update still applies").isEqualTo("ack");
            JsonNode big = c.ws.call("list.update", Map.of("listId", id, "update", b64(new byte[40_000])));
            assertThat(big.path("code").asText()).isEqualTo("payload_too_large");
            assertThat(big.path("detail").asText()).contains("32768");
            JsonNode unknown = c.ws.call("list.update", Map.of("listId", "01hzzzzzzzzzzzzzzzzzzzzzzz", "update", b64(good)));
            assertThat(unknown.path("code").asText()).isEqualTo("not_found");
        }
    }

    @Test
    void updatesBreakingTheRulesAreRefusedWithTheirField() {
        Account ana = api.signup("ana"), stranger = api.signup("stranger");
        String id = list(ana, "Rules");
        try (Client c = client(ana, id)) {
            c.write(e -> e.insertItem(0, "a"));
            byte[] before = doc(ana, id);
            assertRefused(c, e -> e.insertText("title:a", 0, "x".repeat(501)), "too_large", "title");
            assertRefused(c, e -> e.setField("a", "due", "{\"date\":\"2026-02-30\"}"), "bad_update", "due");
            assertRefused(c, e -> e.setField("a", "assignee", "{\"user\":\"" + stranger.id() + "\",\"by\":\"" + ana.id() + "\"}"), "bad_update", "assignee");
            assertRefused(c, e -> e.setField("a", "done", "{\"by\":\"" + stranger.id() + "\",\"at\":\"2026-01-01T00:00:00Z\"}"), "bad_update", "done");
            assertRefused(c, e -> e.setField("a", "colour", "\"red\""), "bad_update", "update");
            assertRefused(c, e -> {
                e.insertItem(1, "b");
                e.setField("b", "parent", "\"a\"");
                e.setField("a", "parent", "\"b\"");
            }, "bad_update", "parent");
            assertThat(doc(ana, id)).as("nothing of any refused update").isEqualTo(before);
        }
    }

    private void assertRefused(Client c, java.util.function.Consumer<ListEditor> edit, String code, String field) {
        // A scratch replica with the client's state makes the edit, so the client's own replica stays as the server's.
        ListDocument scratch = replica(c.doc.replica());
        scratch.load(c.doc.snapshot());
        JsonNode f = c.send(scratch.edit(edit));
        assertThat(f.path("type").asText()).as(f.toString()).isEqualTo("error");
        assertThat(f.path("code").asText()).as(f.toString()).isEqualTo(code);
        assertThat(f.path("errors").findValuesAsText("field")).as(f.toString()).contains(field);
    }

    @Test
    void badRestInputIsRefusedWithTheField() {
        Account ana = api.signup("ana"), stranger = api.signup("stranger");
        String id = list(ana, "Validated");
        Api a = as(ana);
        assertField(a.post("/api/lists/" + id + "/items", Map.of("title", "x".repeat(501))), 422, "title");
        assertField(a.post("/api/lists/" + id + "/items", Map.of("title", "x", "due", Map.of("date", "tomorrow"))), 422, "due");
        assertField(a.post("/api/lists/" + id + "/items", Map.of("title", "x", "due", Map.of("dateTime", "2026-01-01T10:00", "zone", "Mars/Olympus"))), 422, "due");
        assertField(a.post("/api/lists/" + id + "/items", Map.of("title", "x", "assignee", stranger.id())), 422, "assignee");
        assertField(a.post("/api/lists/" + id + "/items", Map.of("title", "x", "colour", "red")), 422, "colour");
        assertField(a.post("/api/lists", Map.of("name", "")), 422, "name");
        String parent = addItem(ana, id, "title", "Parent").path("id").asText();
        String child = addItem(ana, id, "title", "Child", "parent", parent).path("id").asText();
        assertField(a.post("/api/lists/" + id + "/items", Map.of("title", "Grandchild", "parent", child)), 422, "parent");
        JsonNode d = details(ana, id);
        assertThat(d.path("items")).hasSize(2);
        assertThat(d.path("items").get(0).path("subtasks").get(0).asText()).isEqualTo(child);
        assertThat(a.get("/api/lists/01hzzzzzzzzzzzzzzzzzzzzzzz").status()).isEqualTo(404);
        assertThat(a.raw("PATCH", "/api/lists/" + id + "/items/nope", "application/json", "{\"done\":true}".getBytes()).status()).isEqualTo(404);
    }

    private static void assertField(Api.Res r, int status, String field) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.json().path("errors").findValuesAsText("field")).as(r.toString()).contains(field);
    }

    @Test
    void strangersGet404ForEveryListEndpointAndFrame() {
        Account ana = api.signup("ana"), s = api.signup("stranger");
        String id = list(ana, "Private");
        String item = addItem(ana, id, "title", "secret").path("id").asText();
        Api x = as(s);
        List<Api.Res> answers = List.of(x.get("/api/lists/" + id), x.raw("PATCH", "/api/lists/" + id, "application/json", "{\"name\":\"mine\"}".getBytes()),
                x.delete("/api/lists/" + id), x.post("/api/lists/" + id + "/restore", Map.of()), x.get("/api/lists/" + id + "/doc"),
                x.post("/api/lists/" + id + "/items", Map.of("title", "x")),
                x.raw("PATCH", "/api/lists/" + id + "/items/" + item, "application/json", "{\"done\":true}".getBytes()),
                x.delete("/api/lists/" + id + "/items/" + item), x.get("/api/lists/" + id + "/members"),
                x.post("/api/lists/" + id + "/members", Map.of("user", s.username(), "role", "editor")),
                x.post("/api/lists/" + id + "/leave", Map.of()), x.get("/api/lists/" + id + "/invites"),
                x.post("/api/lists/" + id + "/invites", Map.of("role", "editor")));
        for (Api.Res r : answers) assertThat(r.status()).as(r.toString()).isEqualTo(404);
        try (WsTestClient ws = live(s)) {
            assertThat(ws.call("list.open", Map.of("listId", id)).path("code").asText()).isEqualTo("not_found");
            assertThat(ws.call("list.update", Map.of("listId", id, "update", b64(new byte[]{1, 2}))).path("code").asText()).isEqualTo("not_found");
        }
        assertThat(details(ana, id).path("items").findValuesAsText("title")).containsExactly("secret");
    }

    @Test
    void inviteLinksCarryARoleAndCanBeRevokedOrExpire() {
        Account ana = api.signup("ana"), bo = api.signup("bo"), cy = api.signup("cy"), di = api.signup("di");
        String id = list(ana, "Linked");
        JsonNode viewer = as(ana).post("/api/lists/" + id + "/invites", Map.of("role", "viewer")).json();
        assertThat(viewer.path("url").asText()).endsWith(viewer.path("token").asText());
        assertThat(as(bo).get("/api/lists/invites/" + viewer.path("token").asText()).json().path("role").asText()).isEqualTo("viewer");
        assertThat(as(bo).post("/api/lists/invites/" + viewer.path("token").asText() + "/accept", Map.of()).status()).isEqualTo(201);
        assertThat(as(bo).post("/api/lists/invites/" + viewer.path("token").asText() + "/accept", Map.of()).status()).isEqualTo(200);
        assertThat(details(bo, id).path("list").path("role").asText()).isEqualTo("viewer");
        assertThat(as(ana).delete("/api/lists/" + id + "/invites/" + viewer.path("id").asText()).status()).isEqualTo(204);
        assertThat(as(cy).post("/api/lists/invites/" + viewer.path("token").asText() + "/accept", Map.of()).status()).isEqualTo(404);

        JsonNode soon = as(ana).post("/api/lists/" + id + "/invites", Map.of("role", "editor", "expiresAt", clock.instant().plusSeconds(60).toString())).json();
        clock.advance(Duration.ofSeconds(61));
        Api.Res late = as(di).post("/api/lists/invites/" + soon.path("token").asText() + "/accept", Map.of());
        assertThat(late.status()).isEqualTo(410);
        assertThat(late.code()).isEqualTo("link_expired");
        assertThat(as(di).get("/api/lists/" + id).status()).isEqualTo(404);
        assertField(as(ana).post("/api/lists/" + id + "/invites", Map.of("role", "owner")), 422, "role");
        assertThat(as(bo).post("/api/lists/" + id + "/invites", Map.of("role", "editor")).code()).isEqualTo("not_owner");
    }

    @Test
    void ownerChangesRolesTransfersOwnershipAndMembersLeave() {
        Account ana = api.signup("ana"), bo = api.signup("bo"), cy = api.signup("cy");
        String id = list(ana, "Handover");
        share(ana, id, bo, "viewer");
        Api.Res byEmail = as(ana).post("/api/lists/" + id + "/members", Map.of("user", cy.username().toUpperCase() + "@example.org", "role", "editor"));
        assertThat(byEmail.status()).as(byEmail.toString()).isEqualTo(201);
        assertField(as(ana).post("/api/lists/" + id + "/members", Map.of("user", "nobody-here@example.org", "role", "editor")), 422, "user");
        assertThat(as(ana).post("/api/lists/" + id + "/members", Map.of("user", bo.username(), "role", "editor")).code()).isEqualTo("already_member");
        assertThat(as(bo).post("/api/lists/" + id + "/items", Map.of("title", "x")).code()).isEqualTo("read_only");
        assertThat(as(ana).raw("PATCH", "/api/lists/" + id + "/members/" + bo.id(), "application/json", "{\"role\":\"editor\"}".getBytes()).status()).isEqualTo(200);
        assertThat(as(bo).post("/api/lists/" + id + "/items", Map.of("title", "now I can")).status()).isEqualTo(201);
        assertThat(as(ana).post("/api/lists/" + id + "/leave", Map.of()).code()).isEqualTo("owner_cannot_leave");
        assertThat(as(ana).post("/api/lists/" + id + "/owner", Map.of("userId", bo.id())).status()).isEqualTo(200);
        assertThat(details(bo, id).path("list").path("role").asText()).isEqualTo("owner");
        assertThat(as(ana).post("/api/lists/" + id + "/leave", Map.of()).status()).isEqualTo(204);
        assertThat(as(ana).get("/api/lists/" + id).status()).isEqualTo(404);
        assertThat(as(bo).get("/api/lists/" + id + "/members").json().path("members").findValuesAsText("role")).containsExactlyInAnyOrder("owner", "editor");
    }

    /** The stored document's bytes as the server's replica has them ({@code GET /api/lists/{id}/doc}). */
    @Test
    void viewersAndCaretsReachTheOtherViewersOnly() {
        Account ana = api.signup("ana"), bo = api.signup("bo"), cy = api.signup("cy");
        String id = list(ana, "Presence");
        share(ana, id, bo, "viewer");
        share(ana, id, cy, "editor");
        String item = addItem(ana, id, "title", "Typing here").path("id").asText();
        try (Client a = client(ana, id); Client b = client(bo, id); WsTestClient notOpen = live(cy)) {
            a.ws.awaitEvent("list.viewers", d -> d.path("viewers").size() == 2);
            b.ws.ack("list.presence", Map.of("listId", id, "itemId", item, "field", "title", "index", 6, "length", 0));
            JsonNode caret = a.ws.awaitEvent("list.presence", d -> d.path("userId").asText().equals(bo.id()));
            assertThat(caret.path("itemId").asText()).isEqualTo(item);
            assertThat(caret.path("index").asInt()).isEqualTo(6);
            notOpen.sync();
            assertThat(notOpen.events("list.presence")).as("a member who has not opened the list").isEmpty();
            JsonNode bad = b.ws.call("list.presence", Map.of("listId", id, "itemId", item, "field", "colour", "index", 0, "length", 0));
            assertThat(bad.path("code").asText()).isEqualTo("validation_failed");
            assertThat(notOpen.call("list.presence", Map.of("listId", id, "index", 0)).path("code").asText()).isEqualTo("not_found");
            b.ws.ack("list.close", Map.of("listId", id));
            a.ws.awaitEvent("list.viewers", d -> d.path("viewers").size() == 1);
        }
    }

    @Test
    void aServerRestartLosesNoAcknowledgedUpdate() {
        Account ana = api.signup("ana");
        String id = list(ana, "Durable");
        byte[] expected;
        List<String> items = new ArrayList<>();
        try (Client c = client(ana, id)) {
            for (int i = 0; i < 30; i++) {
                String item = "i" + i;
                items.add(item);
                c.write(e -> {
                    e.insertItem(c.doc.itemIds().size(), item);
                    e.insertText("title:" + item, 0, "Item " + item);
                });
            }
            c.write(e -> e.setField("i3", "due", "{\"date\":\"2030-01-01\"}"));
            expected = c.doc.snapshot();
        }
        {
            var other = restarted();
            Api.Res r = other.api().as(ana.accessToken()).get("/api/lists/" + id);
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            List<String> titles = new ArrayList<>();
            r.json().path("items").forEach(i -> titles.add(i.path("title").asText()));
            assertThat(titles).containsExactlyElementsOf(items.stream().map(i -> "Item " + i).toList());
            assertThat(r.json().path("items").get(3).path("due").path("date").asText()).isEqualTo("2030-01-01");
            try (WsTestClient ws = WsTestClient.ready(other.baseUrl(), ana.accessToken())) {
                ws.ack("resume", Map.of());
                JsonNode opened = ws.ack("list.open", Map.of("listId", id));
                ListDocument fresh = replica(999);
                fresh.load(java.util.Base64.getDecoder().decode(opened.path("snapshot").asText()));
                assertThat(fresh.snapshot()).isEqualTo(expected);
                assertThat(opened.path("seq").asLong()).isEqualTo(31);
            }
        }
    }

    @Test
    void aReconnectingClientResumesTheListStreamFromItsSeq() {
        Account ana = api.signup("ana"), bo = api.signup("bo");
        String id = list(ana, "Resumable");
        share(ana, id, bo, "editor");
        long held;
        try (Client b = client(bo, id)) {
            held = b.write(e -> e.insertItem(0, "first"));
        }
        for (int i = 0; i < 12; i++) addItem(ana, id, "title", "while away " + i);
        long last = details(ana, id).path("seq").asLong();
        assertThat(last).isEqualTo(held + 12);
        try (WsTestClient ws = WsTestClient.ready(server.baseUrl(), bo.accessToken())) {
            JsonNode ack = ws.ack("resume", Map.of("streams", Map.of("list." + id, held)));
            assertThat(ack.path("streams").get(0).path("status").asText()).isEqualTo("replayed");
            List<Long> got = ws.events("list.update").stream().map(f -> f.path("data").path("seq").asLong()).toList();
            assertThat(got).containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(held + 1, last).boxed().toList());
        }
    }

    @Test
    void anAttachmentIsAnUploadOfTheSenderAndMembersCanReadIt() throws Exception {
        Account ana = api.signup("ana"), bo = api.signup("bo"), s = api.signup("stranger");
        String id = list(ana, "With photos");
        share(ana, id, bo, "viewer");
        String item = addItem(ana, id, "title", "Receipt").path("id").asText();
        String mediaId = uploadPng(as(ana));
        String othersMedia = uploadPng(as(s));
        try (Client c = client(ana, id)) {
            c.write(e -> e.setField(item, "att:" + mediaId, "{\"mediaId\":\"" + mediaId + "\",\"by\":\"" + ana.id() + "\"}"));
            ListDocument scratch = replica(c.doc.replica());
            scratch.load(c.doc.snapshot());
            JsonNode refused = c.send(scratch.edit(e -> e.setField(item, "att:" + othersMedia, "{\"mediaId\":\"" + othersMedia + "\",\"by\":\"" + ana.id() + "\"}")));
            assertThat(refused.path("code").asText()).as(refused.toString()).isEqualTo("bad_update");
            assertThat(refused.path("errors").findValuesAsText("field")).containsExactly("att:" + othersMedia);
        }
        JsonNode d = details(bo, id);
        assertThat(d.path("items").get(0).path("attachmentIds").findValuesAsText("")).isEmpty();
        assertThat(d.path("items").get(0).path("attachmentIds").get(0).asText()).isEqualTo(mediaId);
        assertThat(d.path("media").findValuesAsText("id")).containsExactly(mediaId);
        assertThat(as(bo).get("/api/media/" + mediaId).status()).as("a member reads it").isEqualTo(200);
        assertThat(as(s).get("/api/media/" + mediaId).status()).as("a stranger does not").isEqualTo(404);
        Api.Res byRest = as(ana).post("/api/lists/" + id + "/items/" + item + "/attachments", Map.of("mediaId", uploadPng(as(ana))));
        assertThat(byRest.status()).as(byRest.toString()).isEqualTo(201);
        assertThat(byRest.json().path("item").path("attachmentIds")).hasSize(2);
        assertThat(as(ana).delete("/api/lists/" + id + "/items/" + item + "/attachments/" + mediaId).status()).isEqualTo(204);
        assertThat(details(ana, id).path("items").get(0).path("attachmentIds")).hasSize(1);
    }

    static String uploadPng(Api as) throws Exception {
        var img = new java.awt.image.BufferedImage(16, 12, java.awt.image.BufferedImage.TYPE_INT_RGB);
        img.setRGB(3, 4, 0xff8800);
        var out = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(img, "png", out);
        byte[] bytes = out.toByteArray();
        JsonNode t = as.post("/api/media/uploads", Map.of("fileName", "receipt.png", "contentType", "image/png", "size", bytes.length)).json();
        var put = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(as.base()).resolve(t.path("uploadUrl").asText()))
                .header("Content-Type", "image/png").PUT(java.net.http.HttpRequest.BodyPublishers.ofByteArray(bytes)).build(),
                java.net.http.HttpResponse.BodyHandlers.discarding());
        assertThat(put.statusCode()).isEqualTo(204);
        Api.Res done = as.post("/api/media/" + t.path("mediaId").asText() + "/complete", Map.of());
        assertThat(done.status()).as(done.toString()).isEqualTo(200);
        return t.path("mediaId").asText();
    }

    /** Another server process on the same database (its replica starts from the store, nothing in memory). */
    abstract io.juntos.testing.TestServer restarted();

    byte[] doc(Account a, String id) {
        try {
            var r = java.net.http.HttpClient.newHttpClient().send(as(a).builder("/api/lists/" + id + "/doc").GET().build(),
                    java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("X-List-Seq")).isPresent();
            return r.body();
        } catch (java.io.IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
