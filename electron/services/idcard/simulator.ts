// The reader simulator, for training and demos: each read gives the next sample card (resident
// cards, a 长期 card, an expired card, a residence permit, both foreigner cards). The card goes
// through the same 256-byte text block a real reader returns, so the parser is exercised too.
import { encodeCardText, samplePhoto, SAMPLE_CARDS } from '../../common/idcard';
import { cardFromText, delay, readerError, type OpenOutcome, type ReadOutcome, type ReaderPlugin, type ReaderSettings, type SettingField } from './plugin';

const settings: SettingField[] = [
  {
    key: 'mode',
    label: '模拟方式',
    type: 'select',
    default: 'cycle',
    options: [
      { value: 'cycle', label: '依次读出样例证件' },
      { value: 'no-card', label: '模拟未放证件' },
    ],
  },
  { key: 'delayMs', label: '读卡耗时(毫秒)', type: 'number', default: 400, min: 0, max: 5000, step: 100, help: '真实读卡器读一张证约需0.5至1秒' },
];

export function createSimulatorPlugin(): ReaderPlugin {
  let next = 0;
  let current: ReaderSettings | null = null;
  return {
    id: 'simulator',
    name: '模拟读卡器',
    version: '1.0.0',
    description: '不连接读卡器,依次读出样例证件,用于培训和演示。',
    settings,
    async open(values: ReaderSettings): Promise<OpenOutcome> {
      current = values;
      return { ok: true };
    },
    async read(): Promise<ReadOutcome> {
      const values = current ?? {};
      await delay(typeof values.delayMs === 'number' ? values.delayMs : 400);
      if (values.mode === 'no-card') return readerError('NO_CARD', '未找到身份证,请把证件放在读卡区(模拟)');
      const index = next % SAMPLE_CARDS.length;
      next += 1;
      const card = SAMPLE_CARDS[index]!;
      return cardFromText(encodeCardText(card), samplePhoto(index + 1));
    },
    async close(): Promise<void> {
      current = null;
    },
  };
}
