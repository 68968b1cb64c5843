package io.juntos.oidc;

import io.juntos.activity.ActivityLog;
import io.juntos.auth.AuthService;
import io.juntos.auth.Users;
import io.juntos.http.ApiException;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

import static io.juntos.oidc.SigninProblem.Reason.ACCOUNT_EXISTS;
import static io.juntos.oidc.SigninProblem.Reason.CONSENT_REFUSED;
import static io.juntos.oidc.SigninProblem.Reason.IDENTITY_TAKEN;
import static io.juntos.oidc.SigninProblem.Reason.PROVIDER_ALREADY_LINKED;
import static io.juntos.oidc.SigninProblem.Reason.PROVIDER_ERROR;

/**
 * Sign-in and linking through identity providers: starts a flow (state, nonce, PKCE verifier kept
 * server-side and bound to the browser), finishes it at the callback, and turns the verified
 * identity into a session through {@link AuthService}, so the session is the same as a password one.
 * An existing account is never signed into because a provider claims its e-mail: that person
 * signs in with their password and links the provider from the profile.
 */
final class OidcService {
    private static final Logger log = LoggerFactory.getLogger(OidcService.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration PENDING_TTL = Duration.ofMinutes(15);

    private final Map<String, Provider> providers;
    private final Flows flows;
    private final Identities identities;
    private final AuthService auth;
    private final Users users;
    private final ActivityLog activity;
    private final Jdbi jdbi;
    private final URI publicUrl;
    private final Duration flowTtl;
    private final Clock clock;

    OidcService(Map<String, Provider> providers, Flows flows, Identities identities, AuthService auth, Users users, ActivityLog activity,
                Jdbi jdbi, URI publicUrl, Duration flowTtl, Clock clock) {
        this.providers = providers;
        this.flows = flows;
        this.identities = identities;
        this.auth = auth;
        this.users = users;
        this.activity = activity;
        this.jdbi = jdbi;
        this.publicUrl = publicUrl;
        this.flowTtl = flowTtl;
        this.clock = clock;
    }

    /** Where the provider sends the browser back: register exactly this URL at the provider. */
    URI redirectUri(String provider) {
        String base = publicUrl.toString().replaceAll("/+$", "");
        return URI.create(base + "/api/auth/oidc/" + provider + "/callback");
    }

    Provider provider(String name) {
        Provider p = providers.get(name);
        if (p == null) throw ApiException.notFound("Provider");
        return p;
    }

    /** What the browser needs to start: the provider's URL, and the binding to keep in its cookie. */
    record Started(URI authorizationUrl, String binding) {
    }

    /** Starts a sign-in (userId null) or a link (userId of the signed-in user). Reuses the browser's binding if it has one. */
    Started start(String providerName, Flows.Purpose purpose, String userId, String binding) {
        Provider p = provider(providerName);
        String b = binding != null && binding.matches("[A-Za-z0-9_-]{43}") ? binding : random(32);
        String state = random(32);
        String nonce = random(32);
        String verifier = random(48);
        URI url = p.authorizationUrl(state, nonce, verifier, redirectUri(providerName));
        long now = clock.millis();
        flows.create(new Flows.Flow(state, FlowRules.hash(b), providerName, purpose, userId, nonce, verifier, now,
                now + flowTtl.toMillis(), null, null), now);
        return new Started(url, b);
    }

    /** What a callback ended in; the feature turns each into a redirect. */
    sealed interface Outcome {
        record SignedIn(AuthService.Grant grant) implements Outcome {
        }

        record NeedsUsername() implements Outcome {
        }

        record Linked(String provider) implements Outcome {
        }

        record Failed(SigninProblem.Reason reason, Flows.Purpose purpose) implements Outcome {
        }
    }

    /** The provider's answer: {@code code} or {@code error}, with {@code state}; {@code binding} from the cookie. */
    record Callback(String code, String error, String state, String binding) {
    }

    Outcome finish(String providerName, Callback cb, AuthService.ClientInfo client) {
        Provider p = provider(providerName);
        Optional<Flows.Flow> found = cb.state() == null || cb.state().length() > 64 ? Optional.empty() : flows.byState(cb.state());
        Flows.Purpose purpose = found.map(Flows.Flow::purpose).orElse(Flows.Purpose.SIGNIN);
        try {
            long now = clock.millis();
            Flows.Flow flow = FlowRules.admit(found, cb.binding(), providerName, now);
            if (!flows.markUsed(flow.state(), now)) throw new SigninProblem(SigninProblem.Reason.FLOW_USED, "flow already used");
            if (cb.error() != null) {
                throw new SigninProblem("access_denied".equals(cb.error()) ? CONSENT_REFUSED : PROVIDER_ERROR, providerName + ": provider said " + cb.error());
            }
            if (cb.code() == null || cb.code().isBlank() || cb.code().length() > 2048) throw new SigninProblem(PROVIDER_ERROR, "callback without a code");
            Provider.Identity who = p.identify(cb.code(), flow.nonce(), flow.verifier(), redirectUri(providerName));
            return switch (flow.purpose()) {
                case SIGNIN -> signin(p, flow, who, client);
                case LINK -> link(p, flow, who, client);
            };
        } catch (SigninProblem e) {
            log.warn("oidc provider={} purpose={} refused reason={} ({})", providerName, purpose, e.reason().code(), e.getMessage());
            return new Outcome.Failed(e.reason(), purpose);
        }
    }

    private Outcome signin(Provider p, Flows.Flow flow, Provider.Identity who, AuthService.ClientInfo client) {
        String provider = p.settings().name();
        Optional<String> owner = identities.ownerOf(provider, who.subject());
        if (owner.isPresent()) return new Outcome.SignedIn(auth.signinVerified(owner.get(), provider, client));
        // No takeover: whether or not the provider verified it, an e-mail already in use belongs to
        // someone who must prove it with their password before linking this provider.
        if (who.email() != null && users.emailInUse(who.email())) {
            throw new SigninProblem(ACCOUNT_EXISTS, provider + ": the e-mail belongs to an existing account");
        }
        String fullName = Usernames.fullName(who);
        java.util.List<String> candidates = Usernames.candidates(who);
        if (!candidates.isEmpty() && users.usernameFree(candidates.getFirst())) {
            try {
                return new Outcome.SignedIn(create(provider, who, candidates.getFirst(), fullName, client));
            } catch (ApiException e) {
                if (!"username_taken".equals(e.code())) throw e;
                // Taken between the check and the insert: let the person choose.
            }
        }
        String suggestion = Usernames.suggest(candidates, users::usernameFree);
        flows.keepPending(flow.state(), new Flows.Pending(who.subject(), who.verifiedEmail(), fullName, suggestion),
                clock.millis() + PENDING_TTL.toMillis());
        return new Outcome.NeedsUsername();
    }

    private AuthService.Grant create(String provider, Provider.Identity who, String username, String fullName, AuthService.ClientInfo client) {
        return auth.signupVerified(new AuthService.VerifiedSignup(username, fullName, who.verifiedEmail(), provider), client,
                (h, userId) -> identities.link(h, provider, who.subject(), userId, who.email(), clock.millis()));
    }

    private Outcome link(Provider p, Flows.Flow flow, Provider.Identity who, AuthService.ClientInfo client) {
        String provider = p.settings().name();
        Optional<String> owner = identities.ownerOf(provider, who.subject());
        if (owner.isPresent()) {
            if (owner.get().equals(flow.userId())) return new Outcome.Linked(provider);
            throw new SigninProblem(IDENTITY_TAKEN, provider + ": the provider account is linked to another user");
        }
        if (identities.of(flow.userId()).stream().anyMatch(l -> l.provider().equals(provider))) {
            throw new SigninProblem(PROVIDER_ALREADY_LINKED, provider + ": the user has another account of this provider linked");
        }
        jdbi.useTransaction(h -> {
            identities.link(h, provider, who.subject(), flow.userId(), who.email(), clock.millis());
            activity.append(h, flow.userId(), "auth.provider_linked", Map.of("provider", provider), client.ip());
        });
        return new Outcome.Linked(provider);
    }

    /** The pending sign-up of this browser, for the "choose a username" step. */
    Flows.Flow pending(String binding) {
        if (binding == null) throw notPending();
        return flows.pendingOf(FlowRules.hash(binding), clock.millis()).orElseThrow(OidcService::notPending);
    }

    AuthService.Grant completePending(String binding, String username, AuthService.ClientInfo client) {
        Flows.Flow f = pending(binding);
        Flows.Pending p = f.pending();
        if (identities.ownerOf(f.provider(), p.subject()).isPresent()) throw notPending();
        AuthService.Grant g = auth.signupVerified(new AuthService.VerifiedSignup(username == null ? "" : username.strip(), p.name(), p.email(), f.provider()),
                client, (h, userId) -> {
                    identities.link(h, f.provider(), p.subject(), userId, p.email(), clock.millis());
                    flows.delete(h, f.state());
                });
        return g;
    }

    private static ApiException notPending() {
        return new ApiException(410, "flow_expired", "This sign-in has expired. Start again from the sign-in page.", java.util.List.of(), null);
    }

    java.util.List<Identities.Linked> linked(String userId) {
        return identities.of(userId);
    }

    /** A provider's display name; a provider no longer configured keeps its key as its name. */
    String displayName(String provider) {
        Provider p = providers.get(provider);
        return p == null ? provider : p.settings().displayName();
    }

    /** Unlinks a provider; refuses to remove the last way into an account without a password. */
    void unlink(String userId, String provider, AuthService.ClientInfo client) {
        boolean hasPassword = users.hasPassword(userId);
        jdbi.useTransaction(h -> {
            var linked = identities.providersOf(h, userId);
            if (!linked.contains(provider)) throw ApiException.notFound("Linked account");
            if (linked.size() == 1 && !hasPassword) {
                throw ApiException.conflict("last_credential", "provider",
                        "This is the only way into your account. Set a password first, then unlink it.");
            }
            identities.unlink(h, userId, provider);
            activity.append(h, userId, "auth.provider_unlinked", Map.of("provider", provider), client.ip());
        });
    }

    static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

}
