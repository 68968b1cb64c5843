-- chat (issue 15): a member may archive a conversation for themselves (the list shows it in an
-- "Archived" section). Per member, so it is a column of the membership; null = not archived.
-- Muting is not here: it is the push feature's per-conversation mute (push_mutes, scope 'conv.<id>').
ALTER TABLE conversation_members ADD COLUMN archived_at BIGINT;
