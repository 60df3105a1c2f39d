/**
 * The write guard every write operation passes first, per item: the project's shared safety API
 * (nodes/shared/safety). The router calls it for every `write: true` operation.
 */
export { SAMPLE_MARKER, assertWriteAllowed } from '../safety';
export type { WriteIntent as WriteWhat } from '../safety';
