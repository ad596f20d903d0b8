// What every service receives: the store, the clock and the data folder. Services know nothing of
// Electron or HTTP; the caller (who is signed in, in which project) comes from the api layer.
import type Database from 'better-sqlite3';
import type { Db, OpenedStore } from '../../db/open';
import type { Role } from '../common/codes';
import { FileStore } from './files';
import { FileSecretStore, type SecretStore } from './security/secret-store';
import { PASSWORD_COST, type ScryptCost } from './password';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export interface Services {
  /** The connection; replaced in place when a backup is restored (see backups.ts). */
  db: Db;
  sqlite: Database.Database;
  dataDir: string;
  clock: Clock;
  files: FileStore;
  /** better-sqlite3 built for Electron, when running there: a reopened connection needs it too. */
  nativeBinding?: string;
  /** Keys and other secrets, kept outside the database and its backups (security/secret-store.ts). */
  secrets: SecretStore;
  /** The scrypt cost of new password hashes: PASSWORD_COST (N = 2^17) everywhere but the unit tests. */
  passwordCost: ScryptCost;
}

export function createServices(store: OpenedStore, clock: Clock = systemClock, nativeBinding?: string, secrets?: SecretStore, passwordCost: ScryptCost = PASSWORD_COST): Services {
  return {
    db: store.db, sqlite: store.sqlite, dataDir: store.dataDir, clock, files: new FileStore(store.dataDir), nativeBinding,
    secrets: secrets ?? new FileSecretStore(store.dataDir),
    passwordCost,
  };
}

/** The signed-in account behind a call, resolved from its session. */
export interface Actor {
  userId: string;
  role: Role;
  name: string;
  idNumber: string;
  projectId: string | null;
  /** 实名制权限: an operator without it may sign in but not work on a project's people. */
  realNamePermission: boolean;
  tokenHash: string;
}

/** An actor who has entered a project. */
export interface ProjectActor extends Actor {
  projectId: string;
}

export function isoNow(clock: Clock): string {
  return clock.now().toISOString();
}
