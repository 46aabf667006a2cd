/**
 * Differential test, part 3 (differential.ts says how): small random
 * clusters dense in attack paths (random-cluster.ts), seeds 86 to 170.
 */

import { describeRandomClusters } from './differential.ts';

describeRandomClusters(86, 170, 3192);
