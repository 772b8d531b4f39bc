-- Participation: each deliberative process of a mission (a citizens' assembly, panel or jury),
-- with its recommendations and the government's responses in its content, is a governance
-- record of its own kind, public or internal like the rest (src/domain/participation.ts).
alter table governance_records drop constraint governance_records_kind_check;
alter table governance_records add constraint governance_records_kind_check
  check (kind in ('board', 'mandate-letter', 'stocktake', 'decision', 'action', 'risk', 'evaluation', 'process'));
