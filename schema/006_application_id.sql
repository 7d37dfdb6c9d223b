-- 006: marks the file as a fundtrack database in SQLite's header
-- (https://www.sqlite.org/pragma.html#pragma_application_id), so fundtrack
-- can tell its own databases from those of other programs and never
-- writes its tables into a foreign file (issue 12 item 5). The value is
-- the ASCII of "fTrk"; store.c (FT_APPLICATION_ID) checks it. Older
-- fundtrack databases (user_version 1 to 5) are recognised by their
-- tables and get the mark here.
PRAGMA application_id = 1716810347;
