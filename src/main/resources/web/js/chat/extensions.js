// Extension point for other features around a conversation's composer (reply suggestions…):
// each registered function gets {conversationId, composer, realtime} when a thread opens and
// returns {el, destroy} or null. Chat imports no feature; features register here.
const composerExtensions = [];

export function extendComposer(fn) {
  composerExtensions.push(fn);
}

export function mountComposerExtensions(ctx) {
  const out = [];
  for (const fn of composerExtensions) {
    try {
      const ext = fn(ctx);
      if (ext) out.push(ext);
    } catch (e) {
      console.error('composer extension failed', e);
    }
  }
  return out;
}

// Extension point for the conversation header (a call button…): each function gets
// {conversationId, realtime} and returns {el, destroy} or null; the element sits beside the
// members button.
const headerExtensions = [];

export function extendHeader(fn) {
  headerExtensions.push(fn);
}

export function mountHeaderExtensions(ctx) {
  const out = [];
  for (const fn of headerExtensions) {
    try {
      const ext = fn(ctx);
      if (ext) out.push(ext);
    } catch (e) {
      console.error('header extension failed', e);
    }
  }
  return out;
}
