// Filling an outbox with many valid changes fast (UUIDv7 ids, as the app makes them), for the large-bundle tests. Kept apart from the
// other helpers so that the child processes of those tests can bundle it without the test tools.
import { v7 as uuidv7 } from 'uuid';
import type Database from 'better-sqlite3';
import { computeCheckCharacter } from '../../electron/common/idnumber';

const STATION_PUDONG = '浦东新区建设工程安全质量监督站';
const validId = (first17: string) => first17 + computeCheckCharacter(first17);

/**
 * Fills the outbox with `n` valid changes quickly (setup, not the path under test): a project, an
 * employer, a person, then health checks of that person, each with the row it would carry. Raw
 * prepared INSERTs in one transaction. The project row is written to the site's table too, so that
 * the site's registration file names its contract (the central side takes only registered ones).
 */
export function fillOutbox(sqlite: Database.Database, n: number, options: { contractNo?: string; station?: string } = {}): { projectId: string } {
  const at = '2020-02-17T01:00:00.000Z';
  const projectId = uuidv7();
  const employerId = uuidv7();
  const personId = uuidv7();
  const start = ((sqlite.prepare('select coalesce(max(seq), 0) as n from changes').get() as { n: number }).n) + 1;
  const insert = sqlite.prepare('insert into changes (seq, table_name, row_id, op, data, at) values (?, ?, ?, ?, ?, ?)');
  const project = { id: projectId, contractNo: options.contractNo ?? `W${String(start).padStart(13, '0')}`, buildNo: '2001PD0001', name: '批量测试项目', generalContractor: '上海建工集团股份有限公司', contractorType: '施工企业', supervisionStation: options.station ?? STATION_PUDONG, createdAt: at };
  const employer = { id: employerId, projectId, name: '上海批量劳务有限公司', creditCode: '91310115MA1K300023', participantType: '006', contractNo: 'W2019010100012', createdAt: at };
  const person = {
    id: personId, projectId, category: 'worker', idNumber: validId('32058319850312101'), name: '张三丰', sex: '男', birthDate: '1985-03-12', phone: '13812345678',
    originProvinceCode: '320000', originProvince: '江苏省', originCityCode: '320500', originCity: '苏州市', employerId, healthCloud: null,
    pinyinInitials: 'zsf', pinyinFull: 'zhangsanfeng', preRegisteredOn: '2020-02-17', state: 'clear', createdAt: at, createdBy: 'u1',
  };
  sqlite.transaction(() => {
    sqlite.prepare('insert into projects (id, contract_no, build_no, name, general_contractor, contractor_type, supervision_station, created_at) values (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(project.id, project.contractNo, project.buildNo, project.name, project.generalContractor, project.contractorType, project.supervisionStation, project.createdAt);
    let seq = start;
    insert.run(seq++, 'projects', projectId, 'insert', JSON.stringify(project), at);
    insert.run(seq++, 'employers', employerId, 'insert', JSON.stringify(employer), at);
    insert.run(seq++, 'persons', personId, 'insert', JSON.stringify(person), at);
    const end = start + n;
    for (; seq < end; seq++) {
      const id = uuidv7();
      const check = { id, projectId, personId, checkedAt: '2020-02-17 09:00:00', checkedOn: '2020-02-17', symptoms: ['无上述异常症状'], temperatureTenths: 365, fever: false, createdAt: at, createdBy: 'u1' };
      insert.run(seq, 'health_checks', id, 'insert', JSON.stringify(check), at);
    }
  })();
  return { projectId };
}
