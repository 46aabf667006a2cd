/**
 * Differential test, a sample of parts 2 and 3 (differential.ts says how):
 * the first random clusters of part 2, one whole cluster and one with the
 * bootstrap RBAC assumed each pair, in `npm test`. Every seed of parts 2
 * and 3 runs with `npm run test:differential` (docs/testing.md).
 */

import { describeRandomClusters } from './differential.ts';

describeRandomClusters(1, 6, 176);
