// 《健康状况信息登记表》 for one person: 个人信息, 出发地, the 健康云 record, every daily health check,
// the 处置方式 history, a promise, and lines where the person and the site sign and date it. The
// signed paper is what the 处置方式 screen later takes back as a scan.
import { dispositionLabels, NO_SYMPTOMS, stateLabels } from '../../common/codes';
import { siteDateTime } from '../../common/time';
import type { GeneratedFile } from '../../common/contract-reports';
import type { ParsedInput } from '../../common/contract';
import type { ProjectActor, Services } from '../context';
import { getPerson } from '../pre-registration';
import { listChecks } from '../health';
import { getDispositions } from '../dispositions';
import { renderPdf } from './render';
import { allRows, fileName, fileOf, headingFor, PDF_MIME } from './output';
import { categoryLabels } from './roster-pdf';
import { isoNow } from '../context';
import { authorOf, recordAudit } from '../outbox';

const yesNo = (b: boolean) => (b ? '是' : '否');

export async function healthFormPdf(s: Services, actor: ProjectActor, input: ParsedInput<'reports.healthFormPdf'>): Promise<GeneratedFile> {
  // The number in full for those who may see it on the person's page, masked for the others.
  const person = getPerson(s, actor, input.personId);
  const checks = allRows((page, pageSize) => listChecks(s, actor, { personId: person.id, page, pageSize })).reverse();
  const { history, eligibility, person: brief } = getDispositions(s, actor, person.id);
  const state = brief.state;

  const heading = headingFor(s, actor, '健康状况信息登记表');
  const cloud = person.healthCloud;
  const checkRows = checks.map((c, i) => ({
    cells: [String(i + 1), c.checkedAt, c.temperature.toFixed(1), c.symptoms.join('、') || NO_SYMPTOMS, c.fever ? '发热' : '', c.createdBy],
    style: c.fever ? { color: '#c0392b', bold: true } : undefined,
  }));
  const dispositionRows = [...history].reverse().map((d, i) => ({
    cells: [String(i + 1), dispositionLabels[d.state], d.startedAt ?? '', d.method ?? '', d.createdBy, siteDateTime(d.createdAt)],
  }));

  const pdf = await renderPdf(heading, async (report) => {
    report.title('健康状况信息登记表');
    report.note(`项目:${heading.projectName}    合同报送编号:${heading.contractNo}`, 'center');

    report.section('个人信息');
    await report.fields([
      ['姓名', person.name],
      ['身份证号', person.idNumber],
      ['性别', person.sex],
      ['出生日期', person.birthDate],
      ['手机号', person.phone],
      ['人员类别', categoryLabels[person.category]],
      ['用人单位', person.employer.name],
      ['预登记日期', person.preRegisteredOn],
      ['携带家属', `${person.familyCount} 人`],
      ['当前处置状态', stateLabels[state]],
    ]);

    report.section('出发地');
    await report.fields([
      ['出发地', person.origin],
      ['可进场日期', eligibility.availableFrom ?? '无隔离期要求'],
      ['进场资格', eligibility.allowed ? '可以进场' : eligibility.reason],
    ], 1);

    report.section('健康云登记信息');
    if (cloud) {
      await report.fields([
        ['上报地址', cloud.reportAddress],
        ['上报时间', cloud.reportTime],
        ['体温', cloud.temperature],
        ['健康状况', cloud.healthStatus],
        ['出行时间', cloud.travelTime],
        ['出行方式', cloud.travelMode],
        ['是否湖北出发', yesNo(cloud.fromHubei)],
        ['是否武汉出发', yesNo(cloud.fromWuhan)],
        ['是否经停', yesNo(cloud.stopover)],
        ['停留地点', cloud.stayPlace],
        ['居住地址', cloud.homeAddress],
      ]);
    } else {
      report.paragraph('预登记时未获取健康云信息。', 9.5);
    }

    report.section(`每日健康记录(共 ${checks.length} 次)`);
    await report.table([
      { label: '序号', weight: 5, align: 'center' },
      { label: '日期时间', weight: 17 },
      { label: '体温(°C)', weight: 9, align: 'center' },
      { label: '健康状态', weight: 27 },
      { label: '标记', weight: 7, align: 'center' },
      { label: '登记人', weight: 9 },
    ], checkRows, { empty: '暂无健康记录' });

    report.section('处置记录');
    await report.table([
      { label: '序号', weight: 5, align: 'center' },
      { label: '处置方式', weight: 20 },
      { label: '隔离/就医时间', weight: 15 },
      { label: '隔离/就医方式', weight: 13 },
      { label: '登记人', weight: 9 },
      { label: '登记时间', weight: 15 },
    ], dispositionRows, { empty: '预登记后默认状态为“可进场”,尚无处置记录' });

    report.gap(10);
    report.paragraph('本人承诺:以上信息真实、准确、完整;如有隐瞒、虚报,愿承担相应的法律责任。', 10);
    report.signatures(['本人签名', '工地负责人签名(盖章)']);
  }, input.missingGlyphs);
  if (person.idNumberFull) {
    // A form with the full number leaves the app (only once it is made: a refused one wrote nothing),
    // written to the audit trail like every full export.
    recordAudit(s.db, authorOf(actor, isoNow(s.clock)), { action: 'export', tableName: 'persons', rowId: person.id, after: { report: '健康状况信息登记表', fullIdNumbers: true } });
  }
  return fileOf(fileName(['健康状况信息登记表', person.name, heading.date], 'pdf'), PDF_MIME, pdf);
}
