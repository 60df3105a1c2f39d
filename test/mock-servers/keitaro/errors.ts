/**
 * Errors of the Keitaro mock's grid engine (report/build, clicks/log, conversions/log): answered
 * 400 `{"error": "..."}` (docs §1.2, [SRC9] messages such as "Incorrect order X").
 */
export class GridError extends Error {}
