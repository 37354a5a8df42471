-- Blind mode hides colleagues' document statuses from annotators too
-- (issue 17).
--
-- A status (to do, in progress, done) is part of a person's work on a
-- document. Blind mode kept its live notifications from colleagues
-- (005, 010), but the rows stayed readable: 002's read policy on
-- doc_status is USING (true), and 003 gave the layers' read rule to
-- annotations, relations, document labels and history only. So an
-- annotator in blind mode read who had finished which document (psql,
-- margin progress, the window's person filter). The read policy is now
-- 012's layer rule (may_read): an annotator in blind mode reads their
-- own statuses; curators, leads and the owner read all, and nothing
-- changes outside blind mode. Written, as in 012, with the lookups as
-- scalar subqueries, planned with the statement and run once per
-- statement instead of a function call per row.
ALTER POLICY read ON doc_status USING (
    (SELECT kind FROM members WHERE role = current_user) IS DISTINCT FROM 'annotator'
    OR NOT (SELECT COALESCE((SELECT value = 'on' FROM team_settings WHERE key = 'blind'), false))
    OR annotator = (SELECT person FROM members WHERE role = current_user));
