// The ONS areas: codes, names, levels, parents and successors.
import type { Database } from '../../platform/db/database.ts';
import type { Area } from '../../domain/area.ts';

function rowToArea(r: Record<string, unknown>): Area {
  return {
    code: r.code as string,
    name: r.name as string,
    level: r.level as Area['level'],
    parentCode: (r.parent_code as string | null) ?? null,
    successorCode: (r.successor_code as string | null) ?? null,
    current: r.current as boolean,
  };
}

export function createAreasStore(db: Database) {
  return {
    /** Adds or updates areas (a code once known stays known: old data may still name it). */
    async save(areas: Area[]): Promise<void> {
      await db.query(
        `insert into areas (code, name, level, parent_code, successor_code, current)
         select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::boolean[])
         on conflict (code) do update set name = excluded.name, level = excluded.level,
           parent_code = excluded.parent_code, successor_code = excluded.successor_code, current = excluded.current`,
        [
          areas.map((a) => a.code),
          areas.map((a) => a.name),
          areas.map((a) => a.level),
          areas.map((a) => a.parentCode),
          areas.map((a) => a.successorCode),
          areas.map((a) => a.current),
        ],
      );
    },

    async list(): Promise<Area[]> {
      return (await db.query<Record<string, unknown>>('select * from areas order by code')).map(
        rowToArea,
      );
    },

    async get(code: string): Promise<Area | undefined> {
      const [row] = await db.query<Record<string, unknown>>('select * from areas where code = $1', [
        code,
      ]);
      return row && rowToArea(row);
    },
  };
}

export type AreasStore = ReturnType<typeof createAreasStore>;
