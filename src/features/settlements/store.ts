// Funding settlements' SQL. A settlement is one entity in the change log: a write records its
// whole content before and after, then replaces its rows (amounts, goals, outcomes) together in
// the same transaction. Nothing is deleted but the one settlement a change names.
import type { Database, Sql } from '../../platform/db/database.ts';
import type { Change } from '../audit/store.ts';
import { settlementState, type Settlement } from './settlement.ts';

interface SettlementRow {
  id: string;
  government_slug: string;
  area_code: string;
  title: string;
  conditions: string;
  source: string;
  source_url: string | null;
}

export function createSettlementsStore(db: Database) {
  /** The settlements `where` selects (by `id`, or all), with their amounts, goals and outcomes. */
  async function read(sql: Sql, id?: string): Promise<Settlement[]> {
    const only = id === undefined ? '' : 'where settlement_id = $1';
    const args = id === undefined ? [] : [id];
    const [rows, amounts, goals, outcomes] = [
      await sql.query<SettlementRow>(
        `select * from settlements ${id === undefined ? '' : 'where id = $1'} order by id`,
        args,
      ),
      await sql.query<{ settlement_id: string; financial_year: string; amount_gbp: unknown }>(
        `select settlement_id, financial_year, amount_gbp from settlement_amounts ${only}
         order by settlement_id, financial_year`,
        args,
      ),
      await sql.query<{ settlement_id: string; mission_slug: string; goal_slug: string }>(
        `select settlement_id, mission_slug, goal_slug from settlement_goals ${only}
         order by settlement_id, position`,
        args,
      ),
      await sql.query<{
        settlement_id: string;
        text: string;
        mission_slug: string | null;
        goal_slug: string | null;
      }>(
        `select settlement_id, text, mission_slug, goal_slug from settlement_outcomes ${only}
         order by settlement_id, position`,
        args,
      ),
    ];
    const of = <T extends { settlement_id: string }>(list: T[], sid: string) =>
      list.filter((r) => r.settlement_id === sid);
    return rows.map((r) => ({
      id: r.id,
      government: r.government_slug,
      area: r.area_code,
      title: r.title,
      conditions: r.conditions,
      source: r.source,
      sourceUrl: r.source_url,
      amounts: of(amounts, r.id).map((a) => ({
        year: a.financial_year,
        amountGbp: Number(a.amount_gbp),
      })),
      serves: of(goals, r.id).map((g) => ({ mission: g.mission_slug, goal: g.goal_slug })),
      outcomes: of(outcomes, r.id).map((o) => ({
        text: o.text,
        goal: o.mission_slug && o.goal_slug ? { mission: o.mission_slug, goal: o.goal_slug } : null,
      })),
    }));
  }

  return {
    list: (sql: Sql = db) => read(sql),

    async get(id: string, sql: Sql = db): Promise<Settlement | undefined> {
      return (await read(sql, id))[0];
    },

    /** Writes a settlement and records what changed; false (and no write) if nothing did. */
    async save(change: Change, settlement: Settlement, before: Settlement | undefined) {
      if (
        !change.record(
          'settlement',
          settlement.id,
          before ? settlementState(before) : null,
          settlementState(settlement),
        )
      )
        return false;
      const { sql } = change;
      const s = settlement;
      await sql.query(
        `insert into settlements (id, government_slug, area_code, title, conditions, source, source_url)
         values ($1, $2, $3, $4, $5, $6, $7)
         on conflict (id) do update set government_slug = excluded.government_slug,
           area_code = excluded.area_code, title = excluded.title,
           conditions = excluded.conditions, source = excluded.source,
           source_url = excluded.source_url`,
        [s.id, s.government, s.area, s.title, s.conditions, s.source, s.sourceUrl],
      );
      // This settlement's own rows, replaced as one with it.
      for (const table of ['settlement_amounts', 'settlement_goals', 'settlement_outcomes'])
        await sql.query(`delete from ${table} where settlement_id = $1`, [s.id]);
      for (const a of s.amounts)
        await sql.query(
          'insert into settlement_amounts (settlement_id, financial_year, amount_gbp) values ($1, $2, $3)',
          [s.id, a.year, a.amountGbp],
        );
      for (const [i, g] of s.serves.entries())
        await sql.query(
          'insert into settlement_goals (settlement_id, position, mission_slug, goal_slug) values ($1, $2, $3, $4)',
          [s.id, i, g.mission, g.goal],
        );
      for (const [i, o] of s.outcomes.entries())
        await sql.query(
          'insert into settlement_outcomes (settlement_id, position, text, mission_slug, goal_slug) values ($1, $2, $3, $4, $5)',
          [s.id, i, o.text, o.goal?.mission ?? null, o.goal?.goal ?? null],
        );
      return true;
    },

    /** Removes a settlement (its rows go with it), recording its content as deleted. */
    async remove(change: Change, before: Settlement) {
      change.record('settlement', before.id, settlementState(before), null);
      await change.sql.query('delete from settlements where id = $1', [before.id]);
    },
  };
}

export type SettlementsStore = ReturnType<typeof createSettlementsStore>;
