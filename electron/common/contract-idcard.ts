// API commands of the ID card reader hook (设置 › 身份证阅读器, 读身份证), and the shapes they
// carry: the card, the reader settings a plugin describes, and the result of one read.
import { z } from 'zod';
import { command } from './command';
import { empty } from './schemas';

// ---- the card ----

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
const cardCommon = {
  name: z.string().max(60),
  sex: z.enum(['男', '女']),
  birthDate: isoDate,
  idNumber: z.string().min(1).max(40),
  validFrom: isoDate,
  validTo: z.union([isoDate, z.literal('长期')]),
};

export const idCardSchema = z.discriminatedUnion('cardType', [
  z.object({
    cardType: z.literal('resident'),
    ...cardCommon,
    nationCode: z.string().regex(/^\d{2}$/),
    nation: z.string().max(20),
    address: z.string().max(200),
    issuer: z.string().max(100),
  }),
  z.object({
    cardType: z.literal('hkmotw'),
    ...cardCommon,
    address: z.string().max(200),
    issuer: z.string().max(100),
    passNumber: z.string().max(20),
    issueCount: z.string().max(4),
  }),
  z.object({
    cardType: z.literal('foreigner2017'),
    ...cardCommon,
    englishName: z.string().max(120),
    nationality: z.string().max(10),
    issuer: z.string().max(100).optional(),
  }),
  z.object({
    cardType: z.literal('foreigner2023'),
    ...cardCommon,
    englishName: z.string().max(120),
    nationality: z.string().max(10),
    issuer: z.string().max(100).optional(),
  }),
]);

// ---- reader settings, as a plugin describes them ----

export const settingValueSchema = z.union([
  z.string().max(2000, '设置值过长'),
  z.number().finite(),
  z.boolean(),
  z.record(z.string().max(40), z.string().max(500, '映射过长')),
]);

const settingKey = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,39}$/, '设置项名称无效');

export const readerSettingsSchema = z.record(settingKey, settingValueSchema)
  .refine((o) => Object.keys(o).length <= 50, '设置项过多');

const fieldBase = { key: settingKey, label: z.string().max(50), help: z.string().max(300).optional() };
const optionSchema = z.object({ value: z.string().max(100), label: z.string().max(100) });

export const settingFieldSchema = z.discriminatedUnion('type', [
  z.object({ ...fieldBase, type: z.literal('text'), default: z.string().max(2000), placeholder: z.string().max(200).optional(), maxLength: z.number().int().min(1).max(2000).optional() }),
  z.object({ ...fieldBase, type: z.literal('number'), default: z.number().finite(), min: z.number().finite(), max: z.number().finite(), step: z.number().positive().optional() }),
  z.object({ ...fieldBase, type: z.literal('select'), default: z.string().max(100), options: z.array(optionSchema).min(1).max(100) }),
  z.object({ ...fieldBase, type: z.literal('boolean'), default: z.boolean() }),
  z.object({ ...fieldBase, type: z.literal('mapping'), default: z.record(z.string().max(40), z.string().max(500)), keys: z.array(z.object({ key: settingKey, label: z.string().max(50) })).min(1).max(40) }),
]);
export type SettingFieldView = z.infer<typeof settingFieldSchema>;

export const readerPluginSchema = z.object({
  id: z.string(),
  name: z.string(),
  version: z.string(),
  description: z.string(),
  builtIn: z.boolean(),
  /** The file in <data folder>/plugins for a third-party plugin. */
  file: z.string().nullable(),
  settings: z.array(settingFieldSchema),
  presets: z.array(z.object({ label: z.string(), settings: readerSettingsSchema })),
  /** not-enabled: a third-party file the 项目负责人 has not enabled (or that changed since): never run. */
  status: z.enum(['ready', 'disabled', 'not-enabled']),
  /** Why a third-party plugin is disabled (it threw, hung, or is not a plugin) or not enabled. */
  problem: z.string().nullable(),
  /** A third-party file's SHA-256 (hex), to compare with the one its vendor states. */
  sha256: z.string().nullable(),
  /** Whether the 项目负责人 enabled this file (by name and SHA-256); built-ins always are. */
  enabled: z.boolean(),
});
export type ReaderPluginView = z.infer<typeof readerPluginSchema>;

export const readerConfigSchema = z.object({
  /** The chosen plugin, or null before a manager chose one. */
  pluginId: z.string().nullable(),
  /** Every plugin's settings (saved ones, or its defaults), so switching loses nothing. */
  settings: z.record(z.string(), readerSettingsSchema),
});
export type ReaderConfig = z.infer<typeof readerConfigSchema>;

// ---- one read ----

export const readerErrorCodes = [
  'NO_CARD', 'REPLACE_CARD', 'NOT_CONNECTED', 'LIBRARY', 'TIMEOUT', 'PROTOCOL', 'DEVICE', 'CARD_DATA', 'CONFIG', 'PLUGIN',
] as const;

export const cardChecksSchema = z.object({
  /** GB 11643 check of the number; null where the card's number does not follow it. */
  idNumberValid: z.boolean().nullable(),
  birthDateMatches: z.boolean().nullable(),
  sexMatches: z.boolean().nullable(),
  expired: z.boolean(),
  notYetValid: z.boolean(),
  /** Disagreements that make the card unusable for a form, in Chinese. */
  problems: z.array(z.string()),
  /** Flags a user must see (an expired card), in Chinese. */
  warnings: z.array(z.string()),
});
export type CardChecks = z.infer<typeof cardChecksSchema>;

export const cardPhotoSchema = z.object({
  /** wlt: the card's compressed photo, which only a vendor's decoder turns into an image. */
  format: z.enum(['wlt', 'jpeg', 'png', 'bmp', 'unknown']),
  base64: z.string(),
});

export const readResultSchema = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    card: idCardSchema,
    photo: cardPhotoSchema.nullable(),
    checks: cardChecksSchema,
    pluginId: z.string(),
    pluginName: z.string(),
    elapsedMs: z.number(),
  }),
  z.object({
    ok: z.literal(false),
    /** A reader error, or CHECK: the card was read but its number disagrees with it. */
    code: z.enum([...readerErrorCodes, 'CHECK']),
    message: z.string(),
    pluginId: z.string().nullable(),
    pluginName: z.string().nullable(),
    elapsedMs: z.number(),
    card: idCardSchema.nullable(),
    checks: cardChecksSchema.nullable(),
  }),
]);
export type ReadResult = z.infer<typeof readResultSchema>;

export const idcardCommands = {
  'idcard.plugins': command({ access: 'project', input: empty, output: z.array(readerPluginSchema) }),
  'idcard.getConfig': command({ access: 'project', input: empty, output: readerConfigSchema }),
  'idcard.saveConfig': command({
    access: 'project',
    roles: ['manager'],
    input: z.object({ pluginId: z.string().min(1, '请选择读卡方式').max(200), settings: readerSettingsSchema }).strict(),
    output: readerConfigSchema,
  }),
  /** 测试读卡: with the saved settings, or with the ones on the form before they are saved. */
  'idcard.test': command({
    access: 'project',
    roles: ['manager'],
    input: z.object({ pluginId: z.string().min(1).max(200).optional(), settings: readerSettingsSchema.optional() }).strict(),
    output: readResultSchema,
  }),
  /** 读身份证 on a person form. */
  'idcard.read': command({ access: 'project', input: empty, output: readResultSchema }),
  /** 启用 a file in <data folder>/plugins, by its name and the SHA-256 the 项目负责人 checked. */
  'idcard.enablePlugin': command({
    access: 'project',
    roles: ['manager'],
    input: z.object({ file: z.string().min(1).max(200).regex(/^[^\\/]+\.c?js$/i, '插件文件名无效'), sha256: z.string().trim().toLowerCase().regex(/^[0-9a-f]{64}$/, 'SHA-256 应为64位十六进制数') }).strict(),
    output: z.array(readerPluginSchema),
  }),
  /** 停用: the file is not run any more (from the next read on). */
  'idcard.disablePlugin': command({
    access: 'project',
    roles: ['manager'],
    input: z.object({ file: z.string().min(1).max(200) }).strict(),
    output: z.array(readerPluginSchema),
  }),
} as const satisfies Record<string, ReturnType<typeof command>>;
