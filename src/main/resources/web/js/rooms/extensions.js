// Extension point for the room header (the call button beside the video): each function gets
// {roomId, realtime} and returns {el, destroy} or null. Rooms imports no feature; features register here.
const headerExtensions = [];

export function extendRoomHeader(fn) {
  headerExtensions.push(fn);
}

export function mountRoomHeaderExtensions(ctx) {
  const out = [];
  for (const fn of headerExtensions) {
    try {
      const ext = fn(ctx);
      if (ext) out.push(ext);
    } catch (e) {
      console.error('room header extension failed', e);
    }
  }
  return out;
}
