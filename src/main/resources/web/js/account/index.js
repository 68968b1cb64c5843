// The account feature's web part: signing in and up (public routes), the profile and settings
// (sessions, sign-in details, deletion), the activity log (reached from the profile, not the main
// navigation), other people's profiles, and the not-found page.
import { feature } from '../registry.js';
import * as auth from '../views/auth.js';
import * as profile from '../views/profile.js';
import * as activity from '../views/activity.js';
import * as people from '../views/people.js';

feature({
  id: 'account',
  routes: [
    { path: '/signin', public: true, mount: auth.signin, title: 'Sign in' },
    { path: '/signup', public: true, mount: auth.signup, title: 'Create account' },
    { path: '/profile', mount: profile.mount, nav: 'profile', title: 'Profile' },
    { path: '/activity', mount: activity.mount, nav: 'profile', title: 'Activity' },
    { path: '/people/:id', mount: people.mount, title: 'Profile' },
  ],
  nav: [
    { key: 'profile', href: '#/profile', label: 'Profile', icon: 'user', order: 90 },
  ],
});
