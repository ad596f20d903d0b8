// Renders the first page of each printed report as PNG with pdftoppm, from the demo project
// (`siteoffice demo`) plus three people with rare-character names. It always runs (into a
// temporary folder); with WRITE_SAMPLES=1 the pictures go to docs/samples for the README:
//
//   WRITE_SAMPLES=1 npx vitest run tests/services/reports-samples.test.ts
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { it, expect } from 'vitest';
import { openTestApp, ManualClock, MANAGER } from '../support/app';
import { fillDemo } from '../../electron/cli/demo';
import { fullRecord, importCloud } from '../support/prereg-helpers';
import type { GeneratedFile } from '../../electron/common/contract-reports';
import { importRoster, nthId, nthPhone, pdfText, rosterXlsx, type RosterLine } from './reports-support';
import { tool } from '../support/tools';

const SAMPLES = process.env.WRITE_SAMPLES === '1'
  ? path.resolve(__dirname, '..', '..', 'docs', 'samples')
  : fs.mkdtempSync(path.join(os.tmpdir(), 'siteoffice-sample-pngs-'));
const DPI = '110';

it('renders the first page of each report as a picture (to docs/samples with WRITE_SAMPLES=1)', async () => {
  const t = openTestApp(new ManualClock('2020-02-17T09:00:00+08:00'));
  try {
    await fillDemo(t.app, MANAGER);
    const token = await t.signIn(MANAGER.idNumber, MANAGER.password);
    const [project] = await t.call('projects.list', {}, token);
    await t.call('projects.enter', { projectId: project!.id }, token);

    const newcomers: RosterLine[] = [
      { 身份证号: nthId(1), 姓名: '张喆', 人员类别: '作业人员', 出发地省份: '江苏省', 出发地城市: '苏州市', 用人单位: '上海浦江劳务有限公司', 手机号: nthPhone(1), 预登记日期: '2020-02-16' },
      { 身份证号: nthId(2), 姓名: '王堃', 人员类别: '作业人员', 出发地省份: '安徽省', 出发地城市: '阜阳市', 用人单位: '上海申安机电安装有限公司', 手机号: nthPhone(2), 预登记日期: '2020-02-16' },
      { 身份证号: nthId(3), 姓名: '李玥', 人员类别: '现场管理人员', 出发地省份: '山东省', 出发地城市: '济宁市', 用人单位: '上海建工一建集团有限公司', 手机号: nthPhone(3), 预登记日期: '2020-02-16' },
    ];
    await importCloud(t, token, [fullRecord(nthId(2), '王堃', { 上报地址: '上海虹桥站', 出行方式: '火车G7011', 出行时间: '2020-02-12', 是否湖北出发: '否', 是否经停: '否', 停留地点: '' })]);
    await importRoster(t, token, await rosterXlsx(newcomers), true);
    const { rows } = await t.call('persons.list', { page: 1, pageSize: 10, search: '王堃' }, token);
    const wang = rows[0]!;
    const employers = await t.call('employers.list', {}, token);
    await t.call('entries.enter', { personId: wang.id, employerId: employers.find((e) => e.name === wang.employerName)!.id, workType: '130', team: '水电班', enteredOn: '2020-02-16' }, token);
    await t.call('health.create', { personId: wang.id, checkedAt: '2020-02-16 08:05:00', symptoms: ['无上述异常症状'], temperature: 36.4 }, token);
    await t.call('health.create', { personId: wang.id, checkedAt: '2020-02-16 17:30:00', symptoms: ['发热'], temperature: 37.5 }, token);
    await t.call('health.create', { personId: wang.id, checkedAt: '2020-02-17 08:10:00', symptoms: ['发热', '咳嗽'], temperature: 37.9 }, token);
    await t.call('dispositions.set', { personId: wang.id, state: 'isolate', startedAt: '2020-02-17 08:30:00', method: '工地隔离点' }, token);

    const files: [string, GeneratedFile][] = [
      ['pre-registration-roster', await t.call('reports.preRegistrationPdf', {}, token)],
      ['on-site-roster', await t.call('reports.rosterPdf', { category: 'worker' }, token)],
      ['daily-health-report', await t.call('reports.dailyHealthPdf', { date: '2020-02-17' }, token)],
      ['health-form', await t.call('reports.healthFormPdf', { personId: wang.id }, token)],
      ['epidemic-info-sheet', await t.call('reports.epidemicInfoPdf', {}, token)],
    ];
    fs.mkdirSync(SAMPLES, { recursive: true });
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'siteoffice-samples-'));
    for (const [name, file] of files) {
      const bytes = Buffer.from(file.dataBase64, 'base64');
      expect(pdfText(bytes)).toMatch(/张喆|王堃|李玥/);
      const pdf = path.join(work, `${name}.pdf`);
      fs.writeFileSync(pdf, bytes);
      execFileSync(tool('pdftoppm'), ['-png', '-r', DPI, '-f', '1', '-l', '1', '-singlefile', pdf, path.join(SAMPLES, name)]);
      expect(fs.statSync(path.join(SAMPLES, `${name}.png`)).size).toBeGreaterThan(10_000);
    }
    fs.rmSync(work, { recursive: true, force: true });
  } finally {
    t.close();
  }
}, 120000);
