/** The viewer's errors: stable codes, messages that say what was wrong and what to do. */
import { TwinbenchError } from '../../twin/index.ts';

export const VIEWER_ERROR_CODES = {
  BAD_SCENE: 'TB_ERR_VIEWER_BAD_SCENE',
  SCENE_NOT_FOUND: 'TB_ERR_VIEWER_SCENE_NOT_FOUND',
  API: 'TB_ERR_VIEWER_API',
} as const;

export type ViewerErrorCode = (typeof VIEWER_ERROR_CODES)[keyof typeof VIEWER_ERROR_CODES];

export class ViewerError extends TwinbenchError {
  declare readonly code: ViewerErrorCode;

  constructor(
    code: ViewerErrorCode,
    message: string,
    options: { cause?: unknown; statusCode?: number } = {},
  ) {
    super(code, message, options);
  }
}

/** A scene file that does not fit the schema; `issues` are `path: problem` lines. */
export class SceneError extends ViewerError {
  readonly issues: readonly string[];

  constructor(source: string, issues: readonly string[]) {
    super(
      VIEWER_ERROR_CODES.BAD_SCENE,
      `Invalid scene ${source} (${issues.length} problem${issues.length === 1 ? '' : 's'}); see docs/viewer.md#scene-files:\n  ${issues.join('\n  ')}`,
    );
    this.issues = issues;
  }
}
