import { extensionPoint } from '../extension-point.js';

// Extension point for other features around a conversation's composer (reply suggestions…):
// each registered function gets {conversationId, composer, realtime} when a thread opens and
// returns {el, destroy} or null. Chat imports no feature; features register here.
const composer = extensionPoint('composer');
export const extendComposer = composer.extend;
export const mountComposerExtensions = composer.mount;

// Extension point for the conversation header (a call button…): each function gets
// {conversationId, realtime} and returns {el, destroy} or null; the element sits beside the
// members button.
const header = extensionPoint('header');
export const extendHeader = header.extend;
export const mountHeaderExtensions = header.mount;
