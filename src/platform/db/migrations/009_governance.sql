-- Governance: each mission's board, its stewards' mandate letters, its stocktakes (with the
-- steward's delivery-confidence ratings) and the decisions, actions and risks its board keeps.
-- One table for every kind: what a record holds is checked by its kind's schema
-- (src/domain/governance.ts) and kept as JSON. Every record is public or internal, and so is
-- every audit event that records a change to one.
alter table audit_events add column internal boolean not null default false;

create table governance_records (
  mission_slug text not null references missions (slug) on delete cascade,
  kind text not null
    check (kind in ('board', 'mandate-letter', 'stocktake', 'decision', 'action', 'risk')),
  id text not null,
  visibility text not null check (visibility in ('public', 'internal')),
  content jsonb not null,
  -- When it was first recorded: a view as at an earlier date does not show it.
  recorded_at timestamptz not null,
  primary key (mission_slug, kind, id)
);
