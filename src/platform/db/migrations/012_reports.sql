-- Reports to Parliament, frozen: the files of each report as they were made, so the published
-- report is exactly the bytes whose SHA-256 the change log records.
create table report_files (
  government_slug text not null,
  kind text not null check (kind in ('annual')),
  as_at date not null,
  name text not null,
  media_type text not null,
  bytes bytea not null,
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  primary key (government_slug, kind, as_at, name)
);
