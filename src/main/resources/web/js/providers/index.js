// Sign-in with identity providers, web part: the landing after the provider and the "choose a
// username" step (public routes). The sign-in buttons and the profile's linked accounts card are
// hooked into the account views from views/providers.js.
import { feature } from '../registry.js';
import * as providers from '../views/providers.js';

feature({
  id: 'providers',
  routes: [
    { path: '/oidc/done', public: true, mount: providers.done, title: 'Signing in' },
    { path: '/oidc/username', public: true, mount: providers.chooseUsername, title: 'Choose a username' },
  ],
});
