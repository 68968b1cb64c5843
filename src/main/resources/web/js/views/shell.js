// The signed-in frame: navigation rail on wide screens, tab bar on phones, and the view outlet.
import { h } from '../dom.js';
import { icon } from '../icons.js';
import { avatar } from '../avatar.js';
import { session } from '../session.js';
import { signOut } from './auth.js';

const NAV = [
  { key: 'chats', href: '#/chats', label: 'Chats', icon: 'chat' },
  { key: 'activity', href: '#/activity', label: 'Activity', icon: 'activity' },
  { key: 'profile', href: '#/profile', label: 'Profile', icon: 'user' },
];

export class Shell {
  constructor(root) {
    this.items = new Map();
    this.badge = h('span', { class: 'badge', hidden: true, 'aria-label': 'unread conversations' });
    const nav = NAV.map((n) => {
      const a = h('a', { class: 'nav-item', href: n.href, dataset: { nav: n.key } }, icon(n.icon, { cls: 'icon-lg' }), h('span', { text: n.label }));
      if (n.key === 'chats') a.append(this.badge);
      this.items.set(n.key, a);
      return a;
    });
    this.me = h('a', { class: 'nav-item nav-me', href: '#/profile', 'aria-label': 'Your profile' });
    this.rail = h('nav', { class: 'rail', 'aria-label': 'Main' },
      h('a', { class: 'brand-mark small', href: '#/chats', 'aria-label': 'Juntos home' }, icon('logo')),
      nav,
      h('a', { class: 'nav-item', href: '/api.html', target: '_blank', rel: 'noopener' }, icon('book', { cls: 'icon-lg' }), h('span', { text: 'API' })),
      h('div', { class: 'rail-spacer' }),
      h('button', { type: 'button', class: 'nav-item', dataset: { action: 'signout' }, onclick: () => signOut() },
        icon('logout', { cls: 'icon-lg' }), h('span', { text: 'Sign out' })),
      this.me);
    this.outlet = h('main', { class: 'main', id: 'main', tabindex: '-1' });
    this.el = h('div', { class: 'shell' }, this.rail, this.outlet);
    root.append(this.el);
    this.refreshUser();
  }

  setRoute(r) {
    for (const [key, a] of this.items) {
      if (key === r.nav) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    }
    this.el.classList.toggle('in-chat', Boolean(r.chat && r.params.id));
  }

  setUnread(n) {
    this.badge.hidden = !n;
    this.badge.textContent = n > 99 ? '99+' : String(n);
  }

  refreshUser() {
    const u = session.user;
    if (u) this.me.replaceChildren(avatar(u, { size: 'sm' }));
  }

  destroy() {
    this.el.remove();
  }
}
