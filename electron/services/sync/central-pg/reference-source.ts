// reference-source.ts on the central store in PostgreSQL: the same reads, in SQL text (the mirrored
// tables of db/central-pg/schema.ts have no static column types for drizzle's query builder).
// Sorted by code point (collate "C"), as SQLite sorts, so that both stores publish the same bundle.
import type { Generation, GenerationState } from '../apply-rules';
import type { ReferenceContract, ReferenceEmployer, ReferenceSource } from '../reference-source';
import { peerOfPg } from './apply';
import type { CentralPg } from './store';

export function pgReferenceSource(store: CentralPg): ReferenceSource {
  const { pool } = store;
  return {
    peer: (installationId) => peerOfPg(pool, installationId),
    contracts: async (contractNos) => (await pool.query<ReferenceContract>(`select id, contract_no as "contractNo", build_no as "buildNo", name,
      general_contractor as "generalContractor", contractor_type as "contractorType", supervision_station as "supervisionStation"
      from projects where contract_no = any($1::text[]) order by contract_no collate "C", id collate "C"`, [contractNos])).rows,
    employers: async (projectId) => (await pool.query<ReferenceEmployer>(`select id, name, credit_code as "creditCode", participant_type as "participantType",
      contract_no as "contractNo" from employers where project_id = $1 order by credit_code collate "C"`, [projectId])).rows,
    projectOf: async (table, rowId) => (await pool.query<{ p: string }>(`select project_id as p from "${table}" where id = $1`, [rowId])).rows[0]?.p,
    idNumbers: async (projectIds) => (await pool.query<{ n: string }>(`select id_number as n from persons where project_id = any($1::text[])
      union select id_number from family_members where project_id = any($1::text[])`, [projectIds])).rows.map((r) => r.n),
    siteId: async (table, centralId, installationId) => (await pool.query<{ id: string }>(
      'select site_id as id from sync_id_aliases where installation_id = $1 and table_name = $2 and central_id = $3', [installationId, table, centralId])).rows[0]?.id,
    generations: async (installationId) => (await pool.query<{ id: string; firstSeq: string; lastApplied: string }>(
      'select generation_id as id, first_seq as "firstSeq", last_applied_seq as "lastApplied" from sync_site_generations where installation_id = $1', [installationId]))
      .rows.map((r): GenerationState => ({ id: r.id, firstSeq: Number(r.firstSeq), lastApplied: Number(r.lastApplied) })),
    presentHistory: async (installationId) => {
      const json = (await pool.query<{ g: string }>('select generations as g from sync_site_histories where installation_id = $1', [installationId])).rows[0]?.g;
      return json ? JSON.parse(json) as Generation[] : null;
    },
    appliedBundles: async (installationId) => (await pool.query<{ id: string; segments: string }>(
      'select id, segments from sync_applied_bundles where installation_id = $1 order by first_seq, applied_at', [installationId]))
      .rows.map((b) => ({ id: b.id, segments: JSON.parse(b.segments) as { generation: string; from: number; to: number }[] })),
    chunks: async (installationId, bundleId, from, to) => (await pool.query<{ payload: Buffer }>(
      'select payload from sync_received_chunks where installation_id = $1 and bundle_id = $2 and last_seq >= $3 and first_seq <= $4 order by first_seq', [installationId, bundleId, from, to]))
      .rows.map((r) => r.payload),
  };
}
