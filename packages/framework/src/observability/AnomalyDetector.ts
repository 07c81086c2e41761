/**
 * A streaming anomaly detector: an exponentially weighted mean and variance of normal
 * samples (the baseline), and a sample is anomalous when it lies `zScore` deviations
 * away and at least `minChange` from the mean. The floor matters: a baseline that never
 * moved (no rejections so far) has no deviation, and any sample would be infinitely far.
 *
 * One episode raises one report. Anomalous samples do not teach the baseline, so a
 * spike cannot make itself normal; the episode ends after `calm` normal samples in a row.
 * @module
 */

export type Direction = 'up' | 'down' | 'both';

export interface DetectorOptions {
  readonly zScore: number;
  /** Samples learnt before any judgement. */
  readonly warmup: number;
  /** Samples after which a sample's weight in the baseline has halved. */
  readonly halfLife: number;
  /** Smallest distance from the mean that can be anomalous, in the sample's unit. */
  readonly minChange: number;
  /** Which side of the baseline counts. */
  readonly direction: Direction;
  /** Normal samples in a row that end an episode; default 3. */
  readonly calm?: number;
}

/** What an anomalous sample looked like against its baseline. */
export interface Anomaly {
  readonly value: number;
  /** The baseline mean. */
  readonly baseline: number;
  /** The baseline's standard deviation. */
  readonly deviation: number;
  /** (value − baseline) / deviation; ±Infinity when the baseline never varied. */
  readonly z: number;
}

export class AnomalyDetector {
  private readonly alpha: number;
  private mean = 0;
  private variance = 0;
  private samples = 0;
  private inEpisode = false;
  private calmRun = 0;

  constructor(private readonly options: DetectorOptions) {
    this.alpha = 1 - 0.5 ** (1 / options.halfLife);
  }

  /** Whether the last samples belong to an anomalous episode. */
  get anomalous(): boolean {
    return this.inEpisode;
  }

  get baseline(): { readonly mean: number; readonly deviation: number; readonly samples: number } {
    return { mean: this.mean, deviation: Math.sqrt(this.variance), samples: this.samples };
  }

  /**
   * Takes a sample; returns the anomaly when it starts an episode, else undefined.
   * `minChange` overrides the option for a floor that moves (a percent of equity).
   */
  observe(value: number, minChange = this.options.minChange): Anomaly | undefined {
    if (!Number.isFinite(value)) return undefined;
    const deviation = Math.sqrt(this.variance);
    const distance = value - this.mean;
    const sideways =
      this.options.direction === 'both'
        ? Math.abs(distance)
        : this.options.direction === 'up'
          ? distance
          : -distance;
    const z =
      deviation > 0 ? distance / deviation : distance === 0 ? 0 : Math.sign(distance) * Infinity;
    const judged = this.samples >= this.options.warmup;
    const outlying =
      judged && sideways >= minChange && sideways > 0 && Math.abs(z) >= this.options.zScore;
    if (outlying) {
      this.calmRun = 0;
      if (this.inEpisode) return undefined;
      this.inEpisode = true;
      return { value, baseline: this.mean, deviation, z };
    }
    if (this.inEpisode) {
      this.calmRun += 1;
      if (this.calmRun < (this.options.calm ?? 3)) return undefined;
      this.inEpisode = false;
      this.calmRun = 0;
    }
    this.learn(value);
    return undefined;
  }

  private learn(value: number): void {
    this.samples += 1;
    if (this.samples === 1) {
      this.mean = value;
      return;
    }
    // West's incremental EWMA variance.
    const delta = value - this.mean;
    this.mean += this.alpha * delta;
    this.variance = (1 - this.alpha) * (this.variance + this.alpha * delta * delta);
  }
}
