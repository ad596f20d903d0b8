// The step rule of the rectification loop by source (common/rectification-steps.ts), as a refusal.
import { ApiError } from '../../common/errors';
import { roleLabels, type Role } from '../../common/codes';
import { rectificationSourceLabels } from '../../common/rectification-labels';
import { mayTakeStep, rectificationStepLabels, type RectificationStep } from '../../common/rectification-steps';

export function requireStep(sourceKind: string, step: RectificationStep, role: Role): void {
  if (!mayTakeStep(sourceKind, step, role)) {
    throw new ApiError('FORBIDDEN', `${roleLabels[role]}不能${rectificationStepLabels[step]}${rectificationSourceLabels[sourceKind] ?? ''}整改`);
  }
}
