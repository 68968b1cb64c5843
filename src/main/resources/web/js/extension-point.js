// A place where other features add UI to a feature's view without the feature importing them
// (chat's composer and header, a room's header). Each registered function gets the view's
// context and returns {el, destroy} or null; one that throws is logged and skipped, so a broken
// extension never takes the host view down with it.
export function extensionPoint(name) {
  const fns = [];
  return {
    extend(fn) {
      fns.push(fn);
    },
    mount(ctx) {
      const out = [];
      for (const fn of fns) {
        try {
          const ext = fn(ctx);
          if (ext) out.push(ext);
        } catch (e) {
          console.error(`${name} extension failed`, e);
        }
      }
      return out;
    },
  };
}
