export declare const ACTIVATION_TEST: string;
export interface ActivationMeasurement {
  samplesMs: number[];
  medianMs: number;
  minMs: number;
  maxMs: number;
}
export declare function measureActivation(opts?: { runs?: number; extension?: string; log?: (m: string) => void }): Promise<ActivationMeasurement>;
