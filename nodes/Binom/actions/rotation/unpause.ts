import { rotationOperation } from './common';

export const unpause = rotationOperation('unpause');
