/**
 * Differential test, part 2 (differential.ts says how): small random
 * clusters dense in attack paths (random-cluster.ts), seeds 1 to 85.
 */

import { describeRandomClusters } from './differential.ts';

describeRandomClusters(1, 85, 2679);
