-- The evaluation registry: each evaluation of a mission's projects is a governance record of its
-- own kind, public or internal like the rest (its content's rules are src/domain/evaluation.ts).
alter table governance_records drop constraint governance_records_kind_check;
alter table governance_records add constraint governance_records_kind_check
  check (kind in ('board', 'mandate-letter', 'stocktake', 'decision', 'action', 'risk', 'evaluation'));
