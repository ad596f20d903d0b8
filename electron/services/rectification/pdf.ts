// The printed forms of the rectification loop: 整改通知单, 整改回复单 (with the photos) and 复查记录,
// titled by what opened it (安全隐患整改通知单 …), for signatures on paper.
import type { GeneratedFile } from '../../common/contract-reports';
import type { ParsedInput } from '../../common/contract';
import type { ProjectActor, Services } from '../context';
import { renderPdf } from '../reports/render';
import { fileName, fileOf, headingFor, PDF_MIME } from '../reports/output';
import { getRectification } from './loop';
import { rectificationForms } from '../../common/rectification-labels';

const FORMS = { notice: '整改通知单', reply: '整改回复单', review: '复查记录' } as const;

export async function rectificationFormPdf(s: Services, actor: ProjectActor, input: ParsedInput<'rectification.formPdf'>): Promise<GeneratedFile> {
  const r = getRectification(s, actor, input.id);
  const form = rectificationForms[r.sourceKind] ?? rectificationForms.safety_hazard!;
  const title = form.titles?.[input.form] ?? `${r.sourceLabel}${FORMS[input.form]}`;
  const notices = r.history.filter((e) => e.type === 'notified' || e.type === 'review_failed');
  const replies = r.history.filter((e) => e.type === 'replied');
  const reviews = r.history.filter((e) => e.type === 'review_passed' || e.type === 'review_failed' || e.type === 'closed');
  const number = `ZG-${r.foundOn.replace(/-/g, '')}-${r.id.slice(-6).toUpperCase()}`;
  const heading = headingFor(s, actor, title);
  // Photos travel as bytes to the report worker, which draws them.
  const photosOf = (eventId: string) => r.history.find((e) => e.id === eventId)!.files.filter((f) => f.mime !== 'application/pdf')
    .map((f) => ({ dataBase64: s.files.read(f.sha256).toString('base64'), caption: f.fileName }));
  const pdf = await renderPdf(heading, async (report) => {
    report.title(title);
    report.note(`编号:${number}    工程名称:${heading.projectName}`, 'center');
    await report.fields([
      [form.subject, r.title],
      ['部位', r.location],
      ['发现日期', r.foundOn],
      ['检查人', r.foundBy],
      ['级别', r.major ? '重大' : '一般'],
      ['整改责任人', r.responsible],
      ['整改限期', r.deadline ?? ''],
      ['当前状态', r.stateLabel],
    ]);
    if (input.form === 'notice') {
      const notice = notices[0];
      report.section('整改要求');
      report.paragraph(notice?.text ?? '尚未发出整改通知', 10);
      if (notices.length > 1) report.note(`复查不合格后重新限期 ${notices.length - 1} 次,最新限期 ${r.deadline ?? ''}`);
      report.paragraph(`请于 ${notice?.deadline ?? r.deadline ?? '____'} 前整改完毕,并将整改情况书面回复。`, 10);
      report.signatures([`签发人(${notice?.signerName ?? ''})`, '接收人(整改责任人)']);
    } else if (input.form === 'reply') {
      if (replies.length === 0) report.paragraph('尚未回复', 10);
      for (const [i, reply] of replies.entries()) {
        report.section(`第 ${i + 1} 次整改回复(${reply.on})${reply.late ? ' · 逾期回复' : ''}`, 60);
        report.paragraph(reply.text, 10);
        await report.fields([['整改人', reply.signerName], ['回复日期', reply.on]]);
        const photos = photosOf(reply.id);
        if (photos.length > 0) report.images(photos);
      }
      report.signatures(form.replySigners);
    } else {
      await report.table([
        { label: '次数', weight: 5, align: 'center' },
        { label: '日期', weight: 9 },
        { label: '结论', weight: 12 },
        { label: '复查意见', weight: 40 },
        { label: '签字人', weight: 14 },
        { label: '新限期', weight: 9 },
      ], reviews.map((e, i) => ({
        cells: [String(i + 1), e.on, e.typeLabel, e.text, `${e.signerName}(${e.signerRole})`, e.deadline ?? ''],
        style: e.type === 'review_failed' ? { color: '#c0392b' } : undefined,
      })), { empty: '尚未复查' });
      const major = r.sourceKind === 'safety_hazard' ? '重大隐患' : `重大${r.sourceLabel}`;
      if (r.major) report.note(r.history.some((e) => e.type === 'plan_attached') ? `${major}:治理方案已上传。` : `${major}:尚未上传治理方案,不能销项。`);
      report.signatures([...form.reviewSigners, ...(r.major ? ['项目经理'] : [])]);
    }
  });
  return fileOf(fileName([title, r.title.slice(0, 20), r.foundOn], 'pdf'), PDF_MIME, pdf);
}
