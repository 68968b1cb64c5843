package io.juntos.oidc;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class UsernamesTest {
    @Test
    void proposesFromPreferredUsernameThenNameThenEmail() {
        var who = new Provider.Identity("s", "Joao.Pe@mail.example", true, "João Pé de Feijão", "JP");
        // "jp" is too short to be a username, so the name comes first.
        assertThat(Usernames.candidates(who)).containsExactly("joao.pe.de.feijao", "joao.pe");
    }

    @Test
    void suggestsANumberedNameWhenAllAreTaken() {
        Set<String> taken = Set.of("ana", "ana2", "ana.lima");
        assertThat(Usernames.suggest(List.of("ana", "ana.lima"), u -> !taken.contains(u))).isEqualTo("ana.lima2");
        assertThat(Usernames.suggest(List.of(), u -> true)).isEqualTo("user2");
    }

    @Test
    void fullNameFallsBackAndIsCut() {
        assertThat(Usernames.fullName(new Provider.Identity("s", null, false, null, null))).isEqualTo("New member");
        assertThat(Usernames.fullName(new Provider.Identity("s", null, false, "x".repeat(150), null))).hasSize(100);
    }
}
