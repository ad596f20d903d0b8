// Public API of the ID card codecs: the 民族 table, the 256-byte text block and the SAM serial
// frames. Pure TypeScript, shared by the main process, the CLI, the simulator and the renderer.

export { NATIONS, nationName, nationCodeOf, normalizeNationCode, isNationCode, type NationCode } from './nations'

export {
  CARD_TEXT_LENGTH,
  VALID_FOREVER,
  parseCardText,
  encodeCardText,
  compactDateToIso,
  type CardType,
  type Sex,
  type IdCard,
  type ResidentCard,
  type HkMoTwCard,
  type Foreigner2017Card,
  type Foreigner2023Card,
  type CardParseErrorCode,
  type CardParseError,
  type CardParseResult,
} from './textblock'

export {
  FRAME_HEADER,
  MAX_FRAME_LENGTH,
  CARD_PHOTO_LENGTH,
  FIND_CARD,
  SELECT_CARD,
  READ_BASE,
  RESET_SAM,
  READ_SAM_ID,
  SAM_COMMANDS,
  SAM_STATUS,
  statusMessage,
  xorChecksum,
  buildFrame,
  buildResponseFrame,
  buildReadResponseFrame,
  FrameDecoder,
  CommandDecoder,
  isCommand,
  parseReadResponse,
  decodeResponseFile,
  type SamCommand,
  type SamFrame,
  type FrameErrorCode,
  type FrameError,
  type DecodedFrame,
  type DecodedCommand,
  type FrameDecoderOptions,
  type ResponseErrorCode,
  type ResponseError,
  type ReadResponseResult,
  type ResponseFileResult,
} from './samframe'

export {
  RESIDENT_ZHANG,
  RESIDENT_WANG,
  RESIDENT_LI,
  PERMIT_CHAN,
  FOREIGNER_2017_SMITH,
  FOREIGNER_2023_RODRIGUEZ,
  SAMPLE_CARDS,
  samplePhoto,
} from './samples'
