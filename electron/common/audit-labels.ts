// 审计记录's words (its 操作 and 数据 columns, and the filter): what was done and to which records,
// as the office knows them. tests/unit/audit-labels.test.ts fails when a synced table, or an action
// the program writes, has no name here (the screen would show the English key).
export const auditActionLabels: Readonly<Record<string, string>> = {
  insert: '新增', update: '修改', delete: '删除', import: '导入', export: '导出',
  sign_in: '登录', sign_in_failed: '登录失败', sign_out: '退出', account: '账号变更',
  password_change: '修改密码', password_reset: '重置密码', password_recover: '恢复码找回密码', password_recover_failed: '恢复码错误',
  recovery_code_issued: '生成恢复码', plugin_enable: '启用插件', plugin_disable: '停用插件', backup_restore: '恢复备份',
  gate_push: '闸机推送', sync_ack: '同步回执', sync_apply: '同步导入', sync_publish: '发布参考数据', sync_reference: '导入参考数据',
  sync_rekey: '更换同步密钥', sync_rewind: '同步回退', sync_trust: '信任站点', warnings_confirmed: '确认警示',
};

export const auditTableLabels: Readonly<Record<string, string>> = {
  projects: '项目', employers: '用人单位', epidemic_info: '工地疫情防控信息', attachments: '附件', users: '账号', health_cloud_records: '健康云记录',
  persons: '预登记人员', family_members: '携带家属', health_checks: '每日健康', dispositions: '处置方式', entries: '进退场',
  teams: '班组', workers: '实名制人员', dispatches: '派工', labour_contracts: '劳动合同', wage_cards: '工资卡',
  attendance_devices: '考勤设备', attendance_makeups: '补卡', attendance_punches: '考勤记录',
  rule_editions: '规则版本', rectifications: '整改', rectification_events: '整改过程', safety_profiles: '安全概况', safety_assessments: '检查评分',
  safety_sheets: '分项检查评分表', safety_deductions: '扣分', safety_signatures: '签字', safety_hazards: '隐患', worker_certificates: '特种作业证书',
  safety_trainings: '三级安全教育', safety_briefings: '安全技术交底',
};
