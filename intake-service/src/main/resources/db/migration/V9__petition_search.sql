-- Full-text search of petitions (检索, issue #22). Chinese is written without spaces, so no word-based text search
-- configuration fits it without a segmenter PostgreSQL lacks; pg_trgm's trigram index serves substring matches
-- (LIKE '%term%') in any script. pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it.
create extension if not exists pg_trgm;

-- What search matches against: summary and text in one normalised form (NFKC folds full-width letters, digits and
-- punctuation into their ordinary forms; lower-case folds Latin case), kept by PostgreSQL itself on every insert
-- and update, so the index never lags the petition. PetitionSearch normalises the query the same way.
alter table petition add column search_text text
    generated always as (lower(normalize(summary || E'\n' || coalesce(content, ''), NFKC))) stored;

create index petition_search_text_trgm on petition using gin (search_text gin_trgm_ops);
