/**
 * Progress of the engine's long work, reported through an optional callback
 * in the build and analysis options. The engine stays pure: it only counts;
 * the caller owns the clock, the heap figures and the terminal.
 */

export type EnginePhase =
  'graph' | 'paths' | 'chokepoints' | 'plan' | 'findings';

export interface EngineProgress {
  readonly phase: EnginePhase;
  /**
   * Units of the phase done: rules run (graph), candidate fixes measured
   * (chokepoints), sets of fixes measured of the most the plan may measure
   * (plan); 0 of 1 for the others. A phase
   * starts with `done: 0`.
   */
  readonly done: number;
  readonly total: number;
}

export type OnProgress = (progress: EngineProgress) => void;
