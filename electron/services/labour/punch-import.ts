// 导入考勤: a vendor's attendance export (.xlsx or .csv: 中控, 海康, 宇泛 and the 考勤机 software all
// export one row per punch, under their own column names) read into raw punches of source 导入. A
// row names the person by the device's person id (the 工号, or the 身份证号) and the time of the
// punch; the direction comes from the row or from the registered device it names. Rows are checked
// first and reported by row and column; a file goes in whole or not at all. Importing the same file
// twice stores each punch once (the punch store's resend rule), and an id that names nobody is kept
// as 未匹配 for matching by hand, as a gate's would be. One audit row names the file, its hash and
// the outbox changes it made.
import { eq } from 'drizzle-orm';
import { attendanceDevices } from '../../../db/schema';
import type { ParsedInput, ImportReport } from '../../common/contract';
import type { GeneratedFile } from '../../common/contract-reports';
import { directionLabels, type Direction } from '../../common/codes-labour';
import { maskIdNumber } from '../../common/idnumber';
import { normalizeSiteDateTime, siteDate, siteDateTime } from '../../common/site-time';
import { isoNow, type ProjectActor, type Services } from '../context';
import { authorOf, ChangeRecorder } from '../outbox';
import type { DocumentedColumn } from '../roster-import';
import { fileName, fileOf, XLSX_MIME } from '../reports/output';
import { importWorkbook } from '../reports/templates';
import { importTable, type RowIssue } from '../table-import';
import { matchWorker, sha256Hex, storePunch } from './punch-store';
import { personOf, projectWorker } from './records';

export const punchImportColumns: DocumentedColumn[] = [
  { key: 'personRef', label: '人员编号', aliases: ['工号', '考勤号码', '考勤号', '人员ID', '员工编号', '用户编号', '身份证号', '证件号码'], required: true, text: true, help: '设备上的人员编号:本项目的工号,或18位身份证号' },
  { key: 'name', label: '姓名', aliases: ['人员姓名', '员工姓名'], help: '可不填;填写时须与该编号的人员一致' },
  { key: 'punchedAt', label: '打卡时间', aliases: ['刷卡时间', '考勤时间', '识别时间', '通行时间', '时间'], required: true, text: true, help: '设备记录的时间,如 2026-03-02 07:41:05(秒可省略)' },
  { key: 'direction', label: '进出方向', aliases: ['方向', '进出', '出入类型', '考勤状态'], help: '进 或 出(也可写 进场/出场、上班/下班、签到/签退);不填时按“设备”列登记的方向' },
  { key: 'device', label: '设备', aliases: ['设备序列号', '设备编号', '设备名称', '考勤机'], text: true, help: '设备序列号或名称;是“设备管理”中登记的设备时关联到该设备' },
];

const directionWords: Record<string, Direction> = {
  进: 'in', 进场: 'in', 入: 'in', 上班: 'in', 签到: 'in', 上班签到: 'in', in: 'in', IN: 'in',
  出: 'out', 出场: 'out', 下班: 'out', 签退: 'out', 下班签退: 'out', out: 'out', OUT: 'out',
};

interface Checked {
  rowNumber: number;
  personRef: string;
  workerId: string | null;
  /** The worker's name, for the preview; null when the id names nobody (未匹配). */
  workerName: string | null;
  punchedAt: string;
  direction: Direction;
  device: { id: string; serial: string } | null;
  deviceText: string;
}

/** The time as YYYY-MM-DD HH:MM:SS: dashes or slashes, with or without seconds, one-digit parts padded. */
function punchTime(text: string): string | null {
  const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, sec] = m;
  const pad = (v: string | undefined) => (v ?? '00').padStart(2, '0');
  return normalizeSiteDateTime(`${y}-${pad(mo)}-${pad(d)} ${pad(h)}:${mi}:${pad(sec)}`);
}

export async function importPunches(s: Services, actor: ProjectActor, input: ParsedInput<'attendance.import'>): Promise<ImportReport> {
  return importTable<Checked>(input, punchImportColumns, () => {
    const devices = s.db.select().from(attendanceDevices).where(eq(attendanceDevices.projectId, actor.projectId)).all();
    const deviceOf = (text: string) => devices.find((d) => d.serial === text || (d.name !== '' && d.name === text)) ?? null;
    const now = siteDateTime(s.clock.now());
    const names = new Map<string, string>();
    const nameOf = (workerId: string) => {
      let name = names.get(workerId);
      if (name === undefined) names.set(workerId, (name = personOf(s.db, projectWorker(s.db, actor.projectId, workerId)).name));
      return name;
    };
    return {
      check(row) {
        const v = row.values;
        const issues: RowIssue[] = [];
        const issue = (column: string, message: string) => issues.push({ column, message });
        const personRef = v.personRef ?? '';
        if (!personRef) issue('人员编号', '请填写人员编号(工号或身份证号)');
        else if (personRef.length > 64) issue('人员编号', '人员编号不能超过64个字符');
        const punchedAt = punchTime(v.punchedAt ?? '');
        if (!v.punchedAt) issue('打卡时间', '请填写打卡时间');
        else if (!punchedAt) issue('打卡时间', `“${v.punchedAt}”不是有效的时间,应如 2026-03-02 07:41:05`);
        else if (punchedAt > now) issue('打卡时间', '打卡时间晚于现在:请核对设备时钟或文件');
        const deviceText = v.device ?? '';
        const device = deviceText ? deviceOf(deviceText) : null;
        let direction: Direction | undefined;
        if (v.direction) {
          direction = directionWords[v.direction];
          if (!direction) issue('进出方向', `“${v.direction}”不是进出方向,应为 进 或 出`);
        } else if (device) direction = device.direction;
        else issue('进出方向', deviceText ? `设备“${deviceText}”未在设备管理中登记,请填写进出方向` : '请填写进出方向,或在“设备”列填写已登记的设备');
        const workerId = personRef ? matchWorker(s, actor.projectId, personRef) : null;
        const workerName = workerId ? nameOf(workerId) : null;
        if (workerName !== null && v.name && workerName !== v.name) issue('姓名', `编号 ${personRef} 是本项目的${workerName},与“${v.name}”不一致`);
        if (issues.length > 0) return { ok: false, issues };
        return {
          ok: true,
          value: { rowNumber: row.rowNumber, personRef, workerId, workerName, punchedAt: punchedAt!, direction: direction!, device: device && { id: device.id, serial: device.serial }, deviceText },
        };
      },
      write(accepted) {
        const fileSha256 = sha256Hex(Buffer.from(input.dataBase64, 'base64'));
        const receivedAt = isoNow(s.clock);
        const recorder = new ChangeRecorder(s.db); // write() runs inside the import's one transaction
        const author = authorOf(actor, receivedAt);
        let stored = 0;
        let unmatched = 0;
        let first: number | null = null;
        let last: number | null = null;
        for (const a of accepted) {
          const punch = storePunch(recorder, s, author, {
            projectId: actor.projectId, source: 'import', deviceId: a.device?.id ?? null, deviceSerial: a.device?.serial ?? a.deviceText, personRef: a.personRef,
            workerId: a.workerId, punchedAt: a.punchedAt, direction: a.direction, verifyMode: 'import', receivedAt,
            payload: JSON.stringify({ file: input.fileName, fileSha256, row: a.rowNumber }), clockOffsetSec: null, pictureSha256: null, makeupId: null, createdBy: actor.userId,
          }, 'push');
          if (!punch) continue;
          stored++;
          if (!a.workerId) unmatched++;
          first ??= punch.changeSeq;
          last = punch.changeSeq;
        }
        // One audit row for the file, as for a gate's push: each change holds its punch whole.
        recorder.audit(author, {
          action: 'punch_import', tableName: 'attendance_punches',
          after: { file: input.fileName, fileSha256, rows: accepted.length, accepted: stored, duplicates: accepted.length - stored, unmatched, changes: first === null ? null : { first, last } },
        });
        return stored;
      },
      preview: (a) => ({
        人员编号: /^\d{17}[\dXx]$/.test(a.personRef) ? maskIdNumber(a.personRef) : a.personRef,
        姓名: a.workerName ?? '未匹配', 打卡时间: a.punchedAt, 进出: directionLabels[a.direction], 设备: a.deviceText,
      }),
    };
  }, (fn) => s.db.transaction(fn, { behavior: 'immediate' }), { whole: true });
}

export async function punchImportTemplate(s: Services): Promise<GeneratedFile> {
  const bytes = await importWorkbook('考勤记录', punchImportColumns, []);
  return fileOf(fileName(['考勤导入模板', siteDate(s.clock.now())], 'xlsx'), XLSX_MIME, bytes);
}
