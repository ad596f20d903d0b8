// Handlers of 上报 (electron/common/contract-platform.ts).
import type { platformCommands } from '../common/contract-platform';
import { ApiError } from '../common/errors';
import type { Handlers } from './handlers';
import { cancelUpload, platformRecords, platformStatus, startUploadAs } from '../services/platform/jobs';
import { retryRecord } from '../services/platform/queue';
import { platformSettings, savePlatformSettings } from '../services/platform/settings';
import { platformTables } from '../services/platform/codes';

platformTables(); // the code tables checked at start, not at the first upload

export const platformHandlers: Pick<Handlers, keyof typeof platformCommands> = {
  'platform.settings': ({ services, actor }) => platformSettings(services, actor.projectId),
  'platform.saveSettings': ({ services, actor }, input) => savePlatformSettings(services, actor.projectId, input),
  'platform.status': ({ services, actor }) => platformStatus(services, actor.projectId),
  'platform.records': ({ services, actor }, input) => platformRecords(services, actor.projectId, input),
  'platform.upload': ({ services, actor }) => startUploadAs(services, actor),
  'platform.cancel': ({ actor }) => cancelUpload(actor.projectId),
  'platform.retry': ({ services, actor }, input) => {
    if (!retryRecord(services, actor.projectId, input.recordId)) throw new ApiError('NOT_FOUND', '未找到该条未能上报的记录');
    return null;
  },
};
