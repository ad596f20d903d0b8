// Code tables and role names shown in the UI (words from the seed manual and domain.md).

export const roles = ['manager', 'operator', 'supervisor'] as const;
export type Role = (typeof roles)[number];

export const roleLabels: Record<Role, string> = {
  manager: '项目负责人',
  operator: '现场操作用户',
  supervisor: '监督管理人员',
};

/** 总包单位类型 as the supervision query shows it. */
export const contractorTypes = ['施工企业', '监理企业', '建设单位', '其它'] as const;

/** 参建单位类型 (national platform). */
export const participantTypes: Record<string, string> = {
  '001': '专业分包',
  '006': '劳务分包',
  '007': '监理',
  '008': '建设单位',
  '009': '总承包',
  '012': '其它',
};

/** 所在监督站: the supervision stations of Shanghai's districts. */
export const supervisionStations = [
  '市建设工程安全质量监督总站',
  '黄浦区建设工程安全质量监督站',
  '徐汇区建设工程安全质量监督站',
  '长宁区建设工程安全质量监督站',
  '静安区建设工程安全质量监督站',
  '普陀区建设工程安全质量监督站',
  '虹口区建设工程安全质量监督站',
  '杨浦区建设工程安全质量监督站',
  '闵行区建设工程安全质量监督站',
  '宝山区建设工程安全质量监督站',
  '嘉定区建设工程安全质量监督站',
  '浦东新区建设工程安全质量监督站',
  '金山区建设工程安全质量监督站',
  '松江区建设工程安全质量监督站',
  '青浦区建设工程安全质量监督站',
  '奉贤区建设工程安全质量监督站',
  '崇明区建设工程安全质量监督站',
] as const;

export const checklistMimeTypes = ['image/jpeg', 'image/png', 'application/pdf'] as const;
export type ChecklistMime = (typeof checklistMimeTypes)[number];

/** Largest scan or photo accepted (bytes). */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
