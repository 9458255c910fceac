export { type CaptureTime, captureTime } from './capture-time';
export { type ChatVerdictEvidence, chatEvidenceDocument } from './chat-evidence';
export { CROP_MARGIN_CSS, type CropPlan, planCrop } from './crop';
export type { EvidenceDocument, EvidenceImage, EvidenceSection } from './document';
export { buildEvidencePackage, type EvidencePackage, type PackageFile, packFiles } from './evidence-package';
export {
  channelLines,
  commonSections,
  contactLine,
  type EvidenceContext,
  type MessageEvidence,
  messageEvidenceDocument,
} from './message-evidence';
export { escapeHtml, renderEvidenceHtml } from './render-html';
export { renderEvidenceText } from './render-text';
export { sha256Hex, sha256Sums } from './sha256sums';
