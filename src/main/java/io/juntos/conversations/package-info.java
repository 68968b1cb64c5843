/**
 * Conversations (direct and groups), members and roles, messages with per-conversation sequence
 * numbers, idempotent sending, edits, deletion for everyone, reactions, receipts, typing, presence
 * and search; over REST ({@code openapi/conversations.json}) and gateway frames
 * ({@code docs/protocol.md}). The store is the source of truth: every write commits before it is
 * acknowledged or announced.
 */
package io.juntos.conversations;
