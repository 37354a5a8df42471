-- The project's own id (as a project file has one): the same project
-- reached by two URLs (localhost and 127.0.0.1, two members' logins) is
-- told by it, not by the URLs' text, so that a merge of a server project
-- into itself is refused whichever way each side names it.
INSERT INTO project (key, value) VALUES ('id', gen_random_uuid()::text) ON CONFLICT (key) DO NOTHING;
