// What a reference bundle (reference.ts) reads of the central store to send one site: the site's
// registration, its contracts and their 用人单位, the contract of a row a correction names, the ID
// numbers of the people on its contracts (the 健康云 records themselves stay in the office's data
// folder), the site's ids of merged rows, and what it pushed (returned.ts: the records it lost by
// restoring an older backup). This is the data folder's SQLite store; central-pg/reference-source.ts
// reads the same from PostgreSQL, and central-store.ts (referenceSourceOf) chooses.
import type { Services } from '../context';
import { peerOf } from './identity';
import { receivedInSqlite, type ReceivedChanges } from './returned';

/** A contract as the reference bundle sends it (with its central row id). */
export interface ReferenceContract {
  id: string;
  contractNo: string;
  buildNo: string;
  name: string;
  generalContractor: string;
  contractorType: string;
  supervisionStation: string;
}

/** A 用人单位 of a contract as the reference bundle sends it. */
export interface ReferenceEmployer {
  id: string;
  name: string;
  creditCode: string;
  participantType: string;
  contractNo: string;
}

export interface ReferenceSource extends ReceivedChanges {
  /** A trusted installation, with the registration file it was trusted by. */
  peer(installationId: string): Promise<{ installationId: string; role: string; name: string; registration: string } | undefined>;
  /** The contracts with these 合同报送编号, by number. */
  contracts(contractNos: readonly string[]): Promise<ReferenceContract[]>;
  /** A contract's 用人单位, by 统一社会信用代码. */
  employers(projectId: string): Promise<ReferenceEmployer[]>;
  /** The contract a person or 用人单位 row belongs to. */
  projectOf(table: 'persons' | 'employers', rowId: string): Promise<string | undefined>;
  /** The ID numbers of everyone pre-registered (or a family member) on these contracts. */
  idNumbers(projectIds: readonly string[]): Promise<string[]>;
  /** The site's own id of a central row merged from one of its rows, if it was. */
  siteId(table: string, centralId: string, installationId: string): Promise<string | undefined>;
}

export function sqliteReferenceSource(s: Services): ReferenceSource {
  const sqlite = s.sqlite;
  return {
    ...receivedInSqlite(sqlite),
    peer: async (installationId) => peerOf(s, installationId),
    contracts: async (contractNos) => sqlite.prepare(`select id, contract_no as contractNo, build_no as buildNo, name, general_contractor as generalContractor,
      contractor_type as contractorType, supervision_station as supervisionStation from projects where contract_no in (select value from json_each(?)) order by contract_no, id`)
      .all(JSON.stringify(contractNos)) as ReferenceContract[],
    employers: async (projectId) => sqlite.prepare(`select id, name, credit_code as creditCode, participant_type as participantType, contract_no as contractNo
      from employers where project_id = ? order by credit_code`).all(projectId) as ReferenceEmployer[],
    projectOf: async (table, rowId) => sqlite.prepare(`select project_id from "${table}" where id = ?`).pluck().get(rowId) as string | undefined,
    idNumbers: async (projectIds) => sqlite.prepare(`select id_number from persons where project_id in (select value from json_each(@ids))
      union select id_number from family_members where project_id in (select value from json_each(@ids))`).pluck().all({ ids: JSON.stringify(projectIds) }) as string[],
    siteId: async (table, centralId, installationId) => sqlite.prepare('select site_id from sync_id_aliases where table_name = ? and central_id = ? and installation_id = ?')
      .pluck().get(table, centralId, installationId) as string | undefined,
  };
}
