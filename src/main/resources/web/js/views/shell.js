// The signed-in frame: navigation rail on wide screens, tab bar on phones, and the view outlet.
// The navigation entries and their badges come from the features (registry.js).
import { h } from '../dom.js';
import { icon } from '../icons.js';
import { avatar } from '../avatar.js';
import { session } from '../session.js';
import { navigation, badge, onBadge, home } from '../registry.js';
import { signOut } from './auth.js';

export class Shell {
  constructor(root) {
    this.items = new Map();
    this.badges = new Map();
    const nav = navigation().map((n) => {
      const count = h('span', { class: 'badge', hidden: true, 'aria-label': n.badgeLabel || `new in ${n.label}` });
      const a = h('a', { class: 'nav-item', href: n.href, dataset: { nav: n.key } }, icon(n.icon, { cls: 'icon-lg' }), h('span', { text: n.label }), count);
      this.items.set(n.key, a);
      this.badges.set(n.key, count);
      this.setBadge(n.key, badge(n.key));
      return a;
    });
    this.unbadge = onBadge((key, n) => this.setBadge(key, n));
    this.me = h('a', { class: 'nav-item nav-me', href: '#/profile', 'aria-label': 'Your profile' });
    this.rail = h('nav', { class: 'rail', 'aria-label': 'Main' },
      h('a', { class: 'brand-mark small', href: `#${home()}`, 'aria-label': 'Juntos home' }, icon('logo')),
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
    // Immersive routes (an open conversation on a phone) take the whole screen, without the tab bar.
    this.el.classList.toggle('immersive', Boolean(r.immersive?.(r.params)));
  }

  setBadge(key, n) {
    const el = this.badges.get(key);
    if (!el) return;
    el.hidden = !n;
    el.textContent = n > 99 ? '99+' : String(n);
  }

  refreshUser() {
    const u = session.user;
    if (u) this.me.replaceChildren(avatar(u, { size: 'sm' }));
  }

  destroy() {
    this.unbadge();
    this.el.remove();
  }
}
