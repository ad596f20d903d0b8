// API commands of 参建各方 (services/parties/): the project's parties and the dates of its 监理月报,
// the 监理 and 建设单位 accounts, appointments to the positions whose holders sign (with the
// 见证人's 授权书), who holds a position, and the files of the site modules' records.
// Nothing here imports a value from contract.ts (see contract-reports.ts for why).
import { z } from 'zod';
import { command } from './command';
import { partyRoles, positionCodes, projectRoles } from './parties/positions';
import { generatedFileSchema, idField, idNumberField, mobilePhoneField, optionalText, passwordField, personNameField, siteDateInput, storedFileOutput, textField, uploadedFileInput } from './schemas';

const position = z.enum(positionCodes, { message: '请选择岗位' });

export const partiesProfileSchema = z.object({
  constructionName: z.string(),
  ownerName: z.string(),
  supervisorName: z.string(),
  surveyName: z.string(),
  designName: z.string(),
  filedOn: z.string().nullable(),
  completedOn: z.string().nullable(),
});
export type PartiesProfile = z.infer<typeof partiesProfileSchema>;

export const partyAccountSchema = z.object({
  id: z.string(),
  name: z.string(),
  idNumberMasked: z.string(),
  phone: z.string(),
  role: z.enum(partyRoles),
  roleLabel: z.string(),
  disabled: z.boolean(),
  createdAt: z.string(),
});
export type PartyAccount = z.infer<typeof partyAccountSchema>;

export const appointmentSchema = z.object({
  id: z.string(),
  position,
  positionLabel: z.string(),
  name: z.string(),
  organization: z.string(),
  phone: z.string(),
  userId: z.string().nullable(),
  /** An external person (勘察 / 设计) without an account, whose signature an account records. */
  external: z.boolean(),
  validFrom: z.string(),
  revokedOn: z.string().nullable(),
  revokedReason: z.string().nullable(),
  /** The 见证人's 授权书. */
  authorization: storedFileOutput.nullable(),
});
export type AppointmentView = z.infer<typeof appointmentSchema>;

/** Someone who may sign in a position today: a holder by role or appointment, or an external person. */
export const holderSchema = z.object({
  position,
  positionLabel: z.string(),
  name: z.string(),
  organization: z.string(),
  userId: z.string().nullable(),
  appointmentId: z.string().nullable(),
});
export type Holder = z.infer<typeof holderSchema>;

export const signatureViewSchema = z.object({
  id: z.string(),
  position,
  positionLabel: z.string(),
  signerName: z.string(),
  signedOn: z.string(),
  verdict: z.string(),
  opinion: z.string(),
  /** Recorded by another account (an external person's signature on paper). */
  recordedByName: z.string(),
  external: z.boolean(),
});
export type SignatureView = z.infer<typeof signatureViewSchema>;

/** A signature a record still waits for, and whether the caller may give it. */
export const pendingSignatureSchema = z.object({ position, positionLabel: z.string(), mine: z.boolean(), external: z.boolean() });
export type PendingSignature = z.infer<typeof pendingSignatureSchema>;

export const partiesViewSchema = z.object({
  profile: partiesProfileSchema,
  accounts: z.array(partyAccountSchema),
  appointments: z.array(appointmentSchema),
  /** What the caller holds now. */
  mine: z.array(holderSchema),
});
export type PartiesView = z.infer<typeof partiesViewSchema>;

const authorizationFile = uploadedFileInput(['application/pdf', 'image/jpeg', 'image/png'] as const, '授权书只能是 pdf、jpg 或 png 文件');

export const partiesCommands = {
  'parties.view': command({ access: 'project', roles: projectRoles, input: z.object({}).strict(), output: partiesViewSchema }),
  'parties.saveProfile': command({
    access: 'project',
    roles: ['manager', 'chief_supervisor'],
    input: z.object({
      ownerName: textField('建设单位', 200),
      supervisorName: textField('监理单位', 200),
      surveyName: optionalText('勘察单位', 200).default(''),
      designName: optionalText('设计单位', 200).default(''),
      filedOn: siteDateInput.nullable(),
      completedOn: siteDateInput.nullable(),
    }).strict(),
    output: partiesProfileSchema,
  }),
  /** An account of the 监理 or the 建设单位 on this project (the 总监 may create those of the 监理's staff). */
  'parties.createAccount': command({
    access: 'project',
    roles: ['manager', 'chief_supervisor'],
    input: z.object({ role: z.enum(partyRoles, { message: '请选择岗位' }), idNumber: idNumberField, name: personNameField, phone: mobilePhoneField, password: passwordField }).strict(),
    output: partyAccountSchema,
  }),
  'parties.setAccountDisabled': command({ access: 'project', roles: ['manager', 'chief_supervisor'], input: z.object({ userId: idField, disabled: z.boolean() }).strict(), output: partyAccountSchema }),
  /** Appoints an account (or, for 勘察 / 设计, an external person) to a position; a 见证人 with the 授权书. */
  'parties.appoint': command({
    access: 'project',
    roles: ['manager', 'chief_supervisor'],
    upload: true,
    input: z.object({
      position,
      userId: idField.nullable().default(null),
      /** An external person: name, 单位 and phone. */
      external: z.object({ name: personNameField, organization: textField('单位名称', 200), phone: z.string().trim().max(30, '电话号码过长') }).strict().nullable().default(null),
      validFrom: siteDateInput,
      authorization: authorizationFile.nullable().default(null),
    }).strict(),
    output: appointmentSchema,
  }),
  'parties.revoke': command({ access: 'project', roles: ['manager', 'chief_supervisor'], input: z.object({ id: idField, revokedOn: siteDateInput, reason: textField('撤销原因', 200) }).strict(), output: appointmentSchema }),
  /** Who may sign in a position on a date (for the pickers of 取样人, 见证人, 勘察 and 设计). */
  'parties.holders': command({ access: 'project', roles: projectRoles, input: z.object({ position, on: siteDateInput }).strict(), output: z.array(holderSchema) }),
  /** A file of a site-module record (授权书, delivery documents, a test report, a lot's documents, a reply's photos). */
  'parties.file': command({ access: 'project', roles: projectRoles, input: z.object({ id: idField }).strict(), output: generatedFileSchema }),
} as const satisfies Record<string, ReturnType<typeof command>>;
