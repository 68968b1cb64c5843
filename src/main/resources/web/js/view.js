// The one lifecycle of every view: mount(root, params, route) renders into `root` and returns an
// instance with update(params, route) (the same view with other params: keep what is on screen,
// such as a playing video or a half-typed message) and destroy() (unsubscribe, stop timers).
// Either may be missing; a view that returns a function gets it as destroy.

/** Mounts a view and returns its instance, with both methods always present. */
export function mountView(mount, root, params, route) {
  const made = mount(root, params, route);
  if (typeof made === 'function') return { update: null, destroy: made };
  return {
    update: typeof made?.update === 'function' ? made.update.bind(made) : null,
    destroy: typeof made?.destroy === 'function' ? made.destroy.bind(made) : () => {},
  };
}
