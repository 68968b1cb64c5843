-- A deleted account keeps its users row as a tombstone: messages, conversations, rooms and media
-- reference users(id), and the people someone talked to must still read those conversations. The
-- row is emptied (name "Deleted account", no e-mail, no password, no picture) and marked here.
ALTER TABLE users ADD COLUMN deleted_at BIGINT;
