/**
 * The analysis result as the viewer needs it: a large cluster has tens of
 * thousands of findings, so they are capped (on attack paths first, the
 * engine's order) and their total kept.
 */

import type { AnalysisResult } from '@chokepoint/engine';
import type { ViewerResult } from '@chokepoint/viewer-api';

export const FINDINGS_SENT = 200;

export function slimResult(result: AnalysisResult): ViewerResult {
  if (result.findings.length <= FINDINGS_SENT) return result;
  return {
    ...result,
    findings: result.findings.slice(0, FINDINGS_SENT),
    findingsTotal: result.findings.length,
  };
}
