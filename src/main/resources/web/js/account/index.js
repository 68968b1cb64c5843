// The account feature's web part: signing in and up (public routes), the profile with its
// sessions, and the activity log.
import { feature } from '../registry.js';
import * as auth from '../views/auth.js';
import * as profile from '../views/profile.js';
import * as activity from '../views/activity.js';

feature({
  id: 'account',
  routes: [
    { path: '/signin', public: true, mount: auth.signin, title: 'Sign in' },
    { path: '/signup', public: true, mount: auth.signup, title: 'Create account' },
    { path: '/profile', mount: profile.mount, nav: 'profile', title: 'Profile' },
    { path: '/activity', mount: activity.mount, nav: 'activity', title: 'Activity' },
  ],
  nav: [
    { key: 'activity', href: '#/activity', label: 'Activity', icon: 'activity', order: 80 },
    { key: 'profile', href: '#/profile', label: 'Profile', icon: 'user', order: 90 },
  ],
});
