// The signed-in frame: navigation rail on wide screens, tab bar on phones, and the view outlet.
// The navigation entries and their badges come from the features (registry.js). Rendered with
// lit-html (docs/web-client.md): render() may run at any time, and only what changed is touched;
// the outlet element is created once and never re-rendered, so the mounted view is left alone.
import { html, render, nothing } from '../lit.js';
import { iconT } from '../icons.js';
import { avatar } from '../avatar.js';
import { session } from '../session.js';
import { navigation, badge, onBadge, onFeature, home } from '../registry.js';
import { signOut } from './auth.js';

export class Shell {
  constructor(root) {
    this.route = null;
    this.el = document.createElement('div');
    this.el.className = 'shell';
    this.outlet = document.createElement('main');
    this.outlet.className = 'main';
    this.outlet.id = 'main';
    this.outlet.tabIndex = -1;
    this.meAvatar = null;
    this.meKey = null;
    this.unsubs = [onBadge(() => this.render()), onFeature(() => this.render())];
    root.append(this.el);
    this.refreshUser();
  }

  setRoute(r) {
    this.route = r;
    this.render();
  }

  refreshUser() {
    const u = session.user;
    // The avatar node loads its picture asynchronously: keep it until the user's picture or name changes.
    const key = u ? `${u.id}|${u.avatarUrl || ''}|${u.fullName || ''}` : null;
    if (key !== this.meKey) {
      this.meKey = key;
      this.meAvatar = u ? avatar(u, { size: 'sm' }) : null;
    }
    this.render();
  }

  render() {
    const r = this.route;
    // Immersive routes (an open conversation on a phone) take the whole screen, without the tab bar.
    this.el.classList.toggle('immersive', Boolean(r?.immersive?.(r.params)));
    const item = (n) => {
      const count = badge(n.key);
      return html`<a class="nav-item" href=${n.href} data-nav=${n.key} aria-current=${n.key === r?.nav ? 'page' : nothing}
        >${iconT(n.icon, { cls: 'icon-lg' })}<span>${n.label}</span><span class="badge" ?hidden=${!count}
        aria-label=${n.badgeLabel || `new in ${n.label}`}>${count > 99 ? '99+' : String(count)}</span></a>`;
    };
    render(html`<nav class="rail" aria-label="Main">
        <a class="brand-mark small" href=${`#${home()}`} aria-label="Juntos home">${iconT('logo')}</a>
        ${navigation().map(item)}
        <div class="rail-spacer"></div>
        <button type="button" class="nav-item" data-action="signout" @click=${() => signOut()}>${iconT('logout', { cls: 'icon-lg' })}<span>Sign out</span></button>
        <a class="nav-item nav-me" href="#/profile" aria-label="Your profile">${this.meAvatar ?? nothing}</a>
      </nav>${this.outlet}`, this.el);
  }

  destroy() {
    this.unsubs.forEach((u) => u());
    this.el.remove();
  }
}
