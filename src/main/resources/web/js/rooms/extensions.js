// Extension point for the room header (the call button beside the video): each function gets
// {roomId, realtime} and returns {el, destroy} or null. Rooms imports no feature; features register here.
import { extensionPoint } from '../extension-point.js';

const header = extensionPoint('room header');
export const extendRoomHeader = header.extend;
export const mountRoomHeaderExtensions = header.mount;
