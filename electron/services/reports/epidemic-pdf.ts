// 工地疫情防控信息表: the project, its 疫情防控小组, the 对口医院, the 防疫物资 with quantities and
// 其他, as saved on the 工地疫情防控信息 screen, to sign and keep in the site office.
import { ApiError } from '../../common/errors';
import { siteDateTime } from '../../common/time';
import type { ParsedInput } from '../../common/contract';
import type { GeneratedFile } from '../../common/contract-reports';
import type { ProjectActor, Services } from '../context';
import { getEpidemicInfo, listChecklists } from '../epidemic-info';
import { renderPdf } from './render';
import { fileName, fileOf, headingFor, PDF_MIME, projectOf } from './output';

export async function epidemicInfoPdf(s: Services, actor: ProjectActor, input: ParsedInput<'reports.epidemicInfoPdf'>): Promise<GeneratedFile> {
  const info = getEpidemicInfo(s, actor);
  if (!info) throw new ApiError('NOT_FOUND', '尚未填写工地疫情防控信息:请先填写并提交,再打印信息表');
  const project = projectOf(s, actor);
  const checklists = listChecklists(s, actor);

  const heading = headingFor(s, actor, '工地疫情防控信息表');
  const pdf = await renderPdf(heading, async (report) => {
    report.title('工地疫情防控信息表');

    report.section('项目信息');
    await report.fields([
      ['项目名称', project.name],
      ['合同报送编号', project.contractNo],
      ['报建编号', project.buildNo],
      ['所在监督站', project.supervisionStation],
      ['总包单位', project.generalContractor],
      ['总包单位类型', project.contractorType],
    ]);

    report.section(`疫情防控小组(${info.teamMembers.length} 人)`);
    await report.table([
      { label: '序号', weight: 6, align: 'center' },
      { label: '姓名', weight: 18 },
      { label: '职务', weight: 24 },
      { label: '联系电话', weight: 22 },
    ], info.teamMembers.map((m, i) => ({ cells: [String(i + 1), m.name, m.role, m.phone] })), { empty: '未填写' });

    report.section('对口医院');
    await report.fields([
      ['医院名称', info.hospitalName],
      ['医院地址', info.hospitalAddress],
      ['联系电话', info.hospitalPhone],
    ], 1);

    report.section(`防疫物资(${info.supplies.length} 项)`);
    await report.table([
      { label: '序号', weight: 6, align: 'center' },
      { label: '物资名称', weight: 34 },
      { label: '数量', weight: 14, align: 'right' },
      { label: '单位', weight: 10, align: 'center' },
    ], info.supplies.map((x, i) => ({ cells: [String(i + 1), x.item, String(x.quantity), x.unit] })), { empty: '未填写防疫物资' });

    report.section('其他');
    report.paragraph(info.other || '无', 10);

    report.section('建筑工地复工检查表');
    report.paragraph(checklists.length > 0 ? `已上传 ${checklists.length} 份:${checklists.map((f) => f.fileName).join('、')}` : '尚未上传', 9.5);

    report.gap(4);
    report.note(`最后保存:${siteDateTime(info.updatedAt)},保存人:${info.updatedBy}`);
    report.signatures(['项目负责人签名', '疫情防控小组组长签名']);
  }, input.missingGlyphs);
  return fileOf(fileName(['工地疫情防控信息表', heading.projectName, heading.date], 'pdf'), PDF_MIME, pdf);
}
