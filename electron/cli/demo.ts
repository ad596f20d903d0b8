// Demo data for a new user: the project 测试4444 from the seed manual and its 项目负责人, through
// the same dispatcher the UI uses, so the demo obeys every rule the UI does.
import type { App } from '../node/app';
import { ApiError, type ApiResult } from '../common/errors';
import type { CommandName, CommandOutput } from '../common/contract';

export const demoProject = {
  contractNo: 'W2019010100011',
  buildNo: '1902HK0001',
  name: '测试4444',
  generalContractor: '上海建工集团股份有限公司',
  contractorType: '施工企业',
  supervisionStation: '黄浦区建设工程安全质量监督站',
} as const;

function unwrap<C extends CommandName>(result: ApiResult<unknown>): CommandOutput<C> {
  if (!result.ok) throw ApiError.fromBody(result.error);
  return result.value as CommandOutput<C>;
}

export function fillDemo(app: App, manager: { idNumber: string; password: string }): string {
  const status = unwrap<'setup.status'>(app.dispatch('setup.status', {}, null).result);
  if (status.initialized) throw new ApiError('CONFLICT', '数据文件夹已有数据,演示数据只能写入空的数据文件夹');
  unwrap<'setup.initialize'>(app.dispatch('setup.initialize', {
    project: demoProject,
    manager: { idNumber: manager.idNumber, name: '王建国', phone: '13800138000', password: manager.password },
  }, null).result);
  const signIn = app.dispatch('auth.signIn', { idNumber: manager.idNumber, password: manager.password }, null);
  const session = unwrap<'auth.signIn'>(signIn.result);
  const token = signIn.token ?? null;
  const projects = unwrap<'projects.list'>(app.dispatch('projects.list', {}, token).result);
  unwrap<'projects.enter'>(app.dispatch('projects.enter', { projectId: projects[0]!.id }, token).result);
  unwrap<'epidemicInfo.save'>(app.dispatch('epidemicInfo.save', {
    teamMembers: [
      { name: '王建国', role: '组长', phone: '13800138000' },
      { name: '李玥', role: '副组长', phone: '13911112222' },
      { name: '张喆', role: '防疫专员', phone: '021-63211234' },
    ],
    hospitalName: '上海市第九人民医院黄浦分院',
    hospitalAddress: '上海市黄浦区制造局路639号',
    hospitalPhone: '021-63138341',
    supplies: [
      { item: '医用口罩', quantity: 2000, unit: '只' },
      { item: '额温枪', quantity: 6, unit: '把' },
      { item: '消毒液', quantity: 40, unit: '升' },
    ],
    other: '工地入口设测温点,每日早晚两次消毒。',
  }, token).result);
  app.dispatch('auth.signOut', {}, token);
  return `演示数据已写入:项目 ${demoProject.name}(合同报送编号 ${demoProject.contractNo}),项目负责人 ${session.user.name}(${session.user.idNumberMasked})`;
}
