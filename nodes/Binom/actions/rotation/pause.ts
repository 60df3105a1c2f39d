import { rotationOperation } from './common';

export const pause = rotationOperation('pause');
