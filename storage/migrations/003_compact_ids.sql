-- Annotation ids that are canonical UUIDs (lower-case 8-4-4-4-12 hex,
-- every id Margin makes) are stored as their 16 bytes instead of 36
-- characters, in annotations.id and in the relations that refer to them;
-- other ids (kept from other tools) stay text. SQLite keeps a BLOB as it
-- is in a column declared TEXT, so no table is rebuilt. storage/ids.go
-- converts both ways; see there for why.
PRAGMA defer_foreign_keys = ON;

UPDATE annotations SET id = unhex(replace(id, '-', ''))
WHERE typeof(id) = 'text' AND length(id) = 36 AND id = lower(id)
  AND substr(id, 9, 1) = '-' AND substr(id, 14, 1) = '-' AND substr(id, 19, 1) = '-' AND substr(id, 24, 1) = '-'
  AND length(replace(id, '-', '')) = 32 AND unhex(replace(id, '-', '')) IS NOT NULL;

UPDATE relations SET from_id = unhex(replace(from_id, '-', ''))
WHERE typeof(from_id) = 'text' AND length(from_id) = 36 AND from_id = lower(from_id)
  AND substr(from_id, 9, 1) = '-' AND substr(from_id, 14, 1) = '-' AND substr(from_id, 19, 1) = '-' AND substr(from_id, 24, 1) = '-'
  AND length(replace(from_id, '-', '')) = 32 AND unhex(replace(from_id, '-', '')) IS NOT NULL;

UPDATE relations SET to_id = unhex(replace(to_id, '-', ''))
WHERE typeof(to_id) = 'text' AND length(to_id) = 36 AND to_id = lower(to_id)
  AND substr(to_id, 9, 1) = '-' AND substr(to_id, 14, 1) = '-' AND substr(to_id, 19, 1) = '-' AND substr(to_id, 24, 1) = '-'
  AND length(replace(to_id, '-', '')) = 32 AND unhex(replace(to_id, '-', '')) IS NOT NULL;
