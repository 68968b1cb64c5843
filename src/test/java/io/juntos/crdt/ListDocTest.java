package io.juntos.crdt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ListDocTest {

    @Test
    void insertMoveAndRemoveLocally() {
        ListDoc list = new ListDoc(1);
        list.insert(0, "a");
        list.insert(1, "b");
        list.insert(2, "c");
        list.move(0, 2);
        assertThat(list.elements()).containsExactly("b", "c", "a");
        list.move(2, 0);
        assertThat(list.elements()).containsExactly("a", "b", "c");
        list.remove(1);
        assertThat(list.elements()).containsExactly("a", "c");
    }

    @Test
    void concurrentMovesOfOneElementLeaveItInExactlyOnePlace() {
        ListDoc a = new ListDoc(1);
        ListDoc b = new ListDoc(2);
        for (String s : new String[]{"a", "b", "c", "d"}) {
            a.insert(a.size(), s);
        }
        Replicas.sync(a, b);
        a.move(0, 3);
        b.move(0, 1);
        Replicas.sync(a, b);
        assertThat(a.elements()).isEqualTo(b.elements()).hasSize(4).containsOnlyOnce("a", "b", "c", "d");
    }

    @Test
    void concurrentMoveAndRemoveConverge() {
        ListDoc a = new ListDoc(1);
        ListDoc b = new ListDoc(2);
        a.insert(0, "x");
        a.insert(1, "y");
        Replicas.sync(a, b);
        a.move(0, 1);
        b.remove(0);
        Replicas.sync(a, b);
        assertThat(a.elements()).isEqualTo(b.elements());
        assertThat(a.elements()).contains("y");
    }

    @Test
    void listStateTravelsInSnapshots() {
        ListDoc a = new ListDoc(1);
        a.insert(0, "one");
        a.insert(1, "two");
        a.move(1, 0);
        assertThat(ListDoc.fromSnapshot(2, a.encodeSnapshot()).elements()).containsExactly("two", "one");
    }

    @Test
    void observersHearLocalAndRemoteListChanges() {
        ListDoc a = new ListDoc(1);
        ListDoc b = new ListDoc(2);
        java.util.List<ChangeEvent> events = new java.util.ArrayList<>();
        b.observe(events::add);
        a.insert(0, "x");
        Replicas.sync(a, b);
        b.move(0, 0);
        assertThat(events).contains(new ChangeEvent.ListChanged(false), new ChangeEvent.ListChanged(true));
    }

    @Test
    void rejectsDuplicateElementIds() {
        ListDoc a = new ListDoc(1);
        a.insert(0, "one");
        assertThatThrownBy(() -> a.insert(1, "one")).isInstanceOf(IllegalArgumentException.class);
    }
}
