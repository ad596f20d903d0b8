// 审计记录's words (its 操作 and 数据 columns, and the filter): what was done and to which records,
// as the office knows them. tests/unit/audit-labels.test.ts fails when a synced table, or an action
// the program writes, has no name here (the screen would show the English key).
export const auditActionLabels: Readonly<Record<string, string>> = {
  insert: '新增', update: '修改', delete: '删除', import: '导入', export: '导出',
  sign_in: '登录', sign_in_failed: '登录失败', sign_out: '退出', account: '账号变更',
  password_change: '修改密码', password_reset: '重置密码', password_recover: '恢复码找回密码', password_recover_failed: '恢复码错误',
  recovery_code_issued: '生成恢复码', plugin_enable: '启用插件', plugin_disable: '停用插件', backup_restore: '恢复备份',
  gate_push: '闸机推送', punch_import: '导入考勤', sync_ack: '同步回执', sync_apply: '同步导入', sync_publish: '发布参考数据', sync_reference: '导入参考数据',
  sync_rekey: '更换同步密钥', sync_rewind: '同步回退', sync_trust: '信任站点', warnings_confirmed: '确认警示',
  platform_upload: '上报全国平台',
};

export const auditTableLabels: Readonly<Record<string, string>> = {
  projects: '项目', employers: '用人单位', epidemic_info: '工地疫情防控信息', attachments: '附件', users: '账号', health_cloud_records: '健康云记录',
  persons: '预登记人员', family_members: '携带家属', health_checks: '每日健康', dispositions: '处置方式', entries: '进退场',
  teams: '班组', workers: '实名制人员', dispatches: '派工', labour_contracts: '劳动合同', wage_cards: '工资卡',
  attendance_devices: '考勤设备', attendance_makeups: '补卡', attendance_punches: '考勤记录',
  rule_editions: '规则版本', rectifications: '整改', rectification_events: '整改过程', safety_profiles: '安全概况', safety_assessments: '检查评分',
  safety_sheets: '分项检查评分表', safety_deductions: '扣分', safety_signatures: '签字', safety_hazards: '隐患', worker_certificates: '特种作业证书',
  safety_trainings: '三级安全教育', safety_briefings: '安全技术交底',
  payroll_ledgers: '工资支付台账', payroll_ledger_steps: '台账流转', payroll_rows: '工资明细', payroll_bank_templates: '代发模板',
  payroll_bank_batches: '银行代发批次', payroll_payments: '发放结果', labour_cost_allocations: '人工费拨付',
  project_parties: '参建各方', appointments: '岗位任命', record_signatures: '签名记录',
  material_batches: '进场批次', material_pours: '浇筑记录', material_samples: '见证取样', material_reports: '检测报告', material_dispositions: '不合格处置',
  quality_units: '单位/分部/分项工程', quality_lots: '检验批', quality_lot_records: '检验批质量验收记录', quality_lot_items: '检验批验收项目',
  quality_lot_materials: '检验批所用材料', quality_concealed: '隐蔽工程验收', quality_concealed_lots: '隐蔽验收检验批', quality_acceptances: '分项/分部验收',
  quality_measurements: '实测实量', quality_problems: '质量问题', quality_site_checks: '施工现场质量管理检查记录',
  supervision_notices: '监理通知单', supervision_stop_orders: '工程暂停令', supervision_side_records: '旁站记录', supervision_monthly_reports: '监理月报',
  supervision_emergency_reports: '紧急情况报告', supervision_contacts: '紧急联络记录',
};
